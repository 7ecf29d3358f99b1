/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-graph.h"

#include "ns3/log.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyGraph");

namespace
{
/**
 * @brief Find the value whose name is @p text in a table of (value, name).
 * @param table the values and their names
 * @param text a name
 * @return the value, or nothing
 */
template <typename T, size_t N>
std::optional<T>
Lookup(const std::pair<T, const char*> (&table)[N], const std::string& text)
{
    for (const auto& [value, name] : table)
    {
        if (text == name)
        {
            return value;
        }
    }
    return std::nullopt;
}

/// @copydoc Lookup
template <typename T, size_t N>
std::string
NameOf(const std::pair<T, const char*> (&table)[N], T value)
{
    for (const auto& [candidate, name] : table)
    {
        if (candidate == value)
        {
            return name;
        }
    }
    return "?";
}

/// The roles' names in a topology file.
const std::pair<TopologyMachine::Role, const char*> ROLES[] = {
    {TopologyMachine::HOST, "host"},
    {TopologyMachine::SWITCH, "switch"},
    {TopologyMachine::CLIENT, "client"},
    {TopologyMachine::STORAGE, "storage"},
};

/// The link models' names in a topology file.
const std::pair<TopologyLink::Model, const char*> MODELS[] = {
    {TopologyLink::CSMA, "csma"},
    {TopologyLink::FULL_DUPLEX, "full-duplex"},
    {TopologyLink::POINT_TO_POINT, "point-to-point"},
};

/// The layers' names in a topology file.
const std::pair<TopologyProperties::Layer, const char*> LAYERS[] = {
    {TopologyProperties::L2, "l2"},
    {TopologyProperties::L3, "l3"},
};
} // namespace

std::optional<TopologyMachine::Role>
TopologyMachine::ParseRole(const std::string& text)
{
    return Lookup(ROLES, text);
}

std::string
TopologyMachine::RoleName(Role role)
{
    return NameOf(ROLES, role);
}

bool
TopologyMachine::operator==(const TopologyMachine& other) const
{
    return name == other.name && role == other.role && memoryMiB == other.memoryMiB &&
           cores == other.cores && speed == other.speed && dom0MemoryMiB == other.dom0MemoryMiB &&
           priority == other.priority;
}

std::optional<TopologyLink::Model>
TopologyLink::ParseModel(const std::string& text)
{
    return Lookup(MODELS, text);
}

std::string
TopologyLink::ModelName(Model model)
{
    return NameOf(MODELS, model);
}

bool
TopologyLink::operator==(const TopologyLink& other) const
{
    return rate == other.rate && delay == other.delay && model == other.model &&
           queue == other.queue;
}

std::optional<TopologyProperties::Layer>
TopologyProperties::ParseLayer(const std::string& text)
{
    return Lookup(LAYERS, text);
}

std::string
TopologyProperties::LayerName(Layer layer)
{
    return NameOf(LAYERS, layer);
}

std::optional<TopologyVertex>
FindMachine(const TopologyGraph& graph, const std::string& name)
{
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (graph[v].name == name)
        {
            return v;
        }
    }
    return std::nullopt;
}

namespace
{
/// @return a link's description: "a -- b"
std::string
Describe(const TopologyGraph& graph, TopologyEdge e)
{
    return graph[boost::source(e, graph)].name + " -- " + graph[boost::target(e, graph)].name;
}

/// @return "" or the first machine that differs between @p a and @p b
std::string
CompareMachines(const TopologyGraph& a, const TopologyGraph& b)
{
    if (boost::num_vertices(a) != boost::num_vertices(b))
    {
        return std::to_string(boost::num_vertices(a)) + " machines against " +
               std::to_string(boost::num_vertices(b));
    }
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(a)))
    {
        if (!(a[v] == b[v]))
        {
            return "machine " + a[v].name + " differs from " + b[v].name;
        }
    }
    return "";
}

/// @return "" or the first link that differs between @p a and @p b
std::string
CompareLinks(const TopologyGraph& a, const TopologyGraph& b)
{
    if (boost::num_edges(a) != boost::num_edges(b))
    {
        return std::to_string(boost::num_edges(a)) + " links against " +
               std::to_string(boost::num_edges(b));
    }
    auto [ea, endA] = boost::edges(a);
    auto eb = boost::edges(b).first;
    for (; ea != endA; ++ea, ++eb)
    {
        if (Describe(a, *ea) != Describe(b, *eb) || !(a[*ea] == b[*eb]))
        {
            return "link " + Describe(a, *ea) + " differs from " + Describe(b, *eb);
        }
    }
    return "";
}
} // namespace

TopologyGraph
SortTopology(const TopologyGraph& graph)
{
    std::vector<TopologyVertex> byName(boost::num_vertices(graph));
    std::iota(byName.begin(), byName.end(), 0);
    std::stable_sort(byName.begin(), byName.end(), [&graph](TopologyVertex x, TopologyVertex y) {
        return graph[x].name < graph[y].name;
    });
    TopologyGraph sorted(graph[boost::graph_bundle]);
    std::vector<TopologyVertex> position(byName.size());
    for (TopologyVertex v : byName)
    {
        position[v] = boost::add_vertex(graph[v], sorted);
    }
    std::vector<std::tuple<TopologyVertex, TopologyVertex, const TopologyLink*>> links;
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = position[boost::source(e, graph)];
        TopologyVertex b = position[boost::target(e, graph)];
        links.emplace_back(std::min(a, b), std::max(a, b), &graph[e]);
    }
    std::stable_sort(links.begin(), links.end(), [](const auto& x, const auto& y) {
        return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
    });
    for (const auto& [a, b, link] : links)
    {
        boost::add_edge(a, b, *link, sorted);
    }
    return sorted;
}

std::string
CompareTopologies(const TopologyGraph& first, const TopologyGraph& second)
{
    TopologyGraph a = SortTopology(first);
    TopologyGraph b = SortTopology(second);
    if (a[boost::graph_bundle].layer != b[boost::graph_bundle].layer)
    {
        return "layer " + TopologyProperties::LayerName(a[boost::graph_bundle].layer) +
               " against " + TopologyProperties::LayerName(b[boost::graph_bundle].layer);
    }
    std::string machines = CompareMachines(a, b);
    return machines.empty() ? CompareLinks(a, b) : machines;
}

} // namespace ns3
