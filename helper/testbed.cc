/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "testbed.h"

#include "testbed-helper.h"

#include "ns3/abort.h"
#include "ns3/csma-net-device.h"
#include "ns3/ethernet-header.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/split-driver-net-device.h"
#include "ns3/trace-helper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Testbed");
NS_OBJECT_ENSURE_REGISTERED(Testbed);

TypeId
Testbed::GetTypeId()
{
    static TypeId tid = TypeId("ns3::Testbed").SetParent<Object>().SetGroupName("VmMigration");
    return tid;
}

void
Testbed::DoDispose()
{
    m_machines.clear();
    m_switches.clear();
    m_fabric = nullptr;
    Object::DoDispose();
}

void
Testbed::AddMachine(const std::string& name,
                    Ptr<Node> node,
                    Ipv4Address address,
                    Ptr<NetDevice> nic,
                    Ptr<NetDevice> switchPort)
{
    NS_ABORT_MSG_IF(m_machines.count(name), "testbed: two machines named " << name);
    m_machines[name] = Machine{node, address, nic, switchPort};
}

std::vector<std::string>
Testbed::GetMachineNames() const
{
    std::vector<std::string> names;
    for (const auto& [name, machine] : m_machines)
    {
        names.push_back(name);
    }
    return names;
}

namespace
{
/**
 * @brief Write a frame a device delivered to its node's promiscuous handlers, as the
 *        Ethernet frame it stands for.
 * @param file the capture
 * @param packet the frame's payload
 * @param protocol its EtherType
 * @param from its source
 * @param to its destination
 */
void
WriteFrame(Ptr<PcapFileWrapper> file,
           Ptr<NetDevice> /* device */,
           Ptr<const Packet> packet,
           uint16_t protocol,
           const Address& from,
           const Address& to,
           NetDevice::PacketType /* type */)
{
    EthernetHeader header(false);
    header.SetSource(Mac48Address::ConvertFrom(from));
    header.SetDestination(Mac48Address::ConvertFrom(to));
    header.SetLengthType(protocol);
    file->Write(Simulator::Now(), header, packet);
}
} // namespace

void
Testbed::EnablePcap(const std::string& folder)
{
    PcapHelper pcap;
    for (const auto& [name, machine] : m_machines)
    {
        NS_ABORT_MSG_UNLESS(machine.nic, "testbed: machine " << name << " has no NIC recorded");
        Ptr<PcapFileWrapper> file =
            pcap.CreateFile(folder + "/" + name + ".pcap", std::ios::out, PcapHelper::DLT_EN10MB);
        if (Ptr<CsmaNetDevice> csma = DynamicCast<CsmaNetDevice>(machine.nic))
        {
            pcap.HookDefaultSink<CsmaNetDevice>(csma, "PromiscSniffer", file);
            continue;
        }
        NS_ABORT_MSG_UNLESS(machine.switchPort,
                            "testbed: no switch port to capture what " << name << " sends");
        auto sink = MakeBoundCallback(&WriteFrame, file);
        machine.node->RegisterProtocolHandler(sink, 0, machine.nic, true);
        machine.switchPort->GetNode()->RegisterProtocolHandler(sink, 0, machine.switchPort, true);
    }
}

void
Testbed::SetAddressAllocator(const Ipv4AddressHelper& addresses)
{
    m_addresses = addresses;
}

void
Testbed::SetNextStream(int64_t stream)
{
    m_nextStream = stream;
}

const Testbed::Machine&
Testbed::Get(const std::string& name) const
{
    auto it = m_machines.find(name);
    NS_ABORT_MSG_IF(it == m_machines.end(), "testbed: no machine named " << name);
    return it->second;
}

Ptr<Node>
Testbed::GetNode(const std::string& name) const
{
    return Get(name).node;
}

Ipv4Address
Testbed::GetAddress(const std::string& name) const
{
    return Get(name).address;
}

Ptr<Hypervisor>
Testbed::FindHypervisor(const std::string& name) const
{
    auto it = m_machines.find(name);
    return it == m_machines.end() ? nullptr : it->second.node->GetObject<Hypervisor>();
}

Ptr<Hypervisor>
Testbed::GetHypervisor(const std::string& name) const
{
    Ptr<Hypervisor> hypervisor = Get(name).node->GetObject<Hypervisor>();
    NS_ABORT_MSG_UNLESS(hypervisor, "testbed: machine " << name << " is not a Xen host");
    return hypervisor;
}

void
Testbed::AddVm(const std::string& host, Ptr<VirtualMachine> vm)
{
    Ptr<Hypervisor> hypervisor = GetHypervisor(host);

    // The guest is simulated where its host is (ns-3's distributed simulator).
    Ptr<Node> guest = CreateObject<Node>(hypervisor->GetNode()->GetSystemId());
    // The guest's netfront.
    auto nic = CreateObject<SplitDriverNetDevice>();
    nic->SetAddress(Mac48Address::Allocate());
    nic->SetMtu(1500);
    guest->AddDevice(nic);
    m_nextStream += TestbedHelper::InstallIpv4Stack(NodeContainer(guest), m_nextStream, !m_fabric);
    Ipv4Address address;
    if (m_fabric)
    {
        address = m_addresses.NewAddress();
        HostRouteFabric::ConfigureGuest(guest, nic, address);
    }
    else
    {
        address = m_addresses.Assign(NetDeviceContainer(nic)).GetAddress(0);
    }
    NS_LOG_INFO("VM " << vm->GetName() << " on " << host << " at " << address);

    vm->SetNic(nic, address);
    hypervisor->Plug(vm);
    vm->Boot(hypervisor, guest);
    hypervisor->AddVm(vm);
    if (m_fabric)
    {
        m_fabric->AddVm(vm);
    }
}

void
Testbed::SetPartition(const std::string& name, uint32_t partition)
{
    Get(name); // stops with a message when unknown
    m_partitions[name] = partition;
}

uint32_t
Testbed::GetPartition(const std::string& name) const
{
    auto it = m_partitions.find(name);
    return it == m_partitions.end() ? 0 : it->second;
}

void
Testbed::AddSwitch(const std::string& name, Ptr<Node> node)
{
    NS_ABORT_MSG_IF(m_switches.count(name) || m_machines.count(name),
                    "testbed: two machines or switches named " << name);
    m_switches[name] = node;
}

Ptr<Node>
Testbed::GetSwitch(const std::string& name) const
{
    auto it = m_switches.find(name);
    NS_ABORT_MSG_IF(it == m_switches.end(), "testbed: no switch named " << name);
    return it->second;
}

void
Testbed::SetFabric(Ptr<HostRouteFabric> fabric)
{
    m_fabric = fabric;
}

Ptr<HostRouteFabric>
Testbed::GetFabric() const
{
    return m_fabric;
}

} // namespace ns3
