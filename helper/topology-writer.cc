/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-writer.h"

#include "output-folder.h"

#include "ns3/log.h"

#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <regex>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyWriter");

namespace
{
/**
 * @brief Show a number with the fewest digits that read back as the same double.
 * @param value the number
 * @return its text
 */
std::string
Exact(double value)
{
    for (int digits = 15; digits <= 17; ++digits)
    {
        std::ostringstream out;
        out.precision(digits);
        out << value;
        if (std::stod(out.str()) == value)
        {
            return out.str();
        }
    }
    return std::to_string(value);
}

/**
 * @brief Show @p value in the largest of @p units that keeps it whole.
 * @param value the quantity in its smallest unit
 * @param units the units, largest first, each with its size in the smallest unit
 * @return the text
 */
std::string
Whole(uint64_t value, const std::vector<std::pair<uint64_t, const char*>>& units)
{
    for (const auto& [size, name] : units)
    {
        if (value % size == 0)
        {
            return std::to_string(value / size) + name;
        }
    }
    return std::to_string(value) + units.back().second;
}

/**
 * @brief The properties both writers write.
 * @param graph the topology
 * @param nameKey the attribute that carries a machine's name (node_id for DOT)
 * @param layer the layer's text, which must outlive the properties
 * @return the properties
 */
boost::dynamic_properties
Properties(const TopologyGraph& graph, const std::string& nameKey, std::string& layer)
{
    using Machine = const TopologyMachine&;
    using Link = const TopologyLink&;
    auto machines = [&graph](auto show) {
        return boost::make_function_property_map<TopologyVertex, std::string>(
            [&graph, show](TopologyVertex v) { return show(graph[v]); });
    };
    auto links = [&graph](auto show) {
        return boost::make_function_property_map<TopologyEdge, std::string>(
            [&graph, show](TopologyEdge e) { return show(graph[e]); });
    };
    boost::dynamic_properties properties(boost::ignore_other_properties);
    properties.property(nameKey, machines([](Machine m) { return m.name; }));
    properties.property("role",
                        machines([](Machine m) { return TopologyMachine::RoleName(m.role); }));
    properties.property("memory", machines([](Machine m) { return std::to_string(m.memoryMiB); }));
    properties.property("cores", machines([](Machine m) { return std::to_string(m.cores); }));
    properties.property("speed", machines([](Machine m) { return Exact(m.speed); }));
    properties.property("dom0memory",
                        machines([](Machine m) { return std::to_string(m.dom0MemoryMiB); }));
    properties.property("priority", machines([](Machine m) { return std::to_string(m.priority); }));
    properties.property("rate", links([](Link l) { return TopologyWriter::FormatRate(l.rate); }));
    properties.property("delay",
                        links([](Link l) { return TopologyWriter::FormatDelay(l.delay); }));
    properties.property("model", links([](Link l) { return TopologyLink::ModelName(l.model); }));
    properties.property("queue", links([](Link l) { return std::to_string(l.queue); }));
    layer = TopologyProperties::LayerName(graph[boost::graph_bundle].layer);
    properties.property("layer", boost::ref_property_map<TopologyGraph*, std::string>(layer));
    return properties;
}
} // namespace

std::string
TopologyWriter::FormatRate(DataRate rate)
{
    return Whole(rate.GetBitRate(),
                 {{1000000000000, "Tbps"},
                  {1000000000, "Gbps"},
                  {1000000, "Mbps"},
                  {1000, "kbps"},
                  {1, "bps"}});
}

std::string
TopologyWriter::FormatDelay(Time delay)
{
    return Whole(delay.GetNanoSeconds(),
                 {{1000000000, "s"}, {1000000, "ms"}, {1000, "us"}, {1, "ns"}});
}

void
TopologyWriter::WriteDot(std::ostream& out, const TopologyGraph& graph)
{
    std::string layer;
    boost::dynamic_properties properties = Properties(graph, "node_id", layer);
    // Blocked ports drawn dashed: the active topology is the solid one.
    properties.property(
        "style",
        boost::make_function_property_map<TopologyEdge, std::string>(
            [&graph](TopologyEdge e) { return graph[e].blocked ? "dashed" : "solid"; }));
    boost::write_graphviz_dp(out, graph, properties, "node_id");
}

void
TopologyWriter::WriteGraphml(std::ostream& out, const TopologyGraph& graph)
{
    std::string layer;
    boost::dynamic_properties properties = Properties(graph, "name", layer);
    boost::write_graphml(out, graph, properties, true);
}

std::string
TopologyWriter::Write(const std::string& file, const TopologyGraph& graph)
{
    std::smatch match;
    std::regex_search(file, match, std::regex("\\.([A-Za-z]+)$"));
    std::string extension = match.empty() ? "" : match[1].str();
    bool dot = extension == "dot" || extension == "gv";
    if (!dot && extension != "graphml" && extension != "xml")
    {
        return file + ": not a topology file name (.dot, .gv, .graphml or .xml)";
    }
    std::ostringstream out;
    dot ? WriteDot(out, graph) : WriteGraphml(out, graph);
    std::string why = OutputFolder::WriteFile(file, out.str());
    if (!why.empty())
    {
        return file + ": cannot be written (" + why + ")";
    }
    return "";
}

} // namespace ns3
