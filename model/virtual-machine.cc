/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "virtual-machine.h"

#include "hypervisor.h"

#include "ns3/abort.h"
#include "ns3/arp-header.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VirtualMachine");
NS_OBJECT_ENSURE_REGISTERED(VirtualMachine);

TypeId
VirtualMachine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::VirtualMachine")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<VirtualMachine>()
            .AddAttribute("Name",
                          "Name of the VM in records and messages.",
                          StringValue("vm"),
                          MakeStringAccessor(&VirtualMachine::m_name),
                          MakeStringChecker())
            .AddAttribute("MemoryMiB",
                          "Memory of the VM in MiB (256 pages of 4 KiB each); a whole "
                          "number of pages, from one page to 8 TiB (MAX_MEMORY_MIB).",
                          DoubleValue(256),
                          MakeDoubleAccessor(&VirtualMachine::m_memoryMiB),
                          MakeDoubleChecker<double>(MIN_MEMORY_MIB, MAX_MEMORY_MIB))
            .AddAttribute("PopulatedFraction",
                          "Share of the VM's pages that are populated; the rest (ballooned "
                          "out, never allocated) travel as type markers without data.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&VirtualMachine::m_populatedFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("DeviceStateBytes",
                          "Bytes of vCPU context and device state sent after the last pages.",
                          UintegerValue(16384),
                          MakeUintegerAccessor(&VirtualMachine::m_deviceStateBytes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Announce",
                          "Whether the guest broadcasts a gratuitous ARP when it resumes on "
                          "another host, so that switches learn its new port.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&VirtualMachine::m_announce),
                          MakeBooleanChecker())
            .AddAttribute("Vcpus",
                          "Virtual CPUs of the guest: its jobs run on at most this many of "
                          "its host's cores at once.  Read at Boot.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&VirtualMachine::m_vcpus),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("LogDirtyFaultCost",
                          "CPU time (speed-1 core) the guest loses to each write fault of "
                          "Xen's log-dirty mode: its first write to a page after the dirty "
                          "log was cleaned (0: free).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&VirtualMachine::m_faultCost),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DirtyPageModel",
                          "How the guest writes its memory.",
                          PointerValue(),
                          MakePointerAccessor(&VirtualMachine::m_dirtyModel),
                          MakePointerChecker<DirtyPageModel>())
            .AddAttribute("BalloonDriver",
                          "The guest's balloon driver: the pages it holds are not sent.",
                          PointerValue(),
                          MakePointerAccessor(&VirtualMachine::m_balloon),
                          MakePointerChecker<BalloonDriver>())
            .AddTraceSource("State",
                            "The VM's life-cycle state.",
                            MakeTraceSourceAccessor(&VirtualMachine::m_state),
                            "ns3::VirtualMachine::StateTracedCallback");
    return tid;
}

VirtualMachine::VirtualMachine()
    : m_vcpus(1),
      m_memoryMiB(256),
      m_populatedFraction(1.0),
      m_deviceStateBytes(16384),
      m_memory(CreateObject<GuestMemory>()),
      m_dirtyModel(CreateObject<DirtyPageModel>()),
      m_balloon(CreateObject<BalloonDriver>()),
      m_announce(true),
      m_state(RUNNING)
{
    NS_LOG_FUNCTION(this);
}

void
VirtualMachine::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_memory = nullptr;
    if (m_dirtyModel)
    {
        m_dirtyModel->TraceDisconnectWithoutContext(
            "LogDirtyFaults",
            MakeCallback(&VirtualMachine::ChargeFaults, this));
    }
    m_dirtyModel = nullptr;
    if (m_balloon)
    {
        m_balloon->Dispose();
    }
    m_balloon = nullptr;
    m_cpu = nullptr;
    m_node = nullptr;
    m_host = nullptr;
    m_nic = nullptr;
    Object::DoDispose();
}

void
VirtualMachine::Boot(Ptr<Hypervisor> host, Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << host << node);
    m_host = host;
    m_node = node;
    // The VM is part of its node from now on: disposed with it when the simulation is
    // destroyed (NodeList disposes every node), which breaks the references between the
    // VM, its host and the devices and applications that know it.
    node->AggregateObject(this);
    double pages = m_memoryMiB * GuestMemory::PAGES_PER_MIB;
    // MemoryMiB's checker bounds it; a fraction of a page it cannot refuse.
    NS_ABORT_MSG_IF(pages != std::floor(pages),
                    "VM " << m_name << ": " << m_memoryMiB
                          << " MiB is not a whole number of 4 KiB pages");
    m_memory->Resize(static_cast<uint32_t>(pages));
    m_memory->SetPopulatedPrefix(static_cast<uint32_t>(std::llround(m_populatedFraction * pages)));
    m_cpu = CreateObject<ProcessorSharingCpu>();
    m_cpu->SetAttribute("Cores", UintegerValue(m_vcpus));
    m_dirtyModel->Attach(m_memory);
    m_dirtyModel->TraceConnectWithoutContext("LogDirtyFaults",
                                             MakeCallback(&VirtualMachine::ChargeFaults, this));
    m_dirtyModel->Resume();
    m_state = RUNNING;
    m_balloon->Start(m_memory, m_dirtyModel);
}

void
VirtualMachine::ChargeFaults(uint32_t faults)
{
    if (m_faultCost.IsStrictlyPositive() && faults > 0)
    {
        // Xen handles the fault on the faulting vCPU: the time is the guest's, shared
        // with its other work.
        m_cpu->Submit(faults * m_faultCost.GetSeconds(), Callback<void>());
    }
}

Ptr<ProcessorSharingCpu>
VirtualMachine::GetCpu() const
{
    NS_ABORT_MSG_UNLESS(m_cpu, "VM " << m_name << " has no vCPUs before it boots");
    return m_cpu;
}

std::string
VirtualMachine::GetName() const
{
    return m_name;
}

double
VirtualMachine::GetMemoryMiB() const
{
    return m_memoryMiB;
}

uint32_t
VirtualMachine::GetDeviceStateBytes() const
{
    return m_deviceStateBytes;
}

Ptr<GuestMemory>
VirtualMachine::GetMemory() const
{
    return m_memory;
}

Ptr<BalloonDriver>
VirtualMachine::GetBalloonDriver() const
{
    return m_balloon;
}

Ptr<DirtyPageModel>
VirtualMachine::GetDirtyPageModel() const
{
    return m_dirtyModel;
}

Ptr<Node>
VirtualMachine::GetNode() const
{
    return m_node;
}

Ptr<Hypervisor>
VirtualMachine::GetHost() const
{
    return m_host;
}

VirtualMachine::State
VirtualMachine::GetState() const
{
    return m_state;
}

void
VirtualMachine::SetState(State state)
{
    NS_LOG_FUNCTION(this << StateName(state));
    NS_LOG_INFO(m_name << ": " << StateName(m_state) << " -> " << StateName(state));
    bool runs = state == RUNNING || state == MIGRATING;
    m_balloon->SetRunning(state == RUNNING);
    if (runs)
    {
        m_dirtyModel->Resume();
        if (m_cpu)
        {
            m_cpu->Resume();
        }
    }
    else
    {
        m_dirtyModel->Pause();
        if (m_cpu)
        {
            m_cpu->Pause();
        }
    }
    m_state = state;
}

void
VirtualMachine::SetNic(Ptr<SimpleNetDevice> nic, Ipv4Address address)
{
    NS_LOG_FUNCTION(this << nic << address);
    m_nic = nic;
    m_address = address;
}

Ptr<SimpleNetDevice>
VirtualMachine::GetNic() const
{
    return m_nic;
}

Ipv4Address
VirtualMachine::GetAddress() const
{
    return m_address;
}

bool
VirtualMachine::AnnouncesOnResume() const
{
    return m_announce;
}

void
VirtualMachine::Announce()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_UNLESS(m_nic, "VM " << m_name << " has no NIC to announce itself on");
    ArpHeader arp;
    Mac48Address broadcast = Mac48Address::GetBroadcast();
    arp.SetReply(m_nic->GetAddress(), m_address, broadcast, m_address);
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(arp);
    m_nic->Send(packet, broadcast, ArpL3Protocol::PROT_NUMBER);
    NS_LOG_INFO(m_name << ": gratuitous ARP for " << m_address);
}

void
VirtualMachine::SetHost(Ptr<Hypervisor> host)
{
    NS_LOG_FUNCTION(this << host);
    m_host = host;
}

std::string
VirtualMachine::StateName(State state)
{
    switch (state)
    {
    case RUNNING:
        return "running";
    case MIGRATING:
        return "migrating";
    case SUSPENDED:
        return "suspended";
    case RESUMING:
        return "resuming";
    }
    return "unknown";
}

} // namespace ns3
