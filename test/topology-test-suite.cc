/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/double.h"
#include "ns3/migration-helper.h"
#include "ns3/node-list.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"
#include "ns3/topology-generator.h"
#include "ns3/topology-helper.h"
#include "ns3/topology-reader.h"
#include "ns3/topology-spanning-tree.h"
#include "ns3/topology-validator.h"
#include "ns3/topology-writer.h"

#include <array>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <sstream>

namespace ns3
{

namespace
{

/// A DOT topology that sets every attribute, most away from their defaults.
const std::string EVERY_ATTRIBUTE = R"(graph lan {
  layer=l2;
  sw [role=switch];
  fe [role=client, label="front end"];
  st [role=storage];
  h1 [role=host, memory=1536, cores=2, speed=2.5, dom0memory=256];
  fe -- sw [rate="1Gbps", delay="2us", model="full-duplex", queue=50];
  st -- sw [rate="10Mb/s", delay="1.5ms", model=csma];
  h1 -- sw;
})";

/// @return the error of reading @p text as DOT named "test.dot"
std::string
ReadDot(const std::string& text, TopologyGraph& graph)
{
    std::istringstream in(text);
    return TopologyReader::ReadDot(in, "test.dot", graph);
}

/// @return the link between the machines named @p a and @p b (the first, if several)
const TopologyLink&
LinkOf(const TopologyGraph& graph, const std::string& a, const std::string& b)
{
    auto [e, found] = boost::edge(*FindMachine(graph, a), *FindMachine(graph, b), graph);
    NS_ABORT_MSG_UNLESS(found, "no link " << a << " -- " << b);
    return graph[e];
}

/// @return how many machines of @p role the topology has
size_t
CountRole(const TopologyGraph& graph, TopologyMachine::Role role)
{
    size_t n = 0;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        n += graph[v].role == role ? 1 : 0;
    }
    return n;
}

/// UDP echoes CountEchoes asks for.
constexpr uint32_t PINGS = 5;

/// Count an echo.
void
CountEcho(uint32_t* echoes, Ptr<const Packet> /* packet */)
{
    ++*echoes;
}

/**
 * @brief Send PINGS UDP echoes, 100 ms apart, from one machine to another; run the
 *        simulation (2 s) and end it.
 * @param testbed the testbed
 * @param from the sender
 * @param to the echo server
 * @return how many echoes came back
 */
uint32_t
CountEchoes(Ptr<Testbed> testbed, const std::string& from, const std::string& to)
{
    uint16_t port = 9;
    UdpEchoServerHelper server(port);
    server.Install(testbed->GetNode(to)).Start(Seconds(0));
    UdpEchoClientHelper client(testbed->GetAddress(to), port);
    client.SetAttribute("MaxPackets", UintegerValue(PINGS));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
    ApplicationContainer apps = client.Install(testbed->GetNode(from));
    apps.Start(Seconds(0.1));
    uint32_t echoes = 0;
    apps.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&CountEcho, &echoes));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    Simulator::Destroy();
    return echoes;
}

/// The links the spanning tree leaves active.
struct ActiveLinks
{
    const TopologyGraph* graph; //!< the topology

    /// @return whether @p e forwards
    bool operator()(TopologyEdge e) const
    {
        return !(*graph)[e].blocked;
    }
};

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A DOT file's attributes are read as given, the defaults fill in the rest, and
 *        writing it as DOT and reading that back gives the same graph.
 */
class DotRoundTripTest : public TestCase
{
  public:
    DotRoundTripTest()
        : TestCase("DOT: every attribute read, written and read back the same")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(ReadDot(EVERY_ATTRIBUTE, graph), "", "the topology reads");
        const TopologyMachine& h1 = graph[*FindMachine(graph, "h1")];
        NS_TEST_EXPECT_MSG_EQ(h1.role, TopologyMachine::HOST, "h1's role");
        NS_TEST_EXPECT_MSG_EQ(h1.memoryMiB, 1536, "h1's memory");
        NS_TEST_EXPECT_MSG_EQ(h1.cores, 2, "h1's cores");
        NS_TEST_EXPECT_MSG_EQ(h1.speed, 2.5, "h1's speed");
        NS_TEST_EXPECT_MSG_EQ(h1.dom0MemoryMiB, 256, "h1's dom0 memory");
        NS_TEST_EXPECT_MSG_EQ(graph[*FindMachine(graph, "st")].role,
                              TopologyMachine::STORAGE,
                              "st's role");
        const TopologyLink& fast = LinkOf(graph, "fe", "sw");
        NS_TEST_EXPECT_MSG_EQ(fast.rate, DataRate("1Gbps"), "fe's rate");
        NS_TEST_EXPECT_MSG_EQ(fast.delay, MicroSeconds(2), "fe's delay");
        NS_TEST_EXPECT_MSG_EQ(fast.model, TopologyLink::FULL_DUPLEX, "fe's model");
        NS_TEST_EXPECT_MSG_EQ(fast.queue, 50, "fe's queue");
        const TopologyLink& slow = LinkOf(graph, "st", "sw");
        NS_TEST_EXPECT_MSG_EQ(slow.rate, DataRate("10Mbps"), "st's rate");
        NS_TEST_EXPECT_MSG_EQ(slow.delay, MicroSeconds(1500), "st's delay");
        // What the file leaves out: the paper's LAN.
        const TopologyLink& plain = LinkOf(graph, "h1", "sw");
        NS_TEST_EXPECT_MSG_EQ(plain.rate, DataRate("100Mbps"), "default rate");
        NS_TEST_EXPECT_MSG_EQ(plain.delay, NanoSeconds(500), "default delay");
        NS_TEST_EXPECT_MSG_EQ(plain.model, TopologyLink::CSMA, "default model");
        NS_TEST_EXPECT_MSG_EQ(plain.queue, TopologyLink::MACHINE_QUEUE, "default queue");
        const TopologyMachine& fe = graph[*FindMachine(graph, "fe")];
        NS_TEST_EXPECT_MSG_EQ(fe.memoryMiB, 2048, "default memory");
        NS_TEST_EXPECT_MSG_EQ(fe.dom0MemoryMiB, 512, "default dom0 memory");

        std::ostringstream written;
        TopologyWriter::WriteDot(written, graph);
        TopologyGraph again;
        NS_TEST_ASSERT_MSG_EQ(ReadDot(written.str(), again), "", "read back: " << written.str());
        NS_TEST_EXPECT_MSG_EQ(CompareTopologies(graph, again), "", "the same graph");

        // A generated fabric, every attribute explicit, through a file.
        TopologyLink link;
        link.rate = DataRate("10Gbps");
        link.model = TopologyLink::FULL_DUPLEX;
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::FatTree(4, graph, link), "", "fat-tree");
        std::string file = MigrationTestCase::MakeTemporaryDirectory("topology") + "/fat-tree.dot";
        NS_TEST_ASSERT_MSG_EQ(TopologyWriter::Write(file, graph), "", "written");
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(file, again), "", "read back");
        NS_TEST_EXPECT_MSG_EQ(CompareTopologies(graph, again), "", "the same fat-tree");
        NS_TEST_EXPECT_MSG_EQ(again[boost::graph_bundle].layer, TopologyProperties::L3, "l3");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief GraphML: typed data read, and a topology written as GraphML reads back the same.
 */
class GraphmlRoundTripTest : public TestCase
{
  public:
    GraphmlRoundTripTest()
        : TestCase("GraphML: typed attributes read, written and read back the same")
    {
    }

  private:
    void DoRun() override
    {
        std::istringstream typed(R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <key id="r" for="node" attr.name="role" attr.type="string"/>
  <key id="m" for="node" attr.name="memory" attr.type="int"/>
  <key id="s" for="node" attr.name="speed" attr.type="double"/>
  <key id="q" for="edge" attr.name="queue" attr.type="long"/>
  <key id="rate" for="edge" attr.name="rate" attr.type="string"/>
  <key id="l" for="graph" attr.name="layer" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <data key="l">l2</data>
    <node id="a"><data key="n">sw</data><data key="r">switch</data></node>
    <node id="b"><data key="n">h</data><data key="r">host</data><data key="m">4096</data>
      <data key="s">1.5</data></node>
    <edge source="b" target="a"><data key="rate">10Gbps</data><data key="q">64</data></edge>
  </graph>
</graphml>)");
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::ReadGraphml(typed, "typed.graphml", graph),
                              "",
                              "the topology reads");
        const TopologyMachine& h = graph[*FindMachine(graph, "h")];
        NS_TEST_EXPECT_MSG_EQ(h.memoryMiB, 4096, "an int");
        NS_TEST_EXPECT_MSG_EQ(h.speed, 1.5, "a double");
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "h", "sw").queue, 64, "a long");
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "h", "sw").rate, DataRate("10Gbps"), "a rate");

        TopologyLink link;
        link.delay = MicroSeconds(3);
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::LeafSpine(3, 2, 4, 1.5, graph, link),
                              "",
                              "leaf-spine");
        graph[*FindMachine(graph, "host-0-1")].speed = 0.1; // a speed with no short form
        graph[*FindMachine(graph, "host-2-3")].cores = 16;
        std::ostringstream written;
        TopologyWriter::WriteGraphml(written, graph);
        std::istringstream in(written.str());
        TopologyGraph again;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::ReadGraphml(in, "written.graphml", again),
                              "",
                              "read back: " << written.str());
        NS_TEST_EXPECT_MSG_EQ(CompareTopologies(graph, again), "", "the same graph");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The example topology files read, and the paper's LAN file is the generator's.
 */
class ExampleFilesTest : public TestCase
{
  public:
    ExampleFilesTest()
        : TestCase("example topology files: every one reads, paper-lan.dot is the paper's LAN")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph file;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(TOPOLOGIES + "/paper-lan.dot", file), "", "");
        TopologyGraph paper;
        TopologyGenerator::PaperLan(paper);
        NS_TEST_EXPECT_MSG_EQ(CompareTopologies(file, paper), "", "the paper's LAN");

        TopologyGraph dot;
        TopologyGraph graphml;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(TOPOLOGIES + "/two-rack-leaf-spine.dot", dot),
                              "",
                              "");
        NS_TEST_ASSERT_MSG_EQ(
            TopologyReader::Read(TOPOLOGIES + "/two-rack-leaf-spine.graphml", graphml),
            "",
            "");
        NS_TEST_EXPECT_MSG_EQ(CompareTopologies(dot, graphml), "", "the same fabric");
        NS_TEST_EXPECT_MSG_EQ(CountRole(dot, TopologyMachine::SWITCH), 4, "2 leaves, 2 spines");
        NS_TEST_EXPECT_MSG_EQ(CountRole(dot, TopologyMachine::HOST), 4, "2 hosts per rack");
        NS_TEST_EXPECT_MSG_EQ(TopologySpanningTree::Compute(dot), 1, "one loop, one port blocked");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The generators make the topologies they promise, valid.
 */
class GeneratorCountsTest : public TestCase
{
  public:
    GeneratorCountsTest()
        : TestCase("generators: fat-tree k^3 over 4 hosts and 5k^2 over 4 switches, leaf-spine, "
                   "star, tree")
    {
    }

  private:
    /// Check a topology's machines and links, and that it validates.
    void Expect(const TopologyGraph& graph,
                size_t hosts,
                size_t switches,
                size_t links,
                const std::string& what)
    {
        NS_TEST_EXPECT_MSG_EQ(CountRole(graph, TopologyMachine::HOST), hosts, what << ": hosts");
        NS_TEST_EXPECT_MSG_EQ(CountRole(graph, TopologyMachine::SWITCH),
                              switches,
                              what << ": switches");
        NS_TEST_EXPECT_MSG_EQ(boost::num_edges(graph), links, what << ": links");
        NS_TEST_EXPECT_MSG_EQ(TopologyValidator::Validate(graph), "", what << ": valid");
    }

    void DoRun() override
    {
        TopologyGraph graph;
        for (uint32_t k : {4, 8})
        {
            NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::FatTree(k, graph), "", "fat-tree");
            Expect(graph, k * k * k / 4, 5 * k * k / 4, 3 * k * k * k / 4, "fat-tree");
            // Every aggregation switch reaches k/2 cores, every core one switch per pod.
            TopologyVertex core = *FindMachine(graph, "core-0");
            NS_TEST_EXPECT_MSG_EQ(boost::out_degree(core, graph), k, "a core's ports");
            TopologyVertex agg = *FindMachine(graph, "agg-1-1");
            NS_TEST_EXPECT_MSG_EQ(boost::out_degree(agg, graph), k, "an aggregation's ports");
        }
        NS_TEST_EXPECT_MSG_EQ(graph[boost::graph_bundle].layer, TopologyProperties::L3, "routed");

        TopologyLink link;
        link.rate = DataRate("10Gbps");
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::LeafSpine(4, 2, 8, 4, graph, link), "", "");
        Expect(graph, 32, 6, 32 + 8, "leaf-spine 4,2,8 at 4:1");
        // 8 x 10 Gb/s of hosts over 2 uplinks at 4:1: 10 Gb/s each.
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "leaf-3", "spine-1").rate, DataRate("10Gbps"), "");
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "host-3-7", "leaf-3").rate, DataRate("10Gbps"), "");
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::LeafSpine(2, 3, 6, 1, graph, link), "", "");
        Expect(graph, 12, 5, 12 + 6, "leaf-spine 2,3,6 at 1:1");
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "leaf-0", "spine-2").rate, DataRate("20Gbps"), "");

        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::Star(7, graph), "", "star");
        Expect(graph, 7, 1, 7, "star");
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::Tree(3, 2, graph), "", "tree");
        Expect(graph, 8, 1 + 2 + 4, 2 + 4 + 8, "binary tree of depth 3");

        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::PaperLan(graph), "", "paper");
        Expect(graph, 2, 1, 4, "the paper's LAN");
        for (const std::string& name : TestbedHelper::GetPaperMachineNames())
        {
            NS_TEST_EXPECT_MSG_EQ(FindMachine(graph, name).has_value(), true, name);
        }
        NS_TEST_EXPECT_MSG_EQ(graph[*FindMachine(graph, "host1")].memoryMiB, 1536, "Table 1");
        NS_TEST_EXPECT_MSG_EQ(graph[*FindMachine(graph, "host2")].memoryMiB, 2048, "Table 1");

        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::Make("leaf-spine:2,2,4,2", graph), "", "");
        Expect(graph, 8, 4, 8 + 4, "leaf-spine:2,2,4,2");
        NS_TEST_EXPECT_MSG_EQ(LinkOf(graph, "leaf-0", "spine-0").rate, DataRate("100Mbps"), "");
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::Make("fat-tree:6", graph), "", "");
        Expect(graph, 54, 45, 162, "fat-tree:6");

        for (const char* bad : {"fat-tree:3",
                                "fat-tree:x",
                                "leaf-spine:2,2",
                                "leaf-spine:1,1,1,0",
                                "star:0",
                                "tree:0,2",
                                "ring:4",
                                "paper:1",
                                "tree:20,20"})
        {
            std::string why = TopologyGenerator::Make(bad, graph);
            NS_TEST_EXPECT_MSG_NE(why.find(std::string("topology '") + bad + "'"),
                                  std::string::npos,
                                  "refused, naming it: " << why);
            NS_TEST_EXPECT_MSG_EQ(boost::num_vertices(graph), 0, bad << ": nothing made");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The spanning tree leaves exactly one active path between any two machines of
 *        an L2 domain with redundant links, preferring faster links as 802.1D does.
 */
class SpanningTreeTest : public TestCase
{
  public:
    SpanningTreeTest()
        : TestCase("spanning tree: one active path between any two machines")
    {
    }

  private:
    /// Check that the active links form a tree spanning every machine.
    void ExpectTree(const TopologyGraph& graph, const std::string& what)
    {
        boost::filtered_graph<TopologyGraph, ActiveLinks> active(graph, ActiveLinks{&graph});
        size_t links = 0;
        for (TopologyEdge e : boost::make_iterator_range(boost::edges(active)))
        {
            (void)e;
            ++links;
        }
        std::vector<int> component(boost::num_vertices(graph));
        size_t components = boost::connected_components(active, component.data());
        // Connected with n - 1 links: a tree, so exactly one path between two machines.
        NS_TEST_EXPECT_MSG_EQ(components, 1, what << ": connected");
        NS_TEST_EXPECT_MSG_EQ(links, boost::num_vertices(graph) - 1, what << ": no loop");
    }

    void DoRun() override
    {
        TopologyGraph graph;
        for (uint32_t k : {4, 8})
        {
            TopologyGenerator::FatTree(k, graph, TopologyLink(), TopologyProperties::L2);
            uint32_t blocked = TopologySpanningTree::Compute(graph);
            NS_TEST_EXPECT_MSG_EQ(blocked,
                                  boost::num_edges(graph) - (boost::num_vertices(graph) - 1),
                                  "fat-tree: every redundant link blocked");
            ExpectTree(graph, "fat-tree");
        }
        TopologyGenerator::LeafSpine(4, 3, 2, 1, graph, TopologyLink(), TopologyProperties::L2);
        TopologySpanningTree::Compute(graph);
        ExpectTree(graph, "leaf-spine");
        // Every host's link stays active: hosts do not take part in the spanning tree.
        for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
        {
            bool toHost = graph[boost::source(e, graph)].role == TopologyMachine::HOST ||
                          graph[boost::target(e, graph)].role == TopologyMachine::HOST;
            NS_TEST_EXPECT_MSG_EQ(toHost && graph[e].blocked, false, "a host's link is active");
        }

        // A ring of three switches with one slow link: 802.1D's path costs block it; two
        // parallel links: one of them.
        TopologyGraph ring;
        NS_TEST_ASSERT_MSG_EQ(ReadDot(R"(graph { a [role=switch]; b [role=switch];
            c [role=switch]; h [role=host];
            a -- b [rate="1Gbps"]; b -- c [rate="100Mbps"]; a -- c [rate="1Gbps"];
            c -- h; a -- c [rate="1Gbps"]; })",
                                      ring),
                              "",
                              "ring");
        NS_TEST_EXPECT_MSG_EQ(TopologySpanningTree::Compute(ring), 2, "two links blocked");
        auto [slow, found] = boost::edge(*FindMachine(ring, "b"), *FindMachine(ring, "c"), ring);
        NS_TEST_EXPECT_MSG_EQ(found && ring[slow].blocked, true, "the slow link blocked");
        ExpectTree(ring, "ring");
        NS_TEST_EXPECT_MSG_EQ(TopologySpanningTree::PathCost(DataRate("100Mbps")), 200000, "");
        NS_TEST_EXPECT_MSG_EQ(TopologySpanningTree::PathCost(DataRate("1Gbps")), 20000, "");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A bad topology is refused with a message naming the input, the element and
 *        what is wrong, and nothing read.
 */
class BadTopologyTest : public TestCase
{
  public:
    /**
     * @param what the case
     * @param dot the topology
     * @param named what the message must contain (the element and the fault)
     */
    BadTopologyTest(const std::string& what, const std::string& dot, const std::string& named)
        : TestCase("bad topology: " + what),
          m_dot(dot),
          m_named(named)
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        std::string why = ReadDot(m_dot, graph);
        NS_TEST_EXPECT_MSG_EQ(why.rfind("test.dot: ", 0), 0, "names the file: " << why);
        NS_TEST_EXPECT_MSG_NE(why.find(m_named),
                              std::string::npos,
                              "names " << m_named << ": " << why);
        NS_TEST_EXPECT_MSG_EQ(boost::num_vertices(graph), 0, "nothing read");
    }

    std::string m_dot;   //!< the topology
    std::string m_named; //!< what the message must contain
};

/**
 * @ingroup vm-migration-tests
 * @brief A bad GraphML topology: a link to an undeclared node, a node without a name.
 */
class BadGraphmlTest : public TestCase
{
  public:
    BadGraphmlTest()
        : TestCase("bad topology: GraphML link to an undeclared node, node without a name")
    {
    }

  private:
    /// @return the error of reading a GraphML graph whose body is @p body
    static std::string Read(const std::string& body)
    {
        std::istringstream in(R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="n" for="node" attr.name="name" attr.type="string"/>
  <key id="r" for="node" attr.name="role" attr.type="string"/>
  <graph id="G" edgedefault="undirected">
    <node id="a"><data key="n">sw</data><data key="r">switch</data></node>
    <node id="b"><data key="n">h</data><data key="r">host</data></node>
    <edge source="b" target="a"/>)" +
                              body + "</graph></graphml>");
        TopologyGraph graph;
        std::string why = TopologyReader::ReadGraphml(in, "bad.graphml", graph);
        return boost::num_vertices(graph) == 0 ? why : "read";
    }

    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(Read(R"(<edge source="a" target="x"/>)"),
                              "bad.graphml: a link from node sw goes to an undeclared node",
                              "a link to an undeclared node");
        NS_TEST_EXPECT_MSG_EQ(Read(R"(<node id="c"><data key="r">host</data></node>)"),
                              "bad.graphml: node 3 (in the file's order) has no name (give "
                              "each GraphML node a 'name' data)",
                              "a node without a name");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Refusals outside a file's text: a file that is not there, a loop in an L2
 *        domain that no spanning tree breaks, an l3 rack too big for its /24.
 */
class RefusedInstallTest : public TestCase
{
  public:
    RefusedInstallTest()
        : TestCase("refused: missing file, l2 loop without spanning tree, l3 rack over its subnet")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        std::string why = TopologyReader::Read("/nonexistent/lan.dot", graph);
        NS_TEST_EXPECT_MSG_EQ(why, "/nonexistent/lan.dot: cannot be opened", "missing file");

        TopologyGenerator::LeafSpine(2, 2, 1, 1, graph, TopologyLink(), TopologyProperties::L2);
        uint32_t nodes = NodeList::GetNNodes();
        TopologyHelper helper;
        helper.SetSpanningTree(false);
        Ptr<Testbed> testbed;
        why = helper.Install(graph, testbed);
        NS_TEST_EXPECT_MSG_NE(why.find("closes a loop in the l2 domain, and no spanning tree"),
                              std::string::npos,
                              why);
        NS_TEST_EXPECT_MSG_NE(why.find("link leaf-1 -- spine-1"), std::string::npos, why);
        NS_TEST_EXPECT_MSG_EQ(testbed, nullptr, "nothing built");
        NS_TEST_EXPECT_MSG_EQ(NodeList::GetNNodes(), nodes, "no node made");

        TopologyGenerator::Star(300, graph);
        graph[boost::graph_bundle].layer = TopologyProperties::L3;
        why = TopologyHelper().Install(graph, testbed);
        NS_TEST_EXPECT_MSG_EQ(why,
                              "switch switch has 300 machines: its rack's subnet (a /24) holds "
                              "at most 253",
                              why);
        NS_TEST_EXPECT_MSG_EQ(NodeList::GetNNodes(), nodes, "no node made");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A topology with redundant links built by TopologyHelper carries UDP between
 *        two hosts in different racks, over the spanning tree; its hosts are the
 *        testbed's Xen hosts.
 */
class TopologyPingTest : public TestCase
{
  public:
    /**
     * @param model the links' model
     */
    explicit TopologyPingTest(TopologyLink::Model model)
        : TestCase("TopologyHelper: UDP echo across a leaf-spine L2 fabric, " +
                   TopologyLink::ModelName(model)),
          m_model(model)
    {
    }

  private:
    void DoRun() override
    {
        TopologyLink link;
        link.model = m_model;
        TopologyGraph graph;
        TopologyGenerator::LeafSpine(2, 2, 2, 1, graph, link, TopologyProperties::L2);
        graph[*FindMachine(graph, "host-1-1")].cores = 4;
        Ptr<Testbed> testbed;
        NS_TEST_ASSERT_MSG_EQ(TopologyHelper().Install(graph, testbed), "", "built");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetMachineNames().size(), 4, "the hosts, not the switches");
        NS_TEST_EXPECT_MSG_EQ(
            testbed->GetHypervisor("host-1-1")->GetAttributeFailSafe("Cores", m_cores),
            true,
            "a Xen host");
        NS_TEST_EXPECT_MSG_EQ(m_cores.Get(), 4, "its cores from the graph");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("host-0-0"), Ipv4Address("10.0.0.1"), "");

        NS_TEST_EXPECT_MSG_EQ(CountEchoes(testbed, "host-0-0", "host-1-1"),
                              PINGS,
                              "every echo came back");
    }

    TopologyLink::Model m_model; //!< the links' model
    UintegerValue m_cores;       //!< the host's cores, read back
};

/**
 * @ingroup vm-migration-tests
 * @brief Two machines joined directly by a point-to-point link (ns-3's
 *        PointToPointNetDevice) carry UDP.
 */
class PointToPointPairTest : public TestCase
{
  public:
    PointToPointPairTest()
        : TestCase("TopologyHelper: UDP echo over a point-to-point link")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(ReadDot(R"(graph { c [role=client]; s [role=storage];
                c -- s [model="point-to-point", rate="1Gbps", delay="1ms"]; })",
                                      graph),
                              "",
                              "");
        Ptr<Testbed> testbed;
        NS_TEST_ASSERT_MSG_EQ(TopologyHelper().Install(graph, testbed), "", "built");
        Ptr<Node> client = testbed->GetNode("c");
        bool pointToPoint = false;
        for (uint32_t i = 0; i < client->GetNDevices(); ++i)
        {
            pointToPoint |= DynamicCast<PointToPointNetDevice>(client->GetDevice(i)) != nullptr;
        }
        NS_TEST_EXPECT_MSG_EQ(pointToPoint, true, "the NIC is a PointToPointNetDevice");
        NS_TEST_EXPECT_MSG_EQ(CountEchoes(testbed, "c", "s"), PINGS, "every echo came back");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A VM moves between the racks of the two-rack leaf-spine file (one L2 domain,
 *        a spanning tree): the migration completes with every page, and a host in the
 *        first rack reaches the VM at its new place once it has announced itself.
 */
class CrossRackMigrationTest : public TestCase
{
  public:
    CrossRackMigrationTest()
        : TestCase("TopologyHelper: a VM migrates across racks of a leaf-spine L2 fabric")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(TOPOLOGIES + "/two-rack-leaf-spine.dot", graph),
                              "",
                              "");
        Ptr<Testbed> testbed;
        NS_TEST_ASSERT_MSG_EQ(TopologyHelper().Install(graph, testbed), "", "built");
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(64));
        testbed->AddVm("host-0-0", vm);

        // Echoes every 50 ms from the other host of the source's rack.
        uint16_t port = 9;
        UdpEchoServerHelper server(port);
        server.Install(vm->GetNode()).Start(Seconds(0));
        UdpEchoClientHelper client(vm->GetAddress(), port);
        client.SetAttribute("MaxPackets", UintegerValue(1000));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
        ApplicationContainer apps = client.Install(testbed->GetNode("host-0-1"));
        apps.Start(Seconds(0.1));
        apps.Stop(Seconds(END));
        apps.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&CrossRackMigrationTest::Echoed, this));

        MigrationHelper migration;
        migration.SetStrategyType("ns3::StopAndCopyStrategy");
        migration.Migrate(vm, testbed->GetHypervisor("host-1-1"), Seconds(1));
        Simulator::Stop(Seconds(END));
        Simulator::Run();
        std::vector<MigrationRecord> records = migration.GetManager()->GetRecords();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(records.size(), 1, "one migration");
        const MigrationRecord& r = records.front();
        NS_TEST_EXPECT_MSG_EQ(r.GetStatus(), "completed", "the VM runs on host-1-1");
        NS_TEST_EXPECT_MSG_EQ(r.mismatches, 0, "every page arrived");
        size_t after = 0;
        for (Time t : m_echoes)
        {
            after += t > r.resumed ? 1 : 0;
        }
        // Echoes every 50 ms from shortly after the resume to the end.
        double expected = (Seconds(END) - r.resumed).GetSeconds() / 0.05;
        NS_TEST_EXPECT_MSG_GT(after, expected - 5, "the VM answers at its new place");
    }

    /// Note when an echo came back.
    void Echoed(Ptr<const Packet> /* packet */)
    {
        m_echoes.push_back(Simulator::Now());
    }

    static constexpr double END = 10; //!< seconds simulated
    std::vector<Time> m_echoes;       //!< when each echo came back
};

/**
 * @ingroup vm-migration-tests
 * @brief Topology test suite.
 */
class TopologyTestSuite : public TestSuite
{
  public:
    TopologyTestSuite()
        : TestSuite("vm-migration-topology", UNIT)
    {
        AddTestCase(new DotRoundTripTest(), TestCase::QUICK);
        AddTestCase(new GraphmlRoundTripTest(), TestCase::QUICK);
        AddTestCase(new ExampleFilesTest(), TestCase::QUICK);
        AddTestCase(new GeneratorCountsTest(), TestCase::QUICK);
        AddTestCase(new SpanningTreeTest(), TestCase::QUICK);
        AddBadCases();
        AddTestCase(new BadGraphmlTest(), TestCase::QUICK);
        AddTestCase(new RefusedInstallTest(), TestCase::QUICK);
        AddTestCase(new TopologyPingTest(TopologyLink::CSMA), TestCase::QUICK);
        AddTestCase(new TopologyPingTest(TopologyLink::FULL_DUPLEX), TestCase::QUICK);
        AddTestCase(new PointToPointPairTest(), TestCase::QUICK);
        AddTestCase(new CrossRackMigrationTest(), TestCase::QUICK);
    }

  private:
    /// Every bad-topology case, each with what its message must name.
    void AddBadCases()
    {
        const std::string lan = "s [role=switch]; h [role=host]; ";
        const std::vector<std::array<std::string, 3>> cases = {
            {"unknown role",
             "graph { s [role=switch]; h [role=hots]; h -- s; }",
             "node h: role 'hots' is not host, switch, client or storage"},
            {"missing rate",
             "graph { " + lan + "h -- s [rate=\"\"]; }",
             "link h -- s: rate is empty"},
            {"invalid rate",
             "graph { " + lan + "h -- s [rate=fast]; }",
             "link h -- s: rate 'fast' is not a number and a unit"},
            {"zero rate",
             "graph { " + lan + "h -- s [rate=\"0Gbps\"]; }",
             "link h -- s: rate '0Gbps' is not between"},
            {"bad delay",
             "graph { " + lan + "h -- s [delay=\"2 fortnights\"]; }",
             "link h -- s: delay '2 fortnights' is not a number and a unit"},
            {"unknown link model",
             "graph { " + lan + "h -- s [model=wifi]; }",
             "link h -- s: model 'wifi' is not csma, full-duplex or point-to-point"},
            {"bad queue", "graph { " + lan + "h -- s [queue=0]; }", "link h -- s: queue '0'"},
            {"link to an unknown node",
             "graph { " + lan + "h -- s; hx -- s; }",
             "node hx: no role"},
            {"host not connected",
             "graph { " + lan +
                 "h -- s; i [role=client]; i -- s; t [role=switch]; g [role=host]; g -- t; }",
             "host g is not connected to the rest"},
            {"host without a link",
             "graph { " + lan + "h -- s; g [role=host]; }",
             "host g is not connected to the rest: it has no link"},
            {"host with two links",
             "graph { " + lan + "t [role=switch]; s -- t; h -- s; h -- t; }",
             "host h has 2 links"},
            {"unknown attribute",
             "graph { " + lan + "h -- s [rat=\"1Gbps\"]; }",
             "link h -- s: unknown attribute 'rat'"},
            {"bad memory",
             "graph { s [role=switch]; h [role=host, memory=-1]; h -- s; }",
             "node h: memory '-1'"},
            {"dom0 takes all",
             "graph { s [role=switch]; h [role=host, memory=512]; h -- s; }",
             "host h: dom0memory 512 MiB leaves nothing"},
            {"bad layer",
             "graph { layer=l4; " + lan + "h -- s; }",
             "graph: layer 'l4' is not l2 or l3"},
            {"point-to-point bridged",
             "graph { " + lan + "h -- s [model=\"point-to-point\"]; }",
             "link h -- s: a point-to-point device cannot be a port of a bridge"},
            {"link to itself",
             "graph { s [role=switch]; " + std::string("s -- s; h [role=host]; h -- s; }"),
             "link s -- s joins a machine to itself"},
            {"directed graph", "digraph { s [role=switch]; }", "cannot be read"},
            {"syntax error", "graph { s [role=switch; }", "cannot be read"},
            {"no machines", "graph { }", "no machines"},
        };
        for (const auto& [what, dot, named] : cases)
        {
            AddTestCase(new BadTopologyTest(what, dot, named), TestCase::QUICK);
        }
    }
};

/// The suite's instance.
static TopologyTestSuite g_topologyTestSuite;

} // namespace ns3
