/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-route-fabric.h"

#include "fabric-ecmp-routing.h"
#include "hypervisor.h"

#include "ns3/abort.h"
#include "ns3/global-route-manager.h"
#include "ns3/global-router-interface.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HostRouteFabric");
NS_OBJECT_ENSURE_REGISTERED(HostRouteFabric);

namespace
{
/// A host route's mask.
const Ipv4Mask HOST_MASK = Ipv4Mask::GetOnes();

/**
 * @param node a node with an Ipv4 stack
 * @return its static routing (alone or in a list); stops when it has none
 */
Ptr<Ipv4StaticRouting>
GetStaticRouting(Ptr<Node> node)
{
    Ptr<Ipv4RoutingProtocol> protocol = node->GetObject<Ipv4>()->GetRoutingProtocol();
    if (Ptr<Ipv4StaticRouting> routing = DynamicCast<Ipv4StaticRouting>(protocol))
    {
        return routing;
    }
    if (Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(protocol))
    {
        for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
        {
            int16_t priority;
            if (Ptr<Ipv4StaticRouting> routing =
                    DynamicCast<Ipv4StaticRouting>(list->GetRoutingProtocol(i, priority)))
            {
                return routing;
            }
        }
    }
    NS_ABORT_MSG("node " << node->GetId() << " has no static routing");
    return nullptr;
}
} // namespace

TypeId
HostRouteFabric::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HostRouteFabric")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<HostRouteFabric>()
            .AddAttribute("ConvergenceTime",
                          "From a VM's resume in another rack to its host route being "
                          "announced there, every router's tables updated at once.  Read at "
                          "each resume.  Default: the upper end of the sub-second convergence "
                          "RFC 7938 (section 7) reports for BGP in large data centers.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&HostRouteFabric::m_convergenceTime),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

HostRouteFabric::HostRouteFabric()
    : m_convergenceTime(Seconds(1))
{
    NS_LOG_FUNCTION(this);
}

HostRouteFabric::~HostRouteFabric()
{
    NS_LOG_FUNCTION(this);
    DisconnectAll();
}

void
HostRouteFabric::DisconnectAll()
{
    for (auto& [vm, route] : m_routes)
    {
        route.pending.Cancel();
        vm->TraceDisconnectWithoutContext("State", route.sink);
    }
}

void
HostRouteFabric::DoDispose()
{
    NS_LOG_FUNCTION(this);
    DisconnectAll();
    m_recompute.Cancel();
    m_routes.clear();
    m_racks.clear();
    Object::DoDispose();
}

Ipv4Address
HostRouteFabric::GetGatewayAddress()
{
    // Link-local, as a gateway only its own link has to reach (RFC 3927).
    return Ipv4Address("169.254.1.1");
}

Mac48Address
HostRouteFabric::GetGatewayMac()
{
    return Mac48Address("00:00:5e:00:01:01");
}

void
HostRouteFabric::AddRack(Ptr<Node> host, Ptr<Node> router, uint32_t interface)
{
    NS_LOG_FUNCTION(this << host << router << interface);
    m_racks[host] = {router, interface};
}

void
HostRouteFabric::ConfigureGuest(Ptr<Node> guest, Ptr<NetDevice> nic, Ipv4Address address)
{
    NS_LOG_FUNCTION(guest << nic << address);
    Ptr<Ipv4> ipv4 = guest->GetObject<Ipv4>();
    NS_ABORT_MSG_UNLESS(ipv4, "a guest needs an Ipv4 stack");
    int32_t interface = ipv4->GetInterfaceForDevice(nic);
    if (interface < 0)
    {
        interface = ipv4->AddInterface(nic);
    }
    // A /32: no neighbour is on-link but the gateway, wherever the guest is.
    ipv4->AddAddress(interface, Ipv4InterfaceAddress(address, HOST_MASK));
    ipv4->SetUp(interface);
    GetStaticRouting(guest)->SetDefaultRoute(GetGatewayAddress(), interface);
}

const HostRouteFabric::Rack&
HostRouteFabric::GetRack(Ptr<Node> host) const
{
    auto it = m_racks.find(host);
    NS_ABORT_MSG_IF(it == m_racks.end(), "node " << host->GetId() << " is in no rack");
    return it->second;
}

void
HostRouteFabric::AddVm(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    NS_ABORT_MSG_UNLESS(vm->GetHost(), "VM " << vm->GetName() << " is on no host");
    NS_ABORT_MSG_IF(m_routes.count(vm), "VM " << vm->GetName() << " added twice");
    const Rack& rack = GetRack(vm->GetHost()->GetNode());
    Route& route = m_routes[vm];
    route.rack = rack;
    route.sink = MakeCallback(&HostRouteFabric::StateChanged, this).Bind(PeekPointer(vm));
    vm->TraceConnectWithoutContext("State", route.sink);
    SetRoute(rack, vm->GetAddress(), true);
    ScheduleRecompute();
}

Ptr<Node>
HostRouteFabric::GetAnnouncingRouter(Ptr<VirtualMachine> vm) const
{
    auto it = m_routes.find(vm);
    NS_ABORT_MSG_IF(it == m_routes.end(), "VM " << vm->GetName() << " has no host route");
    return it->second.rack.router;
}

void
HostRouteFabric::StateChanged(VirtualMachine* vm,
                              VirtualMachine::State /* oldState */,
                              VirtualMachine::State newState)
{
    if (newState != VirtualMachine::RUNNING)
    {
        return;
    }
    Route& route = m_routes.at(vm);
    const Rack& rack = GetRack(vm->GetHost()->GetNode());
    if (rack.router == route.rack.router && !route.pending.IsRunning())
    {
        return; // same rack: the guest's gratuitous ARP is all that changes
    }
    NS_LOG_INFO(vm->GetName() << " resumed in another rack; routes converge in "
                              << m_convergenceTime.As(Time::S));
    // The latest resume counts: a route announced, then withdrawn, converges as one change.
    route.pending.Cancel();
    route.pending = Simulator::Schedule(m_convergenceTime, &HostRouteFabric::Converge, this, vm);
}

void
HostRouteFabric::Converge(VirtualMachine* vm)
{
    NS_LOG_FUNCTION(this << vm);
    Route& route = m_routes.at(vm);
    const Rack& rack = GetRack(vm->GetHost()->GetNode());
    if (rack.router == route.rack.router)
    {
        return;
    }
    SetRoute(route.rack, vm->GetAddress(), false);
    SetRoute(rack, vm->GetAddress(), true);
    route.rack = rack;
    NS_LOG_INFO(vm->GetName() << "'s host route " << vm->GetAddress() << " now from node "
                              << rack.router->GetId());
    m_recompute.Cancel();
    Recompute();
}

void
HostRouteFabric::SetRoute(const Rack& rack, Ipv4Address address, bool announce)
{
    Ptr<GlobalRouter> router = rack.router->GetObject<GlobalRouter>();
    NS_ABORT_MSG_UNLESS(router, "node " << rack.router->GetId() << " is no global router");
    Ptr<Ipv4StaticRouting> routing = GetStaticRouting(rack.router);
    if (announce)
    {
        router->InjectRoute(address, HOST_MASK);
        routing->AddHostRouteTo(address, rack.interface);
        return;
    }
    router->WithdrawRoute(address, HOST_MASK);
    for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
    {
        Ipv4RoutingTableEntry entry = routing->GetRoute(i);
        if (entry.GetDest() == address && entry.IsHost())
        {
            routing->RemoveRoute(i);
        }
    }
}

void
HostRouteFabric::ScheduleRecompute()
{
    if (!m_recompute.IsRunning())
    {
        m_recompute = Simulator::ScheduleNow(&HostRouteFabric::Recompute, this);
    }
}

void
HostRouteFabric::Recompute()
{
    NS_LOG_FUNCTION(this);
    GlobalRouteManager::DeleteGlobalRoutes();
    GlobalRouteManager::BuildGlobalRoutingDatabase();
    GlobalRouteManager::InitializeRoutes();
    FabricEcmpRouting::NotifyRoutesChanged();
}

} // namespace ns3
