/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "hypervisor.h"

#include "split-driver-net-device.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Hypervisor");
NS_OBJECT_ENSURE_REGISTERED(Hypervisor);

namespace
{
/// Least core Speed: any above 0 (a core of speed 0 would never finish a job).
constexpr double MIN_SPEED = std::numeric_limits<double>::min();
} // namespace

TypeId
Hypervisor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Hypervisor")
                            .SetParent<Object>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<Hypervisor>()
                            .AddAttribute("Name",
                                          "Name of the host in records and messages.",
                                          StringValue("host"),
                                          MakeStringAccessor(&Hypervisor::m_name),
                                          MakeStringChecker())
                            .AddAttribute("MemoryMiB",
                                          "Physical memory of the host in MiB.",
                                          UintegerValue(2048),
                                          MakeUintegerAccessor(&Hypervisor::m_memoryMiB),
                                          MakeUintegerChecker<uint32_t>())
                            .AddAttribute("Dom0MemoryMiB",
                                          "Memory kept by Xen and dom0, not available to VMs.",
                                          UintegerValue(512),
                                          MakeUintegerAccessor(&Hypervisor::m_dom0MemoryMiB),
                                          MakeUintegerChecker<uint32_t>())
                            .AddAttribute("Cores",
                                          "Physical CPU cores of the host, shared by the busy "
                                          "vCPUs of dom0 and the VMs.  Read on first use of "
                                          "the CPU.",
                                          UintegerValue(1),
                                          MakeUintegerAccessor(&Hypervisor::m_cores),
                                          MakeUintegerChecker<uint32_t>(1))
                            .AddAttribute("Speed",
                                          "Speed of each core, relative to the reference core "
                                          "that CPU demands are given for.  Read on first "
                                          "use of the CPU.",
                                          DoubleValue(1.0),
                                          MakeDoubleAccessor(&Hypervisor::m_speed),
                                          MakeDoubleChecker<double>(MIN_SPEED))
                            .AddAttribute("Dom0Vcpus",
                                          "vCPUs of dom0, which runs the migration's page "
                                          "work and netback.  Read on first use of the CPU.",
                                          UintegerValue(1),
                                          MakeUintegerAccessor(&Hypervisor::m_dom0Vcpus),
                                          MakeUintegerChecker<uint32_t>(1))
                            .AddAttribute("NetbackTxCost",
                                          "dom0 CPU time (speed-1 core) netback spends on each "
                                          "packet a guest sends (0: free).  Read when a VM's "
                                          "NIC is plugged in.",
                                          TimeValue(Seconds(0)),
                                          MakeTimeAccessor(&Hypervisor::m_netbackTxCost),
                                          MakeTimeChecker(Seconds(0)))
                            .AddAttribute("NetbackRxCost",
                                          "dom0 CPU time (speed-1 core) netback spends on each "
                                          "packet a guest receives (0: free).  Read when a "
                                          "VM's NIC is plugged in.",
                                          TimeValue(Seconds(0)),
                                          MakeTimeAccessor(&Hypervisor::m_netbackRxCost),
                                          MakeTimeChecker(Seconds(0)));
    return tid;
}

Hypervisor::Hypervisor()
    : m_memoryMiB(2048),
      m_dom0MemoryMiB(512),
      m_cores(1),
      m_speed(1.0),
      m_dom0Vcpus(1),
      m_reservedMiB(0)
{
    NS_LOG_FUNCTION(this);
}

void
Hypervisor::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_vms.clear();
    m_vifs.clear();
    m_bridge = nullptr;
    m_dom0Cpu = nullptr;
    if (m_scheduler)
    {
        m_scheduler->Dispose();
        m_scheduler = nullptr;
    }
    Object::DoDispose();
}

std::string
Hypervisor::GetName() const
{
    return m_name;
}

Ptr<Node>
Hypervisor::GetNode() const
{
    return GetObject<Node>();
}

Ipv4Address
Hypervisor::GetAddress() const
{
    return m_address;
}

void
Hypervisor::SetAddress(Ipv4Address address)
{
    NS_LOG_FUNCTION(this << address);
    m_address = address;
}

Ptr<CreditScheduler>
Hypervisor::GetScheduler()
{
    if (!m_scheduler)
    {
        m_scheduler = CreateObject<CreditScheduler>();
        m_scheduler->SetAttribute("Cores", UintegerValue(m_cores));
        m_scheduler->SetAttribute("Speed", DoubleValue(m_speed));
    }
    return m_scheduler;
}

Ptr<ProcessorSharingCpu>
Hypervisor::GetDom0Cpu()
{
    if (!m_dom0Cpu)
    {
        m_dom0Cpu = CreateObject<ProcessorSharingCpu>();
        m_dom0Cpu->SetAttribute("Cores", UintegerValue(m_dom0Vcpus));
        GetScheduler()->Attach(m_dom0Cpu);
    }
    return m_dom0Cpu;
}

void
Hypervisor::SetBridge(Ptr<BridgeNetDevice> bridge)
{
    NS_LOG_FUNCTION(this << bridge);
    m_bridge = bridge;
}

void
Hypervisor::Plug(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_UNLESS(m_bridge, "host " << m_name << " has no bridge for VM NICs");
    Ptr<SimpleNetDevice> nic = vm->GetNic();
    NS_ABORT_MSG_UNLESS(nic, "VM " << vm->GetName() << " has no NIC");
    // The netfront and the vif, joined by netback (Xen's shared-memory rings), which
    // works on dom0's CPU for every packet.
    auto channel = CreateObject<NetbackChannel>();
    channel->SetAttribute("TxCostPerPacket", TimeValue(m_netbackTxCost));
    channel->SetAttribute("RxCostPerPacket", TimeValue(m_netbackRxCost));
    channel->SetDom0(GetDom0Cpu(), nic);
    auto vif = CreateObject<SplitDriverNetDevice>();
    vif->SetAddress(Mac48Address::Allocate());
    vif->SetMtu(nic->GetMtu());
    vif->SetChannel(channel);
    GetNode()->AddDevice(vif);
    nic->SetChannel(channel);
    m_bridge->AddBridgePort(vif);
    m_vifs[vm] = {vif, channel};
}

void
Hypervisor::Unplug(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    auto it = m_vifs.find(vm);
    NS_ABORT_MSG_IF(it == m_vifs.end(),
                    "VM " << vm->GetName() << " is not plugged into " << m_name);
    auto [vif, channel] = it->second;
    channel->BlackList(vm->GetNic(), vif);
    channel->BlackList(vif, vm->GetNic());
    channel->Cut();
    m_vifs.erase(it);
}

double
Hypervisor::GetFreeMemoryMiB() const
{
    double used = m_dom0MemoryMiB + m_reservedMiB;
    for (const auto& vm : m_vms)
    {
        used += vm->GetMemoryMiB();
    }
    return used >= m_memoryMiB ? 0 : m_memoryMiB - used;
}

void
Hypervisor::AddVm(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_IF(vm->GetMemoryMiB() > GetFreeMemoryMiB(),
                    "host " << m_name << " has " << GetFreeMemoryMiB() << " MiB free, VM "
                            << vm->GetName() << " needs " << vm->GetMemoryMiB() << " MiB");
    m_vms.push_back(vm);
    GetScheduler()->Attach(vm->GetCpu());
}

void
Hypervisor::RemoveVm(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    auto it = std::find(m_vms.begin(), m_vms.end(), vm);
    NS_ABORT_MSG_IF(it == m_vms.end(), "VM " << vm->GetName() << " is not on host " << m_name);
    m_vms.erase(it);
    if (GetScheduler()->IsAttached(vm->GetCpu()))
    {
        GetScheduler()->Detach(vm->GetCpu()); // removed while it ran here
    }
}

void
Hypervisor::Reserve(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_IF(vm->GetMemoryMiB() > GetFreeMemoryMiB(),
                    "host " << m_name << " cannot reserve " << vm->GetMemoryMiB() << " MiB for VM "
                            << vm->GetName());
    m_reservedMiB += vm->GetMemoryMiB();
}

void
Hypervisor::Suspend(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_UNLESS(Hosts(vm), "VM " << vm->GetName() << " is not on host " << m_name);
    Unplug(vm);
    vm->SetState(VirtualMachine::SUSPENDED);
    GetScheduler()->Detach(vm->GetCpu()); // a paused VM's vCPUs leave this host's cores
}

void
Hypervisor::Resume(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_IF(m_reservedMiB < vm->GetMemoryMiB(),
                    "VM " << vm->GetName() << " arrived at host " << m_name
                          << " without a reservation");
    m_reservedMiB -= vm->GetMemoryMiB();
    m_vms.push_back(vm);
    vm->SetHost(this);
    GetScheduler()->Attach(vm->GetCpu());
    Plug(vm);
    vm->SetState(VirtualMachine::RUNNING);
    if (vm->AnnouncesOnResume())
    {
        vm->Announce();
    }
}

void
Hypervisor::ResumeSuspended(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_UNLESS(Hosts(vm), "VM " << vm->GetName() << " is not on host " << m_name);
    GetScheduler()->Attach(vm->GetCpu());
    Plug(vm);
    vm->SetState(VirtualMachine::RUNNING);
}

void
Hypervisor::CancelReservation(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_IF(m_reservedMiB < vm->GetMemoryMiB(),
                    "host " << m_name << " holds no reservation for VM " << vm->GetName());
    m_reservedMiB -= vm->GetMemoryMiB();
}

const std::vector<Ptr<VirtualMachine>>&
Hypervisor::GetVms() const
{
    return m_vms;
}

bool
Hypervisor::Hosts(Ptr<VirtualMachine> vm) const
{
    return std::find(m_vms.begin(), m_vms.end(), vm) != m_vms.end();
}

} // namespace ns3
