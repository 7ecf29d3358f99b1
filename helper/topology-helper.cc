/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-helper.h"

#include "ethernet-link-helper.h"
#include "testbed-helper.h"
#include "topology-validator.h"

#include "ns3/bridge-helper.h"
#include "ns3/double.h"
#include "ns3/hypervisor.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/topology-spanning-tree.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyHelper");

namespace
{
/// Addresses on 10.0.0.0/16 for machines and VMs: at most this many.
constexpr size_t MAX_ADDRESSES = 65534;
} // namespace

TopologyHelper::TopologyHelper()
    : m_configureTcp(true),
      m_spanningTree(true)
{
}

void
TopologyHelper::SetConfigureTcp(bool configure)
{
    m_configureTcp = configure;
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
    std::string why = TopologyValidator::Validate(graph, m_spanningTree);
    if (why.empty() && graph[boost::graph_bundle].layer == TopologyProperties::L3)
    {
        why = "layer l3 (routing, ECMP) is not built yet; give the topology layer l2";
    }
    if (why.empty() && boost::num_vertices(graph) > MAX_ADDRESSES)
    {
        why = "more machines than 10.0.0.0/16 has addresses";
    }
    if (!why.empty())
    {
        return why;
    }
    if (m_configureTcp)
    {
        TestbedHelper::ConfigureLinuxTcp();
    }

    TopologyGraph active = SortTopology(graph); // one order whatever the source's
    uint32_t blocked = m_spanningTree ? TopologySpanningTree::Compute(active) : 0;
    NS_LOG_INFO(boost::num_edges(active) - blocked << " links active, " << blocked << " blocked");

    Build build;
    build.nodes.Create(boost::num_vertices(active));
    build.ports.resize(boost::num_vertices(active));
    build.peers.resize(boost::num_vertices(active));
    NodeContainer machines;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
    {
        if (active[v].role != TopologyMachine::SWITCH)
        {
            machines.Add(build.nodes.Get(v));
        }
    }
    int64_t stream = Testbed::FIRST_STREAM;
    stream += TestbedHelper::InstallIpv4Stack(machines, stream);

    for (TopologyEdge e : boost::make_iterator_range(boost::edges(active)))
    {
        if (!active[e].blocked)
        {
            InstallLink(active, e, build);
        }
    }
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(active)))
    {
        if (active[v].role == TopologyMachine::SWITCH)
        {
            BridgeHelper().Install(build.nodes.Get(v), build.ports[v]);
        }
    }
    testbed = InstallMachines(active, build);

    // The CSMA devices' back-off gets fixed streams too, after the stacks'.
    stream += build.csma.AssignStreams(build.csmaDevices, stream);
    testbed->SetNextStream(stream);
    return "";
}

void
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
        build.peers[ends[i]] = pair.Get(1 - i);
    }
}

Ptr<Testbed>
TopologyHelper::InstallMachines(const TopologyGraph& graph, Build& build)
{
    Ptr<Testbed> testbed = CreateObject<Testbed>();
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.0.0");
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
                                      addresses,
                                      spec.name,
                                      build.nodes.Get(v),
                                      build.ports[v].Get(0),
                                      toSwitch ? build.peers[v] : nullptr,
                                      hypervisor);
    }
    testbed->SetAddressAllocator(addresses);
    return testbed;
}

} // namespace ns3
