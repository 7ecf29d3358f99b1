/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-spanning-tree.h"

#include "ns3/log.h"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <limits>
#include <optional>
#include <set>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologySpanningTree");

uint64_t
TopologySpanningTree::PathCost(DataRate rate)
{
    constexpr uint64_t SCALE = 20000000000000; // 802.1D-2004: 20 Tb/s over the rate
    return std::clamp<uint64_t>(SCALE / std::max<uint64_t>(rate.GetBitRate(), 1), 1, 200000000);
}

std::pair<uint32_t, std::string>
TopologySpanningTree::BridgeId(const TopologyMachine& machine)
{
    return {machine.priority, machine.name};
}

uint32_t
TopologySpanningTree::Compute(TopologyGraph& graph)
{
    size_t n = boost::num_vertices(graph);
    std::optional<TopologyVertex> root;
    for (TopologyVertex v = 0; v < n; ++v)
    {
        bool lower = root && BridgeId(graph[v]) < BridgeId(graph[*root]);
        if (graph[v].role == TopologyMachine::SWITCH && (!root || lower))
        {
            root = v;
        }
    }
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        graph[e].blocked = false;
    }
    if (!root)
    {
        return 0; // no switch, no bridge loop
    }
    NS_LOG_INFO("root bridge " << graph[*root].name);

    // Each switch's root path cost.
    auto cost = boost::make_function_property_map<TopologyEdge, uint64_t>(
        [&graph](TopologyEdge e) { return PathCost(graph[e].rate); });
    std::vector<uint64_t> distance(n, std::numeric_limits<uint64_t>::max());
    boost::dijkstra_shortest_paths(graph,
                                   *root,
                                   boost::weight_map(cost).distance_map(distance.data()));

    // Each machine but the root keeps one port towards the root: the link on a least-cost
    // path whose far end has the lowest bridge ID (the first such link if parallel).
    std::set<const TopologyLink*> active; // a link's bundle identifies it
    for (TopologyVertex v = 0; v < n; ++v)
    {
        std::optional<TopologyEdge> best;
        for (TopologyEdge e : boost::make_iterator_range(boost::out_edges(v, graph)))
        {
            TopologyVertex u = boost::target(e, graph);
            bool reached = distance[u] != std::numeric_limits<uint64_t>::max();
            bool lower = !best || BridgeId(graph[u]) < BridgeId(graph[boost::target(*best, graph)]);
            if (v != *root && reached && distance[u] + cost[e] == distance[v] && lower)
            {
                best = e;
            }
        }
        if (best)
        {
            active.insert(&graph[*best]);
        }
    }
    uint32_t blocked = 0;
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        graph[e].blocked = !active.count(&graph[e]);
        blocked += graph[e].blocked ? 1 : 0;
        NS_LOG_INFO((graph[e].blocked ? "blocked " : "forwarding ")
                    << graph[boost::source(e, graph)].name << " -- "
                    << graph[boost::target(e, graph)].name);
    }
    return blocked;
}

} // namespace ns3
