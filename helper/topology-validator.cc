/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-validator.h"

#include "ns3/log.h"

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <set>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyValidator");

namespace
{
/// @return "link a -- b"
std::string
LinkName(const TopologyGraph& graph, TopologyEdge e)
{
    return "link " + graph[boost::source(e, graph)].name + " -- " +
           graph[boost::target(e, graph)].name;
}

/// @return "role name", as errors name a machine
std::string
MachineName(const TopologyMachine& machine)
{
    return TopologyMachine::RoleName(machine.role) + " " + machine.name;
}
} // namespace

std::string
TopologyValidator::Validate(const TopologyGraph& graph, bool spanningTree)
{
    if (boost::num_vertices(graph) == 0)
    {
        return "no machines";
    }
    for (auto check : {&CheckNames, &CheckNics, &CheckLinks, &CheckHosts, &CheckConnected})
    {
        std::string why = check(graph);
        if (!why.empty())
        {
            return why;
        }
    }
    bool l2 = graph[boost::graph_bundle].layer == TopologyProperties::L2;
    return l2 && !spanningTree ? CheckLoopFree(graph) : "";
}

std::string
TopologyValidator::CheckNames(const TopologyGraph& graph)
{
    std::set<std::string> names;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].name.empty())
        {
            return "machine " + std::to_string(v) + " has no name";
        }
        if (!names.insert(graph[v].name).second)
        {
            return "two machines named " + graph[v].name;
        }
    }
    return "";
}

std::string
TopologyValidator::CheckNics(const TopologyGraph& graph)
{
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        size_t links = boost::out_degree(v, graph);
        if (graph[v].role == TopologyMachine::SWITCH || links == 1)
        {
            continue;
        }
        if (links == 0)
        {
            return MachineName(graph[v]) + " is not connected to the rest: it has no link";
        }
        return MachineName(graph[v]) + " has " + std::to_string(links) +
               " links: a machine that is not a switch has one NIC, one link";
    }
    return "";
}

std::string
TopologyValidator::CheckLinks(const TopologyGraph& graph)
{
    bool l2 = graph[boost::graph_bundle].layer == TopologyProperties::L2;
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = boost::source(e, graph);
        TopologyVertex b = boost::target(e, graph);
        if (a == b)
        {
            return LinkName(graph, e) + " joins a machine to itself";
        }
        auto bridged = [&graph](TopologyVertex v) {
            return graph[v].role == TopologyMachine::SWITCH ||
                   graph[v].role == TopologyMachine::HOST;
        };
        if (l2 && graph[e].model == TopologyLink::POINT_TO_POINT && (bridged(a) || bridged(b)))
        {
            return LinkName(graph, e) +
                   ": a point-to-point device cannot be a port of a bridge (a switch, a "
                   "host's xenbr0) in an l2 topology; use csma or full-duplex";
        }
        bool routerA = graph[a].role == TopologyMachine::SWITCH;
        bool routerB = graph[b].role == TopologyMachine::SWITCH;
        if (!l2 && !routerA && !routerB)
        {
            return LinkName(graph, e) +
                   " joins two machines: in an l3 topology a machine's link goes to a switch, "
                   "its rack's router";
        }
        if (!l2 && routerA != routerB && graph[e].model == TopologyLink::POINT_TO_POINT)
        {
            return LinkName(graph, e) +
                   ": a point-to-point device cannot be a port of a rack (a router bridges "
                   "its machines' ports) in an l3 topology; use csma or full-duplex";
        }
    }
    return "";
}

std::string
TopologyValidator::CheckHosts(const TopologyGraph& graph)
{
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        const TopologyMachine& m = graph[v];
        if (m.role == TopologyMachine::HOST && m.dom0MemoryMiB >= m.memoryMiB)
        {
            return MachineName(m) + ": dom0memory " + std::to_string(m.dom0MemoryMiB) +
                   " MiB leaves nothing of its memory " + std::to_string(m.memoryMiB) +
                   " MiB for VMs";
        }
    }
    return "";
}

std::string
TopologyValidator::CheckConnected(const TopologyGraph& graph)
{
    std::vector<size_t> component(boost::num_vertices(graph));
    size_t count = boost::connected_components(graph, component.data());
    // "The rest" is the largest part: the machines outside it are the ones named.
    std::vector<size_t> size(count, 0);
    for (size_t c : component)
    {
        ++size[c];
    }
    size_t rest = std::max_element(size.begin(), size.end()) - size.begin();
    TopologyVertex member = std::find(component.begin(), component.end(), rest) - component.begin();
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (component[v] != rest)
        {
            return MachineName(graph[v]) + " is not connected to the rest: no path to " +
                   graph[member].name;
        }
    }
    return "";
}

std::string
TopologyValidator::CheckLoopFree(const TopologyGraph& graph)
{
    // Union-find over the links in order: the first that joins two machines already
    // joined closes a loop.
    size_t n = boost::num_vertices(graph);
    std::vector<size_t> rank(n);
    std::vector<TopologyVertex> parent(n);
    boost::disjoint_sets<size_t*, TopologyVertex*> sets(rank.data(), parent.data());
    for (TopologyVertex v = 0; v < n; ++v)
    {
        sets.make_set(v);
    }
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = sets.find_set(boost::source(e, graph));
        TopologyVertex b = sets.find_set(boost::target(e, graph));
        if (a == b)
        {
            return LinkName(graph, e) +
                   " closes a loop in the l2 domain, and no spanning tree breaks it "
                   "(learning bridges would flood a broadcast round it forever)";
        }
        sets.link(a, b);
    }
    return "";
}

} // namespace ns3
