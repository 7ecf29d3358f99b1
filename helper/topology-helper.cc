/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-helper.h"

#include "ethernet-link-helper.h"
#include "partition-exchange.h"
#include "testbed-helper.h"
#include "topology-validator.h"

#include "ns3/boolean.h"
#include "ns3/bridge-helper.h"
#include "ns3/double.h"
#include "ns3/fabric-ecmp-routing.h"
#include "ns3/global-router-interface.h"
#include "ns3/host-route-fabric.h"
#include "ns3/hypervisor.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/topology-spanning-tree.h"
#include "ns3/uinteger.h"

#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyHelper");

namespace
{
/// Addresses on 10.0.0.0/16 for machines and VMs: at most this many.
constexpr size_t MAX_ADDRESSES = 65534;
/// Machines in a rack of a routed fabric: a /24 less the network, the router (.1) and
/// the broadcast address.
constexpr uint32_t MAX_RACK_MACHINES = 253;
/// Racks of a routed fabric: the /24s of 10.0.0.0/10.
constexpr uint32_t MAX_RACKS = 1 << 14;
/// Router-to-router links of a routed fabric: the /30s of 10.64.0.0/10.
constexpr size_t MAX_ROUTER_LINKS = 1 << 20;
} // namespace

TopologyHelper::TopologyHelper()
    : m_configureTcp(true),
      m_spanningTree(true)
{
    m_ecmp.SetTypeId(FabricEcmpRouting::GetTypeId());
}

void
TopologyHelper::SetEcmpAttribute(const std::string& name, const AttributeValue& value)
{
    m_ecmp.Set(name, value);
}

void
TopologyHelper::SetConfigureTcp(bool configure)
{
    m_configureTcp = configure;
}

void
TopologyHelper::SetGivenAttributes(const std::set<std::string>& given)
{
    m_given = given;
}

void
TopologyHelper::SetSpanningTree(bool spanningTree)
{
    m_spanningTree = spanningTree;
}

std::string
TopologyHelper::Install(const TopologyGraph& graph, Ptr<Testbed>& testbed) const
{
    testbed = nullptr;
    bool l3 = graph[boost::graph_bundle].layer == TopologyProperties::L3;
    std::string why = TopologyValidator::Validate(graph, m_spanningTree);
    if (why.empty() && !l3 && boost::num_vertices(graph) > MAX_ADDRESSES)
    {
        why = "more machines than 10.0.0.0/16 has addresses";
    }
    TopologyGraph active = SortTopology(graph); // one order whatever the source's
    if (why.empty() && l3)
    {
        why = CheckRacks(active);
    }
    if (!why.empty())
    {
        return why;
    }
    if (m_configureTcp)
    {
        TestbedHelper::ConfigureLinuxTcp(m_given);
    }

    // A routed fabric has no loops to break: its routers use every link.
    uint32_t blocked = m_spanningTree && !l3 ? TopologySpanningTree::Compute(active) : 0;
    NS_LOG_INFO(boost::num_edges(active) - blocked << " links active, " << blocked << " blocked");

    Build build;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
    {
        // Under ns-3's distributed simulator its partition's process simulates it.  Not
        // otherwise: one process computes global routes only for nodes of its own id.
        uint32_t systemId = PartitionExchange::IsEnabled() ? active[v].systemId : 0;
        build.nodes.Add(CreateObject<Node>(systemId));
    }
    build.ports.resize(boost::num_vertices(active));
    build.portPeers.resize(boost::num_vertices(active));
    build.peers.resize(boost::num_vertices(active));
    NodeContainer machines;
    NodeContainer routers;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
    {
        (active[v].role == TopologyMachine::SWITCH ? routers : machines).Add(build.nodes.Get(v));
    }
    int64_t stream = Testbed::FIRST_STREAM;
    // In a routed fabric the machines reach the rest through their rack's router (a
    // default route); only the routers take part in global routing.
    stream += TestbedHelper::InstallIpv4Stack(machines, stream, !l3);
    if (l3)
    {
        stream += TestbedHelper::InstallIpv4Stack(routers, stream);
    }

    // Router-to-router links: a /30 each on 10.64.0.0/10.
    Ipv4AddressHelper links("10.64.0.0", "255.255.255.252");
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(active)))
    {
        if (active[e].blocked)
        {
            continue;
        }
        NetDeviceContainer pair = InstallLink(active, e, build);
        if (l3 && active[boost::source(e, active)].role == TopologyMachine::SWITCH &&
            active[boost::target(e, active)].role == TopologyMachine::SWITCH)
        {
            links.Assign(pair);
            links.NewNetwork();
        }
    }
    if (l3)
    {
        testbed = InstallFabric(active, build, m_ecmp, stream);
    }
    else
    {
        for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
        {
            if (active[v].role == TopologyMachine::SWITCH)
            {
                BridgeHelper().Install(build.nodes.Get(v), build.ports[v]);
            }
        }
        Ipv4AddressHelper addresses("10.0.0.0", "255.255.0.0");
        testbed = InstallMachines(
            active,
            build,
            [&addresses](TopologyVertex) -> auto& { return addresses; });
        testbed->SetAddressAllocator(addresses);
    }

    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
    {
        if (active[v].role == TopologyMachine::SWITCH)
        {
            testbed->AddSwitch(active[v].name, build.nodes.Get(v));
        }
    }

    // The CSMA devices' back-off gets fixed streams too, after the stacks'.
    stream += build.csma.AssignStreams(build.csmaDevices, stream);
    testbed->SetNextStream(stream);
    return "";
}

std::string
TopologyHelper::CheckRacks(const TopologyGraph& graph)
{
    uint32_t racks = 0;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role != TopologyMachine::SWITCH)
        {
            continue;
        }
        uint32_t machines = 0;
        for (TopologyVertex u : boost::make_iterator_range(boost::adjacent_vertices(v, graph)))
        {
            machines += graph[u].role != TopologyMachine::SWITCH;
        }
        if (machines > MAX_RACK_MACHINES)
        {
            return "switch " + graph[v].name + " has " + std::to_string(machines) +
                   " machines: its rack's subnet (a /24) holds at most " +
                   std::to_string(MAX_RACK_MACHINES);
        }
        racks += machines > 0;
    }
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = boost::source(e, graph);
        TopologyVertex b = boost::target(e, graph);
        if (graph[a].role == TopologyMachine::SWITCH && graph[b].role == TopologyMachine::SWITCH &&
            graph[e].model == TopologyLink::CSMA)
        {
            // ns-3.37's GlobalRouteManager hands on one next hop past a shared (broadcast)
            // link that is not the router's own: a csma hop between routers would silently
            // collapse the equal-cost paths behind it to one.
            return "link " + graph[a].name + " -- " + graph[b].name +
                   ": ns-3's global routing loses the equal-cost paths behind a csma link "
                   "between two routers; build an l3 topology's router links full-duplex or "
                   "point-to-point";
        }
    }
    if (racks > MAX_RACKS)
    {
        return std::to_string(racks) + " racks: 10.0.0.0/10 holds at most " +
               std::to_string(MAX_RACKS) + " rack subnets";
    }
    if (boost::num_edges(graph) > MAX_ROUTER_LINKS)
    {
        return "more links than 10.64.0.0/10 has /30 subnets";
    }
    return "";
}

Ptr<Testbed>
TopologyHelper::InstallFabric(const TopologyGraph& graph,
                              Build& build,
                              const ObjectFactory& ecmp,
                              int64_t& stream)
{
    auto fabric = CreateObject<HostRouteFabric>();
    // Rack I (in the order of its router's name): 10.0.0.0/24 + I, its router at .1.
    std::map<TopologyVertex, Ipv4AddressHelper> racks;
    std::map<TopologyVertex, uint32_t> rackInterfaces;
    std::map<TopologyVertex, Ipv4Address> rackGateways;
    Ipv4AddressHelper gateways("10.0.0.0", "255.255.255.0");
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role != TopologyMachine::SWITCH)
        {
            continue;
        }
        Ptr<Node> router = build.nodes.Get(v);
        // Before global routing in the router's list (static 0, global -10): it forwards
        // over global routing's routes, choosing among equal-cost ones.
        Ptr<FabricEcmpRouting> forwarding = ecmp.Create<FabricEcmpRouting>();
        forwarding->SetGlobalRouting(router->GetObject<GlobalRouter>()->GetRoutingProtocol());
        DynamicCast<Ipv4ListRouting>(router->GetObject<Ipv4>()->GetRoutingProtocol())
            ->AddRoutingProtocol(forwarding, -5);
        stream += forwarding->AssignStreams(stream);
        NetDeviceContainer rackPorts;
        for (size_t i = 0; i < build.ports[v].GetN(); ++i)
        {
            if (graph[build.portPeers[v][i]].role != TopologyMachine::SWITCH)
            {
                rackPorts.Add(build.ports[v].Get(i));
            }
        }
        if (rackPorts.GetN() == 0)
        {
            continue;
        }
        // The rack's machines share one broadcast domain, the router's ports to them
        // bridged, the router's address on the bridge (a ToR's VLAN interface).
        Ptr<NetDevice> bridge = BridgeHelper().Install(router, rackPorts).Get(0);
        bridge->SetAddress(HostRouteFabric::GetGatewayMac());
        Ipv4Address gateway = gateways.Assign(NetDeviceContainer(bridge)).GetAddress(0);
        gateways.NewNetwork();
        Ipv4Mask rackMask("255.255.255.0");
        Ipv4Address network = gateway.CombineMask(rackMask);
        Ptr<Ipv4> ipv4 = router->GetObject<Ipv4>();
        uint32_t interface = ipv4->GetInterfaceForDevice(bridge);
        ipv4->AddAddress(
            interface,
            Ipv4InterfaceAddress(HostRouteFabric::GetGatewayAddress(), Ipv4Mask::GetOnes()));
        // ns-3.37's GlobalRouter leaves a bridged interface out of its LSAs (its
        // ProcessBridgedBroadcastLink is compiled out): the router announces its rack's
        // subnet as an external route instead, as a ToR announces its server subnet into
        // the fabric's BGP (RFC 7938).
        router->GetObject<GlobalRouter>()->InjectRoute(network, rackMask);
        rackInterfaces[v] = interface;
        rackGateways[v] = gateway;
        racks.emplace(v, Ipv4AddressHelper(network, "255.255.255.0", "0.0.0.2"));
        NS_LOG_INFO("rack of " << graph[v].name << ": " << network << "/24, gateway " << gateway);
    }
    auto rackOf = [&graph](TopologyVertex machine) {
        return boost::target(*boost::out_edges(machine, graph).first, graph);
    };
    Ptr<Testbed> testbed = InstallMachines(
        graph,
        build,
        [&racks, &rackOf ](TopologyVertex v) -> auto& { return racks.at(rackOf(v)); });
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role == TopologyMachine::SWITCH)
        {
            continue;
        }
        Ptr<Node> node = build.nodes.Get(v);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        uint32_t interface = ipv4->GetInterfaceForAddress(testbed->GetAddress(graph[v].name));
        TopologyVertex rack = rackOf(v);
        Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->SetDefaultRoute(rackGateways.at(rack),
                                                                          interface);
        if (graph[v].role == TopologyMachine::HOST)
        {
            fabric->AddRack(node, build.nodes.Get(rack), rackInterfaces.at(rack));
        }
    }
    testbed->SetFabric(fabric);
    // The VMs' addresses: a /32 each on 10.128.0.0/9, wherever they run.
    testbed->SetAddressAllocator(Ipv4AddressHelper("10.128.0.0", "255.128.0.0"));
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    FabricEcmpRouting::NotifyRoutesChanged();
    return testbed;
}

NetDeviceContainer
TopologyHelper::InstallLink(const TopologyGraph& graph, TopologyEdge e, Build& build)
{
    const TopologyLink& link = graph[e];
    TopologyVertex ends[] = {boost::source(e, graph), boost::target(e, graph)};
    NodeContainer nodes(build.nodes.Get(ends[0]), build.nodes.Get(ends[1]));
    NetDeviceContainer pair;
    switch (link.model)
    {
    case TopologyLink::CSMA:
        pair = EthernetLinkHelper::InstallCsma(build.csma, nodes, link.rate, link.delay);
        build.csmaDevices.Add(pair);
        break;
    case TopologyLink::FULL_DUPLEX:
        pair = EthernetLinkHelper::InstallFullDuplex(nodes.Get(0),
                                                     nodes.Get(1),
                                                     link.rate,
                                                     link.delay);
        if (graph[boost::graph_bundle].layer == TopologyProperties::L3 &&
            graph[ends[0]].role == TopologyMachine::SWITCH &&
            graph[ends[1]].role == TopologyMachine::SWITCH)
        {
            // Between two routers the link is a point-to-point link for global routing,
            // which finds equal-cost paths through those only (see TopologyValidator).
            for (uint32_t i = 0; i < 2; ++i)
            {
                pair.Get(i)->SetAttribute("PointToPointMode", BooleanValue(true));
            }
        }
        break;
    case TopologyLink::POINT_TO_POINT: {
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", DataRateValue(link.rate));
        p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
        pair = p2p.Install(nodes);
        break;
    }
    }
    bool betweenSwitches = graph[ends[0]].role == TopologyMachine::SWITCH &&
                           graph[ends[1]].role == TopologyMachine::SWITCH;
    for (int i : {0, 1})
    {
        bool atSwitch = graph[ends[i]].role == TopologyMachine::SWITCH;
        EthernetLinkHelper::SetTxQueue(pair.Get(i),
                                       atSwitch && !betweenSwitches ? TopologyLink::SWITCH_QUEUE
                                                                    : link.queue);
        build.ports[ends[i]].Add(pair.Get(i));
        build.portPeers[ends[i]].push_back(ends[1 - i]);
        build.peers[ends[i]] = pair.Get(1 - i);
    }
    return pair;
}

Ptr<Testbed>
TopologyHelper::InstallMachines(const TopologyGraph& graph,
                                Build& build,
                                const std::function<Ipv4AddressHelper&(TopologyVertex)>& subnet)
{
    Ptr<Testbed> testbed = CreateObject<Testbed>();
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        const TopologyMachine& spec = graph[v];
        if (spec.role == TopologyMachine::SWITCH)
        {
            continue;
        }
        Ptr<Hypervisor> hypervisor;
        if (spec.role == TopologyMachine::HOST)
        {
            hypervisor =
                TestbedHelper::CreateHypervisor(spec.name, spec.memoryMiB, spec.dom0MemoryMiB);
            hypervisor->SetAttribute("Cores", UintegerValue(spec.cores));
            hypervisor->SetAttribute("Speed", DoubleValue(spec.speed));
        }
        // A machine has one link: its NIC, and the switch's port if it goes to one.
        TopologyVertex peer = boost::target(*boost::out_edges(v, graph).first, graph);
        bool toSwitch = graph[peer].role == TopologyMachine::SWITCH;
        TestbedHelper::InstallMachine(testbed,
                                      subnet(v),
                                      spec.name,
                                      build.nodes.Get(v),
                                      build.ports[v].Get(0),
                                      toSwitch ? build.peers[v] : nullptr,
                                      hypervisor);
        testbed->SetPartition(spec.name, spec.systemId);
    }
    return testbed;
}

} // namespace ns3
