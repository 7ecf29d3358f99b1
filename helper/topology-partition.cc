/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-partition.h"

#include <algorithm>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/pending/queue.hpp>
#include <functional>
#include <limits>
#include <vector>

namespace ns3
{

namespace
{

/// No pod: a switch of the top tier.
constexpr uint32_t NO_POD = std::numeric_limits<uint32_t>::max();

/**
 * @brief Every machine's tier: hops from the nearest machine that is not a switch.
 * @param graph a topology
 * @return the tiers, by vertex (0 for machines; NO_POD where no machine is reached)
 */
std::vector<uint32_t>
Tiers(const TopologyGraph& graph)
{
    std::vector<uint32_t> tier(boost::num_vertices(graph), NO_POD);
    std::vector<TopologyVertex> machines;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role != TopologyMachine::SWITCH)
        {
            tier[v] = 0;
            machines.push_back(v);
        }
    }
    // One search from all the machines at once: each switch's distance to the nearest.
    std::vector<boost::default_color_type> color(boost::num_vertices(graph));
    boost::queue<TopologyVertex> queue;
    auto recorder = boost::record_distances(tier.data(), boost::on_tree_edge());
    boost::breadth_first_search(graph,
                                machines.begin(),
                                machines.end(),
                                queue,
                                boost::make_bfs_visitor(recorder),
                                color.data());
    return tier;
}

/**
 * @brief The pods: what is left connected without the top tier's switches.
 * @param graph a topology
 * @return each vertex's pod, numbered in the order of the pods' first names (NO_POD for
 *         the top tier; all NO_POD when the topology has no switch)
 */
std::vector<uint32_t>
Pods(const TopologyGraph& graph)
{
    std::vector<uint32_t> tier = Tiers(graph);
    uint32_t top = 0;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role == TopologyMachine::SWITCH && tier[v] != NO_POD)
        {
            top = std::max(top, tier[v]);
        }
    }
    std::vector<uint32_t> pod(boost::num_vertices(graph), NO_POD);
    if (top == 0)
    {
        return pod;
    }
    // Components without the top tier, numbered in the order of their smallest names.
    std::function<bool(TopologyVertex)> belowTop = [&tier, top](TopologyVertex v) {
        return tier[v] != top;
    };
    boost::filtered_graph<TopologyGraph, boost::keep_all, std::function<bool(TopologyVertex)>>
        below(graph, boost::keep_all(), belowTop);
    std::vector<uint32_t> component(boost::num_vertices(graph), NO_POD);
    uint32_t count = boost::connected_components(below, component.data());
    std::vector<std::pair<std::string, uint32_t>> firstName(count);
    for (uint32_t c = 0; c < count; ++c)
    {
        firstName[c].second = c;
    }
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(below)))
    {
        std::string& first = firstName[component[v]].first;
        first = first.empty() ? graph[v].name : std::min(first, graph[v].name);
    }
    std::sort(firstName.begin(), firstName.end());
    std::vector<uint32_t> rank(count);
    for (uint32_t i = 0; i < count; ++i)
    {
        rank[firstName[i].second] = i;
    }
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(below)))
    {
        pod[v] = rank[component[v]];
    }
    return pod;
}

/**
 * @param pod each vertex's pod, as Pods numbers them
 * @return how many pods there are
 */
uint32_t
CountOf(const std::vector<uint32_t>& pod)
{
    uint32_t pods = 0;
    for (uint32_t p : pod)
    {
        pods = p == NO_POD ? pods : std::max(pods, p + 1);
    }
    return pods;
}

} // namespace

uint32_t
TopologyPartition::CountPods(const TopologyGraph& graph)
{
    return CountOf(Pods(graph));
}

std::string
TopologyPartition::ByPod(TopologyGraph& graph, uint32_t partitions)
{
    if (partitions == 0)
    {
        return "0 partitions: a simulation has at least one";
    }
    if (partitions == 1)
    {
        return "";
    }
    if (graph[boost::graph_bundle].layer != TopologyProperties::L3)
    {
        return "an l2 topology cannot be split into partitions: ns-3's MPI joins two "
               "processes by point-to-point links only, which cannot be a switch's bridged "
               "ports; build it l3";
    }
    std::vector<uint32_t> pod = Pods(graph);
    uint32_t pods = CountOf(pod);
    if (pods < partitions)
    {
        return std::to_string(partitions) + " partitions, but the topology has " +
               std::to_string(pods) +
               " pods (what stays connected without its top tier of "
               "switches)";
    }
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        graph[v].systemId = pod[v] == NO_POD ? 0 : uint32_t(uint64_t(pod[v]) * partitions / pods);
    }
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = boost::source(e, graph);
        TopologyVertex b = boost::target(e, graph);
        if (graph[a].systemId == graph[b].systemId)
        {
            continue;
        }
        if (graph[a].role != TopologyMachine::SWITCH || graph[b].role != TopologyMachine::SWITCH)
        {
            return "link " + graph[a].name + " -- " + graph[b].name +
                   " would join two partitions, but only a link between two routers can";
        }
        graph[e].model = TopologyLink::POINT_TO_POINT;
    }
    return "";
}

} // namespace ns3
