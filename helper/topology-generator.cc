/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "topology-generator.h"

#include "strict-options.h"

#include "ns3/log.h"

#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TopologyGenerator");

namespace
{
/// The bridge priority of the switches at the top (cores, spines): the spanning tree's
/// root is one of them, as an administrator would configure it.
constexpr uint32_t TOP_PRIORITY = 4096;

/// The most machines a generator makes: beyond, a description is more likely a typo.
constexpr uint64_t MAX_MACHINES = 100000;

/// @return @p prefix followed by @p numbers, each after a dash: "host-1-2"
std::string
Named(const std::string& prefix, std::initializer_list<uint32_t> numbers)
{
    std::string name = prefix;
    for (uint32_t n : numbers)
    {
        name += "-" + std::to_string(n);
    }
    return name;
}
} // namespace

TopologyVertex
TopologyGenerator::Add(TopologyGraph& graph, const std::string& name, TopologyMachine::Role role)
{
    TopologyMachine machine;
    machine.name = name;
    machine.role = role;
    return boost::add_vertex(machine, graph);
}

void
TopologyGenerator::Join(TopologyGraph& graph, TopologyVertex a, TopologyVertex b, TopologyLink link)
{
    if (graph[a].role == TopologyMachine::SWITCH && graph[b].role == TopologyMachine::SWITCH)
    {
        link.queue = TopologyLink::SWITCH_QUEUE;
    }
    boost::add_edge(a, b, link, graph);
}

std::string
TopologyGenerator::PaperLan(TopologyGraph& graph, const TopologyLink& link)
{
    graph = TopologyGraph();
    graph[boost::graph_bundle].layer = TopologyProperties::L2;
    TopologyVertex lanSwitch = Add(graph, "switch", TopologyMachine::SWITCH);
    Join(graph, Add(graph, "front-end", TopologyMachine::CLIENT), lanSwitch, link);
    Join(graph, Add(graph, "storage", TopologyMachine::STORAGE), lanSwitch, link);
    // Table 1's memory, dom0 keeping 512 MiB as TestbedHelper::AddPaperMachines.
    for (const auto& [name, memory] :
         {std::pair<const char*, uint32_t>{"host1", 1536}, {"host2", 2048}})
    {
        TopologyVertex host = Add(graph, name, TopologyMachine::HOST);
        graph[host].memoryMiB = memory;
        graph[host].dom0MemoryMiB = 512;
        Join(graph, host, lanSwitch, link);
    }
    return "";
}

std::string
TopologyGenerator::Star(uint32_t hosts, TopologyGraph& graph, const TopologyLink& link)
{
    graph = TopologyGraph();
    if (hosts < 1 || hosts > MAX_MACHINES)
    {
        return "a star needs 1 to " + std::to_string(MAX_MACHINES) + " hosts";
    }
    TopologyVertex lanSwitch = Add(graph, "switch", TopologyMachine::SWITCH);
    for (uint32_t i = 1; i <= hosts; ++i)
    {
        Join(graph, Add(graph, "host" + std::to_string(i), TopologyMachine::HOST), lanSwitch, link);
    }
    return "";
}

std::string
TopologyGenerator::Tree(uint32_t depth,
                        uint32_t fanout,
                        TopologyGraph& graph,
                        const TopologyLink& link)
{
    graph = TopologyGraph();
    double machines = 0;
    for (uint32_t level = 0; level <= depth && machines <= MAX_MACHINES; ++level)
    {
        machines += std::pow(double(fanout), level);
    }
    if (depth < 1 || fanout < 1 || machines > MAX_MACHINES)
    {
        return "a tree needs a depth and a fanout of at least 1, and at most " +
               std::to_string(MAX_MACHINES) + " machines";
    }
    std::vector<TopologyVertex> level{Add(graph, "switch-0-0", TopologyMachine::SWITCH)};
    for (uint32_t d = 1; d <= depth; ++d)
    {
        std::vector<TopologyVertex> next;
        for (TopologyVertex parent : level)
        {
            for (uint32_t c = 0; c < fanout; ++c)
            {
                uint32_t i = next.size();
                TopologyVertex child =
                    d < depth ? Add(graph, Named("switch", {d, i}), TopologyMachine::SWITCH)
                              : Add(graph, "host" + std::to_string(i + 1), TopologyMachine::HOST);
                Join(graph, child, parent, link);
                next.push_back(child);
            }
        }
        level = next;
    }
    return "";
}

std::string
TopologyGenerator::FatTree(uint32_t k,
                           TopologyGraph& graph,
                           const TopologyLink& link,
                           TopologyProperties::Layer layer)
{
    graph = TopologyGraph();
    if (k < 2 || k > 64 || k % 2 != 0)
    {
        return "a fat-tree's k is an even number from 2 to 64";
    }
    graph[boost::graph_bundle].layer = layer;
    uint32_t half = k / 2;
    std::vector<TopologyVertex> cores;
    for (uint32_t i = 0; i < half * half; ++i)
    {
        cores.push_back(Add(graph, Named("core", {i}), TopologyMachine::SWITCH));
        graph[cores.back()].priority = TOP_PRIORITY;
    }
    for (uint32_t pod = 0; pod < k; ++pod)
    {
        std::vector<TopologyVertex> aggregation;
        for (uint32_t i = 0; i < half; ++i)
        {
            aggregation.push_back(Add(graph, Named("agg", {pod, i}), TopologyMachine::SWITCH));
            for (uint32_t c = 0; c < half; ++c)
            {
                Join(graph, aggregation.back(), cores[i * half + c], link);
            }
        }
        for (uint32_t e = 0; e < half; ++e)
        {
            TopologyVertex edge = Add(graph, Named("edge", {pod, e}), TopologyMachine::SWITCH);
            for (TopologyVertex agg : aggregation)
            {
                Join(graph, edge, agg, link);
            }
            for (uint32_t h = 0; h < half; ++h)
            {
                Join(graph,
                     Add(graph, Named("host", {pod, e, h}), TopologyMachine::HOST),
                     edge,
                     link);
            }
        }
    }
    return "";
}

std::string
TopologyGenerator::LeafSpine(uint32_t leaves,
                             uint32_t spines,
                             uint32_t hostsPerLeaf,
                             double oversubscription,
                             TopologyGraph& graph,
                             const TopologyLink& link,
                             TopologyProperties::Layer layer)
{
    graph = TopologyGraph();
    uint64_t machines = uint64_t(leaves) * (1 + uint64_t(hostsPerLeaf)) + spines;
    if (leaves < 1 || spines < 1 || hostsPerLeaf < 1 || machines > MAX_MACHINES)
    {
        return "a leaf-spine fabric needs at least one leaf, spine and host per leaf, and at "
               "most " +
               std::to_string(MAX_MACHINES) + " machines";
    }
    double uplinkBps = double(hostsPerLeaf) * link.rate.GetBitRate() / (spines * oversubscription);
    if (!(oversubscription > 0) || !std::isfinite(oversubscription) || uplinkBps < 1)
    {
        return "a leaf-spine fabric's oversubscription is a positive number that leaves its "
               "uplinks at least 1 bps";
    }
    graph[boost::graph_bundle].layer = layer;
    TopologyLink uplink = link;
    uplink.rate = DataRate(static_cast<uint64_t>(std::llround(uplinkBps)));
    std::vector<TopologyVertex> spine;
    for (uint32_t s = 0; s < spines; ++s)
    {
        spine.push_back(Add(graph, Named("spine", {s}), TopologyMachine::SWITCH));
        graph[spine.back()].priority = TOP_PRIORITY;
    }
    for (uint32_t l = 0; l < leaves; ++l)
    {
        TopologyVertex leaf = Add(graph, Named("leaf", {l}), TopologyMachine::SWITCH);
        for (TopologyVertex s : spine)
        {
            Join(graph, leaf, s, uplink);
        }
        for (uint32_t h = 0; h < hostsPerLeaf; ++h)
        {
            Join(graph, Add(graph, Named("host", {l, h}), TopologyMachine::HOST), leaf, link);
        }
    }
    return "";
}

std::string
TopologyGenerator::Make(const std::string& spec, TopologyGraph& graph, const TopologyLink& link)
{
    graph = TopologyGraph();
    std::smatch match;
    if (!std::regex_match(spec, match, std::regex("([a-z-]+)(:(.*))?")))
    {
        return "topology '" + spec + "': not NAME[:ARGUMENTS]";
    }
    std::string name = match[1].str();
    std::vector<std::string> texts;
    std::stringstream arguments(match[3].str());
    for (std::string text; match[2].matched && std::getline(arguments, text, ',');)
    {
        texts.push_back(text);
    }
    const std::map<std::string, std::pair<size_t, size_t>> ARGUMENTS = {{"paper", {0, 0}},
                                                                        {"star", {1, 1}},
                                                                        {"tree", {2, 2}},
                                                                        {"fat-tree", {1, 1}},
                                                                        {"leaf-spine", {3, 4}}};
    auto known = ARGUMENTS.find(name);
    if (known == ARGUMENTS.end() || texts.size() < known->second.first ||
        texts.size() > known->second.second)
    {
        return "topology '" + spec +
               "': not paper, star:HOSTS, tree:DEPTH,FANOUT, fat-tree:K or "
               "leaf-spine:LEAVES,SPINES,HOSTS[,OVERSUBSCRIPTION]";
    }
    std::vector<uint32_t> counts;
    double oversubscription = 1;
    for (size_t i = 0; i < texts.size(); ++i)
    {
        int64_t value = 0;
        std::string why = i < 3 ? StrictOptions::ParseInteger(texts[i], 0, UINT32_MAX, value)
                                : StrictOptions::ParseReal(texts[i], oversubscription);
        if (!why.empty())
        {
            return "topology '" + spec + "': '" + texts[i] + "' " + why;
        }
        counts.push_back(static_cast<uint32_t>(value));
    }
    std::string why =
        name == "paper"  ? PaperLan(graph, link)
        : name == "star" ? Star(counts[0], graph, link)
        : name == "tree" ? Tree(counts[0], counts[1], graph, link)
        : name == "fat-tree"
            ? FatTree(counts[0], graph, link)
            : LeafSpine(counts[0], counts[1], counts[2], oversubscription, graph, link);
    return why.empty() ? "" : "topology '" + spec + "': " + why;
}

} // namespace ns3
