/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-partition.h"

#include <algorithm>
#include <deque>
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
 * @return the tiers, by vertex (0 for machines)
 */
std::vector<uint32_t>
Tiers(const TopologyGraph& graph)
{
    std::vector<uint32_t> tier(boost::num_vertices(graph), NO_POD);
    std::deque<TopologyVertex> frontier;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].role != TopologyMachine::SWITCH)
        {
            tier[v] = 0;
            frontier.push_back(v);
        }
    }
    while (!frontier.empty())
    {
        TopologyVertex v = frontier.front();
        frontier.pop_front();
        for (TopologyVertex u : boost::make_iterator_range(boost::adjacent_vertices(v, graph)))
        {
            if (tier[u] == NO_POD)
            {
                tier[u] = tier[v] + 1;
                frontier.push_back(u);
            }
        }
    }
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
    // Components without the top tier, each named by its smallest machine name.
    std::vector<std::pair<std::string, std::vector<TopologyVertex>>> components;
    std::vector<bool> seen(boost::num_vertices(graph), false);
    for (TopologyVertex start : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (seen[start] || tier[start] == top)
        {
            continue;
        }
        components.emplace_back(graph[start].name, std::vector<TopologyVertex>());
        std::deque<TopologyVertex> frontier{start};
        seen[start] = true;
        while (!frontier.empty())
        {
            TopologyVertex v = frontier.front();
            frontier.pop_front();
            components.back().first = std::min(components.back().first, graph[v].name);
            components.back().second.push_back(v);
            for (TopologyVertex u : boost::make_iterator_range(boost::adjacent_vertices(v, graph)))
            {
                if (!seen[u] && tier[u] != top)
                {
                    seen[u] = true;
                    frontier.push_back(u);
                }
            }
        }
    }
    std::sort(components.begin(), components.end());
    for (uint32_t i = 0; i < components.size(); ++i)
    {
        for (TopologyVertex v : components[i].second)
        {
            pod[v] = i;
        }
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
