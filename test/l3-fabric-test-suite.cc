/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/double.h"
#include "ns3/host-route-fabric.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/migration-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/topology-generator.h"
#include "ns3/topology-helper.h"
#include "ns3/topology-reader.h"
#include "ns3/udp-header.h"
#include "ns3/udp-socket-factory.h"

#include <cmath>
#include <map>
#include <sstream>
#include <tuple>
#include <vector>

namespace ns3
{

namespace
{

/// The routed three-rack fabric of examples/topologies.
const std::string THREE_RACKS = "/three-rack-leaf-spine-l3.dot";

/// Count a packet a router forwards towards @p to.
void
CountForward(uint32_t* count, Ipv4Address to, const Ipv4Header& header, Ptr<const Packet>, uint32_t)
{
    *count += header.GetDestination() == to ? 1 : 0;
}

/// Note when a packet arrived.
void
NoteTime(std::vector<Time>* times, Ptr<const Packet> /* packet */)
{
    times->push_back(Simulator::Now());
}

/**
 * @brief Count, at a router, the packets it forwards towards an address.
 * @param router the router
 * @param to the address
 * @param [out] count the counter
 */
void
CountForwarded(Ptr<Node> router, Ipv4Address to, uint32_t* count)
{
    router->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "UnicastForward",
        MakeBoundCallback(&CountForward, count, to));
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief ECMP in a routed k=4 fat-tree: UDP flows from a host of pod 0 to a host of pod 1
 *        spread over the 4 core switches and over pod 0's 2 aggregation switches.
 *
 * The edge switch picks one of its 2 aggregation switches, which picks one of its 2
 * cores.  Per packet (FabricEcmpRouting's per-packet mode) each choice is uniform and
 * independent: of N packets a core's count is Binomial(N, 1/4), an aggregation switch's
 * Binomial(N, 1/2).  Per flow, a flow's packets all take one path, and with a hash that
 * behaves as a random function of the 5-tuple (seeded per router, so that the two tiers'
 * choices are independent) a core carries Binomial(F, 1/4) of F flows, an aggregation
 * switch Binomial(F, 1/2).  Each count must lie within 4 standard deviations of its mean
 * (a false alarm: probability 6e-5 per count).  With ECMP off (first), one core carries
 * everything.
 */
class EcmpSpreadTest : public TestCase
{
  public:
    /**
     * @param mode the routers' FabricEcmpRouting mode
     */
    explicit EcmpSpreadTest(const std::string& mode)
        : TestCase("l3 fat-tree k=4, ECMP " + mode +
                   ": what each core and aggregation switch carries, within binomial bounds"),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        TopologyLink link;
        link.model = TopologyLink::FULL_DUPLEX;
        NS_TEST_ASSERT_MSG_EQ(TopologyGenerator::FatTree(4, graph, link), "", "");
        Ptr<Testbed> testbed;
        TopologyHelper helper;
        helper.SetEcmpAttribute("Mode", StringValue(m_mode));
        NS_TEST_ASSERT_MSG_EQ(helper.Install(graph, testbed), "", "built");
        Ipv4Address to = testbed->GetAddress("host-1-0-0");

        std::vector<std::string> routers =
            {"core-0", "core-1", "core-2", "core-3", "agg-0-0", "agg-0-1"};
        for (const std::string& name : routers)
        {
            testbed->GetSwitch(name)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "UnicastForward",
                MakeCallback(&EcmpSpreadTest::Forwarded, this).Bind(name));
        }
        uint16_t port = 9;
        PacketSinkHelper sink("ns3::UdpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinks = sink.Install(testbed->GetNode("host-1-0-0"));
        Ptr<Node> from = testbed->GetNode("host-0-0-0");
        for (uint32_t f = 0; f < FLOWS; ++f)
        {
            Ptr<Socket> socket = Socket::CreateSocket(from, UdpSocketFactory::GetTypeId());
            socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), FIRST_PORT + f));
            socket->Connect(InetSocketAddress(to, port));
            for (uint32_t k = 0; k < PACKETS_PER_FLOW; ++k)
            {
                Time at = Seconds(0.1) + INTERVAL * (f * PACKETS_PER_FLOW + k);
                Simulator::Schedule(at, &EcmpSpreadTest::Send, socket);
            }
        }
        Simulator::Stop(Seconds(0.2) + INTERVAL * (FLOWS * PACKETS_PER_FLOW));
        Simulator::Run();
        uint64_t received = DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx();
        Simulator::Destroy();

        const uint32_t packets = FLOWS * PACKETS_PER_FLOW;
        NS_TEST_EXPECT_MSG_EQ(received, uint64_t(packets) * SIZE, "every packet arrived");
        // What each router carried: packets, and flows (a flow counted at every router it
        // used, so that a flow split over two paths shows).
        std::map<std::string, uint32_t> carried;
        std::map<std::string, uint32_t> flows;
        uint32_t split = 0;
        for (const auto& [flow, counts] : m_flows)
        {
            uint32_t cores = 0;
            for (const auto& [name, count] : counts)
            {
                carried[name] += count;
                ++flows[name];
                cores += name.rfind("core", 0) == 0 ? 1 : 0;
            }
            split += cores > 1 ? 1 : 0;
        }
        uint32_t viaCores = 0;
        uint32_t most = 0;
        for (int c = 0; c < 4; ++c)
        {
            viaCores += carried["core-" + std::to_string(c)];
            most = std::max(most, carried["core-" + std::to_string(c)]);
        }
        NS_TEST_EXPECT_MSG_EQ(viaCores, packets, "each packet crossed one core");
        NS_TEST_EXPECT_MSG_EQ(carried["agg-0-0"] + carried["agg-0-1"],
                              packets,
                              "each packet crossed one aggregation switch of pod 0");
        if (m_mode == "first")
        {
            NS_TEST_EXPECT_MSG_EQ(most, packets, "one path");
            return;
        }
        if (m_mode == "per-flow")
        {
            NS_TEST_EXPECT_MSG_EQ(split, 0, "a flow keeps its path");
        }
        for (const std::string& name : routers)
        {
            double p = name.rfind("core", 0) == 0 ? 0.25 : 0.5;
            double n = m_mode == "per-flow" ? FLOWS : packets;
            double count = m_mode == "per-flow" ? flows[name] : carried[name];
            NS_TEST_EXPECT_MSG_EQ_TOL(count,
                                      n * p,
                                      4 * std::sqrt(n * p * (1 - p)),
                                      name << " carried " << count << " of " << n);
        }
    }

    /// Send one packet of SIZE bytes.
    static void Send(Ptr<Socket> socket)
    {
        socket->Send(Create<Packet>(SIZE));
    }

    /// Count a packet a router forwarded, by its flow (its source port).
    void Forwarded(std::string router, const Ipv4Header&, Ptr<const Packet> packet, uint32_t)
    {
        UdpHeader udp;
        packet->PeekHeader(udp);
        ++m_flows[udp.GetSourcePort()][router];
    }

    static constexpr uint32_t FLOWS = 400;          //!< flows, each its own source port
    static constexpr uint32_t PACKETS_PER_FLOW = 3; //!< packets of each flow
    static constexpr uint32_t SIZE = 100;           //!< bytes of payload
    static constexpr uint16_t FIRST_PORT = 10000;   //!< the first flow's source port
    /// Between packets: longer than a router's address resolution (ARP's request jitter,
    /// up to 10 ms), so that no packet waits behind another for it and none is dropped.
    inline static const Time INTERVAL = MilliSeconds(11);
    std::string m_mode;                                          //!< ECMP mode
    std::map<uint16_t, std::map<std::string, uint32_t>> m_flows; //!< packets by flow, router
};

/**
 * @ingroup vm-migration-tests
 * @brief A VM migrates from rack 0 to rack 1 of the routed three-rack fabric, keeping its
 *        address; the load generator in rack 2 sends it a UDP echo every 50 ms.
 *
 * Hand computation: echoes come back until the VM is suspended; the requests sent from
 * the resume until the host route has moved (ConvergenceTime later) still reach rack 0's
 * router, which forwards them to the old host where the VM is gone: each is forwarded by
 * leaf-0 and none comes back.  Every request sent after the convergence is answered from
 * rack 1 (its round trip, microseconds on 1 Gb/s links, is far below the 50 ms between
 * requests, so the request in flight at the convergence instant is the only one in doubt).
 */
class HostRouteMigrationTest : public TestCase
{
  public:
    /**
     * @param convergence the fabric's ConvergenceTime
     */
    explicit HostRouteMigrationTest(Time convergence)
        : TestCase("l3 leaf-spine: a VM migrated across racks keeps its address, reached "
                   "again after the convergence time (" +
                   std::to_string(convergence.GetSeconds()) + " s)"),
          m_convergence(convergence)
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(TOPOLOGIES + THREE_RACKS, graph), "", "");
        Ptr<Testbed> testbed;
        NS_TEST_ASSERT_MSG_EQ(TopologyHelper().Install(graph, testbed), "", "built");
        NS_TEST_ASSERT_MSG_NE(testbed->GetFabric(), nullptr, "a routed fabric");
        testbed->GetFabric()->SetAttribute("ConvergenceTime", TimeValue(m_convergence));
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(64));
        testbed->AddVm("host-0-0", vm);
        Ipv4Address address = vm->GetAddress();
        NS_TEST_EXPECT_MSG_EQ(testbed->GetFabric()->GetAnnouncingRouter(vm),
                              testbed->GetSwitch("leaf-0"),
                              "announced from its rack");

        uint16_t port = 9;
        UdpEchoServerHelper server(port);
        server.Install(vm->GetNode()).Start(Seconds(0));
        UdpEchoClientHelper client(address, port);
        client.SetAttribute("MaxPackets", UintegerValue(1000));
        client.SetAttribute("Interval", TimeValue(INTERVAL));
        ApplicationContainer apps = client.Install(testbed->GetNode("clients"));
        apps.Start(FIRST);
        apps.Stop(END);
        std::vector<Time> echoes;
        apps.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&NoteTime, &echoes));
        uint32_t viaOldRack = 0;
        CountForwarded(testbed->GetSwitch("leaf-0"), address, &viaOldRack);
        uint32_t viaNewRack = 0;
        CountForwarded(testbed->GetSwitch("leaf-1"), address, &viaNewRack);

        MigrationHelper migration;
        migration.SetStrategyType("ns3::StopAndCopyStrategy");
        migration.Migrate(vm, testbed->GetHypervisor("host-1-0"), Seconds(1));
        Simulator::Stop(END);
        Simulator::Run();
        std::vector<MigrationRecord> records = migration.GetManager()->GetRecords();
        Ptr<Node> announcing = testbed->GetFabric()->GetAnnouncingRouter(vm);
        Ptr<Node> leaf1 = testbed->GetSwitch("leaf-1");
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(records.size(), 1, "one migration");
        const MigrationRecord& r = records.front();
        NS_TEST_ASSERT_MSG_EQ(r.GetStatus(), "completed", "the VM runs on host-1-0");
        NS_TEST_EXPECT_MSG_EQ(r.mismatches, 0, "every page arrived");
        NS_TEST_EXPECT_MSG_EQ(vm->GetAddress(), address, "the VM kept its address");
        NS_TEST_EXPECT_MSG_EQ(announcing, leaf1, "announced from rack 1");

        Time converged = r.resumed + m_convergence;
        // Requests sent at FIRST + i x INTERVAL before END, counted in [from, to).
        auto sent = [](Time from, Time to) {
            int64_t count = 0;
            for (Time t = FIRST; t < END; t += INTERVAL)
            {
                count += t >= from && t < to ? 1 : 0;
            }
            return count;
        };
        int64_t before = 0;
        int64_t between = 0;
        int64_t after = 0;
        for (Time t : echoes)
        {
            before += t < r.suspended ? 1 : 0;
            between += t > r.suspended && t < converged ? 1 : 0;
            after += t >= converged ? 1 : 0;
        }
        NS_TEST_EXPECT_MSG_EQ(before, sent(Seconds(0), r.suspended), "answered before");
        NS_TEST_EXPECT_MSG_EQ(between, 0, "no answer from downtime to convergence");
        int64_t expected = sent(converged, END);
        NS_TEST_EXPECT_MSG_GT_OR_EQ(after, expected - 1, "answered from rack 1 after convergence");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(after, expected, "");
        // leaf-0 forwards every request sent before the convergence (to the VM, then to
        // where it was); leaf-1 every one after.
        int64_t toOld = sent(Seconds(0), converged);
        NS_TEST_EXPECT_MSG_GT_OR_EQ(int64_t(viaOldRack), toOld, "to the old rack until converged");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(int64_t(viaOldRack), toOld + 1, "");
        NS_TEST_EXPECT_MSG_EQ(int64_t(viaOldRack + viaNewRack), sent(Seconds(0), END), "");
    }

    inline static const Time FIRST = Seconds(0.1);        //!< first request
    inline static const Time INTERVAL = MilliSeconds(50); //!< between requests
    inline static const Time END = Seconds(6);            //!< end of the run
    Time m_convergence;                                   //!< the fabric's ConvergenceTime
};

/**
 * @ingroup vm-migration-tests
 * @brief A DOT file with layer=l3 builds a routed fabric: machines in their racks'
 *        subnets, a VM on a /32 elsewhere, UDP echoes between racks both ways; bad l3
 *        topologies are refused naming the link.
 */
class L3FileTest : public TestCase
{
  public:
    L3FileTest()
        : TestCase("l3 DOT file: builds, addresses by rack, echoes across racks; bad l3 refused")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(TopologyReader::Read(TOPOLOGIES + THREE_RACKS, graph), "", "");
        NS_TEST_EXPECT_MSG_EQ(graph[boost::graph_bundle].layer, TopologyProperties::L3, "");
        Ptr<Testbed> testbed;
        NS_TEST_ASSERT_MSG_EQ(TopologyHelper().Install(graph, testbed), "", "built");
        // Racks in leaf order: leaf-0's 10.0.0.0/24, leaf-1's 10.0.1.0/24, leaf-2's
        // 10.0.2.0/24, each router at .1 and its machines from .2 in name order.
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("host-0-0"), Ipv4Address("10.0.0.2"), "");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("host-0-1"), Ipv4Address("10.0.0.3"), "");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("host-1-1"), Ipv4Address("10.0.1.3"), "");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("clients"), Ipv4Address("10.0.2.2"), "");
        NS_TEST_EXPECT_MSG_EQ(testbed->GetAddress("host-2-0"), Ipv4Address("10.0.2.3"), "");
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(64));
        testbed->AddVm("host-1-1", vm);
        NS_TEST_EXPECT_MSG_EQ(vm->GetAddress(), Ipv4Address("10.128.0.1"), "the VMs' /9");

        uint16_t port = 9;
        UdpEchoServerHelper server(port);
        server.Install(vm->GetNode()).Start(Seconds(0));
        server.Install(testbed->GetNode("host-0-0")).Start(Seconds(0));
        std::vector<Time> fromVm;
        std::vector<Time> fromHost;
        for (auto [to, from, times] :
             {std::make_tuple(vm->GetAddress(), "clients", &fromVm),
              std::make_tuple(testbed->GetAddress("host-0-0"), "host-2-0", &fromHost)})
        {
            UdpEchoClientHelper client(to, port);
            client.SetAttribute("MaxPackets", UintegerValue(PINGS));
            client.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
            ApplicationContainer apps = client.Install(testbed->GetNode(from));
            apps.Start(Seconds(0.1));
            apps.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&NoteTime, times));
        }
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(fromVm.size(), PINGS, "the VM answers across racks");
        NS_TEST_EXPECT_MSG_EQ(fromHost.size(), PINGS, "a host answers across racks");

        // Refusals: a rack port that cannot be bridged, a machine without a router, a csma
        // link between routers.
        std::string why = Refusal(R"(graph { layer=l3; r [role=switch]; h [role=host];
                                  c [role=client]; h -- r [model="point-to-point"]; c -- r; })");
        NS_TEST_EXPECT_MSG_NE(why.find("link h -- r: a point-to-point device cannot be a port "
                                       "of a rack"),
                              std::string::npos,
                              why);
        why = Refusal(R"(graph { layer=l3; h [role=host]; c [role=client]; h -- c; })");
        NS_TEST_EXPECT_MSG_NE(why.find("link h -- c joins two machines"), std::string::npos, why);
        why = Refusal(R"(graph { layer=l3; r [role=switch]; s [role=switch]; h [role=host];
                         c [role=client]; h -- r [model="full-duplex"]; c -- s; r -- s; })");
        NS_TEST_EXPECT_MSG_NE(
            why.find("link r -- s: ns-3's global routing loses the equal-cost paths behind a csma"),
            std::string::npos,
            why);
    }

    /**
     * @param dot a topology
     * @return why reading or building it was refused ("" if it was built)
     */
    static std::string Refusal(const std::string& dot)
    {
        TopologyGraph graph;
        std::istringstream in(dot);
        std::string why = TopologyReader::ReadDot(in, "bad.dot", graph);
        Ptr<Testbed> testbed;
        if (why.empty())
        {
            why = TopologyHelper().Install(graph, testbed);
            Simulator::Destroy();
        }
        return why;
    }

    static constexpr uint32_t PINGS = 5; //!< echoes each way
};

/**
 * @ingroup vm-migration-tests
 * @brief The routed (layer-3) fabric test suite.
 */
class L3FabricTestSuite : public TestSuite
{
  public:
    L3FabricTestSuite()
        : TestSuite("vm-migration-l3-fabric", UNIT)
    {
        AddTestCase(new EcmpSpreadTest("per-flow"), TestCase::QUICK);
        AddTestCase(new EcmpSpreadTest("per-packet"), TestCase::QUICK);
        AddTestCase(new EcmpSpreadTest("first"), TestCase::QUICK);
        AddTestCase(new HostRouteMigrationTest(Seconds(1)), TestCase::QUICK);
        AddTestCase(new HostRouteMigrationTest(Seconds(2.5)), TestCase::EXTENSIVE);
        AddTestCase(new L3FileTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static L3FabricTestSuite g_l3FabricTestSuite;

} // namespace ns3
