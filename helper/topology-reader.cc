/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-reader.h"

#include "strict-options.h"
#include "topology-validator.h"

#include "ns3/log.h"

#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyReader");

namespace
{
/// An element's attributes as the file gives them: name to text.
using Attributes = std::map<std::string, std::string>;

/// What Boost.Graph reads into: every attribute of every element kept as text.
struct RawElement
{
    Attributes attributes; //!< the element's attributes
};

/// A topology as read, before its attributes are parsed.
using RawGraph = boost::adjacency_list<boost::vecS,
                                       boost::vecS,
                                       boost::undirectedS,
                                       RawElement,
                                       RawElement,
                                       RawElement>;

/**
 * @brief A property map that keeps any attribute, of any name and GraphML type, as text
 *        in the element's RawElement; Boost.Graph's readers make one for each name met.
 */
template <typename Key>
class AttributeMap : public boost::dynamic_property_map
{
  public:
    /**
     * @param graph the graph read into
     * @param name the attribute's name
     */
    AttributeMap(RawGraph& graph, std::string name)
        : m_graph(graph),
          m_name(std::move(name))
    {
    }

    boost::any get(const boost::any& key) override
    {
        return get_string(key);
    }

    std::string get_string(const boost::any& key) override
    {
        const Attributes& attributes = Of(key);
        auto it = attributes.find(m_name);
        return it == attributes.end() ? "" : it->second;
    }

    void put(const boost::any& key, const boost::any& value) override
    {
        Of(key)[m_name] = ToText(value);
    }

    const std::type_info& key() const override
    {
        return typeid(Key);
    }

    const std::type_info& value() const override
    {
        return typeid(std::string);
    }

  private:
    /// @return the attributes of the element @p key designates
    Attributes& Of(const boost::any& key)
    {
        if constexpr (std::is_same_v<Key, RawGraph*>)
        {
            return (*boost::any_cast<RawGraph*>(key))[boost::graph_bundle].attributes;
        }
        else
        {
            return m_graph[boost::any_cast<Key>(key)].attributes;
        }
    }

    /// @return a value GraphML typed (boolean, int, long, float, double, string) as text
    static std::string ToText(const boost::any& value)
    {
        if (const auto* text = boost::any_cast<std::string>(&value))
        {
            return *text;
        }
        std::ostringstream out;
        out.precision(15);
        if (const auto* flag = boost::any_cast<bool>(&value))
        {
            out << (*flag ? "true" : "false");
        }
        else if (const auto* i = boost::any_cast<int>(&value))
        {
            out << *i;
        }
        else if (const auto* l = boost::any_cast<long>(&value))
        {
            out << *l;
        }
        else if (const auto* f = boost::any_cast<float>(&value))
        {
            out << *f;
        }
        else if (const auto* d = boost::any_cast<double>(&value))
        {
            out << *d;
        }
        return out.str();
    }

    RawGraph& m_graph;  //!< the graph read into
    std::string m_name; //!< the attribute's name
};

/**
 * @brief Properties for Boost.Graph's readers: a text map for every attribute met.
 * @param graph the graph read into
 * @return the properties
 */
boost::dynamic_properties
AllAttributes(RawGraph& graph)
{
    using Vertex = RawGraph::vertex_descriptor;
    using Edge = RawGraph::edge_descriptor;
    return boost::dynamic_properties(
        [&graph](const std::string& name,
                 const boost::any& key,
                 const boost::any&) -> boost::shared_ptr<boost::dynamic_property_map> {
            if (key.type() == typeid(Vertex))
            {
                return boost::make_shared<AttributeMap<Vertex>>(graph, name);
            }
            if (key.type() == typeid(Edge))
            {
                return boost::make_shared<AttributeMap<Edge>>(graph, name);
            }
            return boost::make_shared<AttributeMap<RawGraph*>>(graph, name);
        });
}

/// GraphViz drawing attributes: accepted so that a drawn topology reads, and ignored.
const std::set<std::string> DRAWING = {"label",    "xlabel",   "color",    "fillcolor", "fontcolor",
                                       "fontname", "fontsize", "shape",    "style",     "pos",
                                       "width",    "height",   "penwidth", "rankdir",   "rank",
                                       "splines",  "nodesep",  "ranksep",  "size",      "ratio",
                                       "margin",   "dir",      "weight",   "len",       "overlap"};

/**
 * @brief Check that an element has only attributes the format knows.
 * @param attributes its attributes
 * @param known the attributes of its kind
 * @param element how errors name it
 * @return "" or the first unknown attribute
 */
std::string
CheckNames(const Attributes& attributes,
           const std::set<std::string>& known,
           const std::string& element)
{
    for (const auto& [name, value] : attributes)
    {
        if (!known.count(name) && !DRAWING.count(name))
        {
            std::string list;
            for (const std::string& k : known)
            {
                list += (list.empty() ? "" : ", ") + k;
            }
            return element + ": unknown attribute '" + name + "' (known: " + list + ")";
        }
    }
    return "";
}

/**
 * @brief Parse one attribute when present: absent keeps the default, empty is missing.
 * @param attributes the element's attributes
 * @param name the attribute
 * @param parse parses its text into the field, returns "" or what the text is not
 * @param element how errors name the element
 * @return "" or what is wrong
 */
std::string
Field(const Attributes& attributes,
      const std::string& name,
      const std::function<std::string(const std::string&)>& parse,
      const std::string& element)
{
    auto it = attributes.find(name);
    if (it == attributes.end())
    {
        return "";
    }
    if (it->second.empty())
    {
        return element + ": " + name + " is empty (leave it out for the default)";
    }
    std::string why = parse(it->second);
    return why.empty() ? "" : element + ": " + name + " '" + it->second + "' " + why;
}

/// @return a parser of a whole number in [@p min, @p max] into @p value
std::function<std::string(const std::string&)>
Count(uint32_t& value, int64_t min, int64_t max)
{
    return [&value, min, max](const std::string& text) {
        int64_t parsed = 0;
        std::string why = StrictOptions::ParseInteger(text, min, max, parsed);
        value = static_cast<uint32_t>(parsed);
        return why;
    };
}

/// The node attributes of the format (with the ids the readers use for names).
const std::set<std::string> NODE_ATTRIBUTES =
    {"node_id", "name", "role", "memory", "cores", "speed", "dom0memory", "priority"};
/// The link attributes of the format.
const std::set<std::string> LINK_ATTRIBUTES = {"rate", "delay", "model", "queue"};
/// The graph attributes of the format.
const std::set<std::string> GRAPH_ATTRIBUTES = {"layer", "name", "id"};

/**
 * @param attributes a node's attributes
 * @return its name: its DOT id, else its GraphML name data, else ""
 */
std::string
NameOf(const Attributes& attributes)
{
    for (const char* key : {"node_id", "name"})
    {
        auto it = attributes.find(key);
        if (it != attributes.end())
        {
            return it->second;
        }
    }
    return "";
}

/**
 * @brief Make a machine of a node's attributes.
 * @param attributes the node's attributes
 * @param [out] machine the machine
 * @return "" or what is wrong, naming the node
 */
std::string
ParseMachine(const Attributes& attributes, TopologyMachine& machine)
{
    machine.name = NameOf(attributes);
    std::string element = "node " + machine.name;
    std::string why = CheckNames(attributes, NODE_ATTRIBUTES, element);
    if (why.empty() && !attributes.count("role"))
    {
        why = element + ": no role (host, switch, client or storage); a name used only in a "
                        "link is an unknown node";
    }
    auto role = [&machine](const std::string& text) -> std::string {
        auto parsed = TopologyMachine::ParseRole(text);
        machine.role = parsed.value_or(machine.role);
        return parsed ? "" : "is not host, switch, client or storage";
    };
    auto speed = [&machine](const std::string& text) -> std::string {
        std::string bad = StrictOptions::ParseReal(text, machine.speed);
        return !bad.empty() ? bad : machine.speed > 0 ? "" : "is not a positive speed";
    };
    for (const auto& [attribute, parse] :
         std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>>{
             {"role", role},
             {"memory", Count(machine.memoryMiB, 1, 1 << 30)},
             {"cores", Count(machine.cores, 1, 4096)},
             {"speed", speed},
             {"dom0memory", Count(machine.dom0MemoryMiB, 0, 1 << 30)},
             {"priority", Count(machine.priority, 0, 65535)}})
    {
        why = why.empty() ? Field(attributes, attribute, parse, element) : why;
    }
    return why;
}

/**
 * @brief Make a link of an edge's attributes.
 * @param attributes the edge's attributes
 * @param betweenSwitches whether both ends are switches (the queue's default)
 * @param element how errors name the link
 * @param [out] link the link
 * @return "" or what is wrong, naming the link
 */
std::string
ParseLink(const Attributes& attributes,
          bool betweenSwitches,
          const std::string& element,
          TopologyLink& link)
{
    link.queue = betweenSwitches ? TopologyLink::SWITCH_QUEUE : TopologyLink::MACHINE_QUEUE;
    std::string why = CheckNames(attributes, LINK_ATTRIBUTES, element);
    auto model = [&link](const std::string& text) -> std::string {
        auto parsed = TopologyLink::ParseModel(text);
        link.model = parsed.value_or(link.model);
        return parsed ? "" : "is not csma, full-duplex or point-to-point";
    };
    for (const auto& [attribute, parse] :
         std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>>{
             {"rate",
              [&link](const std::string& t) { return TopologyReader::ParseRate(t, link.rate); }},
             {"delay",
              [&link](const std::string& t) { return TopologyReader::ParseDelay(t, link.delay); }},
             {"model", model},
             {"queue", Count(link.queue, 1, 1000000)}})
    {
        why = why.empty() ? Field(attributes, attribute, parse, element) : why;
    }
    return why;
}

/**
 * @brief Say what a node without a name is: one a link names but the file does not
 *        declare (Boost's GraphML reader makes it), or a node without its name data.
 * @param raw the graph read
 * @param v the node
 * @return the error
 */
std::string
Unnamed(const RawGraph& raw, RawGraph::vertex_descriptor v)
{
    for (auto e : boost::make_iterator_range(boost::out_edges(v, raw)))
    {
        const Attributes& peer = raw[boost::target(e, raw)].attributes;
        if (raw[v].attributes.empty() && !NameOf(peer).empty())
        {
            return "a link from node " + NameOf(peer) + " goes to an undeclared node";
        }
    }
    return "node " + std::to_string(v + 1) +
           " (in the file's order) has no name (give each GraphML node a 'name' data)";
}

/**
 * @brief Turn a graph read as text into a topology.
 * @param raw the graph read
 * @param [out] graph the topology
 * @return "" or what is wrong, naming the element
 */
std::string
Parse(const RawGraph& raw, TopologyGraph& graph)
{
    const Attributes& own = raw[boost::graph_bundle].attributes;
    std::string why = CheckNames(own, GRAPH_ATTRIBUTES, "graph");
    auto layer = [&graph](const std::string& text) -> std::string {
        auto parsed = TopologyProperties::ParseLayer(text);
        graph[boost::graph_bundle].layer = parsed.value_or(TopologyProperties::L2);
        return parsed ? "" : "is not l2 or l3";
    };
    why = why.empty() ? Field(own, "layer", layer, "graph") : why;
    for (auto v : boost::make_iterator_range(boost::vertices(raw)))
    {
        TopologyMachine machine;
        why = why.empty() && NameOf(raw[v].attributes).empty() ? Unnamed(raw, v) : why;
        why = why.empty() ? ParseMachine(raw[v].attributes, machine) : why;
        boost::add_vertex(machine, graph);
    }
    for (auto e : boost::make_iterator_range(boost::edges(raw)))
    {
        if (!why.empty())
        {
            break;
        }
        auto a = boost::source(e, raw);
        auto b = boost::target(e, raw);
        std::string element = "link " + graph[a].name + " -- " + graph[b].name;
        bool betweenSwitches =
            graph[a].role == TopologyMachine::SWITCH && graph[b].role == TopologyMachine::SWITCH;
        TopologyLink link;
        why = ParseLink(raw[e].attributes, betweenSwitches, element, link);
        boost::add_edge(a, b, link, graph);
    }
    return why;
}

/**
 * @brief Read with one of Boost.Graph's readers, then parse and validate.
 * @param read reads the file into a raw graph through the properties; may throw
 * @param source the input's name
 * @param [out] graph the topology (empty on error)
 * @return "" or what is wrong, naming @p source
 */
std::string
ReadWith(const std::function<void(RawGraph&, boost::dynamic_properties&)>& read,
         const std::string& source,
         TopologyGraph& graph)
{
    graph = TopologyGraph();
    RawGraph raw;
    boost::dynamic_properties properties = AllAttributes(raw);
    std::string why;
    try
    {
        read(raw, properties);
    }
    catch (const std::exception& e)
    {
        // Boost's parse errors, a directed graph, an edge to an undeclared GraphML node
        why = std::string("cannot be read: ") + e.what();
    }
    why = why.empty() ? Parse(raw, graph) : why;
    why = why.empty() ? TopologyValidator::Validate(graph) : why;
    // The same order whatever the format: Boost's DOT reader orders nodes by id.
    graph = why.empty() ? SortTopology(graph) : graph;
    if (!why.empty())
    {
        graph = TopologyGraph();
        return source + ": " + why;
    }
    NS_LOG_INFO(source << ": " << boost::num_vertices(graph) << " machines, "
                       << boost::num_edges(graph) << " links");
    return "";
}

/**
 * @brief Parse a number followed by one of @p units.
 * @param text the text
 * @param units each unit's name and its value
 * @param [out] value the number times its unit
 * @return "" or "is not ..."
 */
std::string
ParseQuantity(const std::string& text, const std::map<std::string, double>& units, double& value)
{
    static const std::regex QUANTITY("([0-9]+(\\.[0-9]+)?)\\s*([A-Za-z/]+)");
    std::smatch match;
    if (!std::regex_match(text, match, QUANTITY) || !units.count(match[3].str()))
    {
        std::string list;
        for (const auto& [unit, factor] : units)
        {
            list += (list.empty() ? "" : ", ") + unit;
        }
        return "is not a number and a unit (" + list + ")";
    }
    value = std::stod(match[1].str()) * units.at(match[3].str());
    return "";
}
} // namespace

std::string
TopologyReader::ParseRate(const std::string& text, DataRate& rate)
{
    static const std::map<std::string, double> UNITS = {{"bps", 1},
                                                        {"kbps", 1e3},
                                                        {"Kbps", 1e3},
                                                        {"Mbps", 1e6},
                                                        {"Gbps", 1e9},
                                                        {"Tbps", 1e12},
                                                        {"b/s", 1},
                                                        {"kb/s", 1e3},
                                                        {"Kb/s", 1e3},
                                                        {"Mb/s", 1e6},
                                                        {"Gb/s", 1e9},
                                                        {"Tb/s", 1e12}};
    double bps = 0;
    std::string why = ParseQuantity(text, UNITS, bps);
    if (why.empty() && (bps < 1 || bps > 1e15))
    {
        why = "is not between 1 bps and 1000 Tbps";
    }
    rate = why.empty() ? DataRate(static_cast<uint64_t>(std::llround(bps))) : rate;
    return why;
}

std::string
TopologyReader::ParseDelay(const std::string& text, Time& delay)
{
    static const std::map<std::string, double> UNITS = {{"s", 1e9},
                                                        {"ms", 1e6},
                                                        {"us", 1e3},
                                                        {"ns", 1}};
    double ns = 0;
    std::string why = ParseQuantity(text, UNITS, ns);
    if (why.empty() && ns > 1e9)
    {
        why = "is longer than 1 s";
    }
    delay = why.empty() ? NanoSeconds(std::llround(ns)) : delay;
    return why;
}

std::string
TopologyReader::ReadDot(std::istream& in, const std::string& source, TopologyGraph& graph)
{
    auto read = [&in](RawGraph& raw, boost::dynamic_properties& properties) {
        if (!boost::read_graphviz(in, raw, properties, "node_id"))
        {
            throw std::runtime_error("not a GraphViz graph");
        }
    };
    return ReadWith(read, source, graph);
}

std::string
TopologyReader::ReadGraphml(std::istream& in, const std::string& source, TopologyGraph& graph)
{
    auto read = [&in](RawGraph& raw, boost::dynamic_properties& properties) {
        boost::read_graphml(in, raw, properties);
    };
    return ReadWith(read, source, graph);
}

std::string
TopologyReader::Read(const std::string& file, TopologyGraph& graph)
{
    graph = TopologyGraph();
    std::ifstream in(file);
    if (!in)
    {
        return file + ": cannot be opened";
    }
    std::smatch match;
    std::regex_search(file, match, std::regex("\\.([A-Za-z]+)$"));
    std::string extension = match.empty() ? "" : match[1].str();
    if (extension == "dot" || extension == "gv")
    {
        return ReadDot(in, file, graph);
    }
    if (extension == "graphml" || extension == "xml")
    {
        return ReadGraphml(in, file, graph);
    }
    return file + ": not a topology file (.dot, .gv, .graphml or .xml)";
}

} // namespace ns3
