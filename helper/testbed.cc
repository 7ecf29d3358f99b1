/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "testbed.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/log.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"

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
    Object::DoDispose();
}

void
Testbed::AddMachine(const std::string& name, Ptr<Node> node, Ipv4Address address)
{
    NS_ABORT_MSG_IF(m_machines.count(name), "testbed: two machines named " << name);
    m_machines[name] = Machine{node, address};
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

    Ptr<Node> guest = CreateObject<Node>();
    auto nic = CreateObject<SimpleNetDevice>();
    nic->SetAddress(Mac48Address::Allocate());
    nic->SetMtu(1500);
    guest->AddDevice(nic);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.Install(guest);
    m_nextStream += stack.AssignStreams(NodeContainer(guest), m_nextStream);
    Ipv4Address address = m_addresses.Assign(NetDeviceContainer(nic)).GetAddress(0);
    NS_LOG_INFO("VM " << vm->GetName() << " on " << host << " at " << address);

    vm->SetNic(nic, address);
    hypervisor->Plug(vm);
    vm->Boot(hypervisor, guest);
    hypervisor->AddVm(vm);
}

} // namespace ns3
