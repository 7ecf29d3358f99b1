/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/double.h"
#include "ns3/migration-plan-runner.h"
#include "ns3/migration-record-codec.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/topology-generator.h"
#include "ns3/topology-helper.h"
#include "ns3/topology-partition.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <map>
#include <sstream>

/**
 * @file
 * @ingroup vm-migration-tests
 * Partitions for ns-3's distributed simulator: pods found and dealt out, the links
 * between partitions point-to-point, what cannot be split refused, migrations kept
 * inside a partition, and the records the processes exchange read back whole.  (That
 * `mpirun -np 2` gives the one-process run's outputs is test/mpi-test.sh.)
 */

namespace ns3
{

namespace
{

/**
 * @param spec a generator's spec
 * @param partitions how many partitions
 * @param [out] graph the topology, l3 with full-duplex links, split
 * @return what TopologyPartition::ByPod said
 */
std::string
MakeSplit(const std::string& spec, uint32_t partitions, TopologyGraph& graph)
{
    TopologyLink link;
    link.model = TopologyLink::FULL_DUPLEX;
    std::string why = TopologyGenerator::Make(spec, graph, link);
    graph[boost::graph_bundle].layer = TopologyProperties::L3;
    return why.empty() ? TopologyPartition::ByPod(graph, partitions) : why;
}

/**
 * @ingroup vm-migration-tests
 * @brief A fat-tree's pods go to partitions in blocks, the cores to the first, and only
 * the links between partitions become point-to-point.
 */
class FatTreePartitionTest : public TestCase
{
  public:
    FatTreePartitionTest()
        : TestCase("partition: k=4 fat-tree, 4 pods in 2 and 3 partitions, cores in the first")
    {
    }

  private:
    void DoRun() override
    {
        // Pod j of 4 goes to partition j x N / 4: N = 2 gives 0 0 1 1, N = 3 gives 0 0 1 2.
        const std::map<uint32_t, std::vector<uint32_t>> expected = {{2, {0, 0, 1, 1}},
                                                                    {3, {0, 0, 1, 2}}};
        for (const auto& [partitions, ofPod] : expected)
        {
            TopologyGraph graph;
            NS_TEST_ASSERT_MSG_EQ(MakeSplit("fat-tree:4", partitions, graph), "", "split");
            NS_TEST_EXPECT_MSG_EQ(TopologyPartition::CountPods(graph), 4, "a k=4 fat-tree's pods");
            for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
            {
                const TopologyMachine& m = graph[v];
                // Names: host-P-E-I, edge-P-I, agg-P-I, core-I.
                uint32_t want = m.name.rfind("core-", 0) == 0
                                    ? 0
                                    : ofPod.at(m.name[m.name.find('-') + 1] - '0');
                NS_TEST_EXPECT_MSG_EQ(m.systemId, want, m.name << " of " << partitions);
            }
            uint32_t across = 0;
            for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
            {
                const TopologyMachine& a = graph[boost::source(e, graph)];
                const TopologyMachine& b = graph[boost::target(e, graph)];
                bool crosses = a.systemId != b.systemId;
                across += crosses;
                NS_TEST_EXPECT_MSG_EQ(
                    graph[e].model,
                    (crosses ? TopologyLink::POINT_TO_POINT : TopologyLink::FULL_DUPLEX),
                    a.name << " -- " << b.name);
                if (crosses)
                {
                    bool coreToAgg =
                        (a.name.rfind("core-", 0) == 0) != (b.name.rfind("core-", 0) == 0);
                    NS_TEST_EXPECT_MSG_EQ(coreToAgg, true, a.name << " -- " << b.name);
                }
            }
            // Each pod outside partition 0 reaches the 4 cores through 4 links.
            uint32_t podsElsewhere =
                std::count_if(ofPod.begin(), ofPod.end(), [](uint32_t p) { return p != 0; });
            NS_TEST_EXPECT_MSG_EQ(across, 4 * podsElsewhere, "links between partitions");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A leaf-spine's pods are its racks; what cannot be split is refused, naming why.
 */
class PartitionLimitsTest : public TestCase
{
  public:
    PartitionLimitsTest()
        : TestCase("partition: a leaf-spine's racks; refused: l2, more partitions than pods, "
                   "0, a partition boundary on a machine's link")
    {
    }

  private:
    void DoRun() override
    {
        TopologyGraph graph;
        NS_TEST_ASSERT_MSG_EQ(MakeSplit("leaf-spine:4,2,2", 4, graph), "", "split");
        for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
        {
            // Names: host-L-I, leaf-L, spine-I; spines in partition 0.
            const std::string& name = graph[v].name;
            uint32_t want = name.rfind("spine-", 0) == 0 ? 0 : name[name.find('-') + 1] - '0';
            NS_TEST_EXPECT_MSG_EQ(graph[v].systemId, want, name);
        }

        TopologyGraph l2;
        TopologyGenerator::Make("fat-tree:4", l2);
        l2[boost::graph_bundle].layer = TopologyProperties::L2;
        NS_TEST_EXPECT_MSG_NE(TopologyPartition::ByPod(l2, 2).find("l2 topology cannot be split"),
                              std::string::npos,
                              "l2");
        TopologyGraph fatTree;
        std::string tooMany = MakeSplit("fat-tree:4", 5, fatTree);
        NS_TEST_EXPECT_MSG_NE(tooMany.find("5 partitions, but the topology has 4 pods"),
                              std::string::npos,
                              tooMany);
        NS_TEST_EXPECT_MSG_NE(TopologyPartition::ByPod(fatTree, 0), "", "0 partitions");
        TopologyGraph star;
        std::string onMachine = MakeSplit("star:3", 2, star);
        NS_TEST_EXPECT_MSG_NE(onMachine.find("only a link between two routers"),
                              std::string::npos,
                              onMachine);
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The plan runner keeps migrations inside their partitions, and refuses a limit
 * that one process could not keep.
 */
class PartitionPlanTest : public TestCase
{
  public:
    PartitionPlanTest()
        : TestCase("partition: a migration between partitions and a MaxConcurrent over two "
                   "partitions are refused; one inside each is installed")
    {
    }

  private:
    void DoRun() override
    {
        // Each case in its own simulation: the runner schedules what it installs.
        NS_TEST_EXPECT_MSG_EQ(Install({{"vm1", "host-0-0-1"}, {"vm2", "host-2-0-1"}}, 0), "", "");
        std::string across = Install({{"vm1", "host-2-0-1"}}, 0);
        NS_TEST_EXPECT_MSG_NE(across.find("the VM is in partition 0, the target in partition 1"),
                              std::string::npos,
                              across);
        std::string limit = Install({{"vm1", "host-0-0-1"}, {"vm2", "host-2-0-1"}}, 1);
        NS_TEST_EXPECT_MSG_NE(limit.find("MaxConcurrent 1 with a plan over 2 partitions"),
                              std::string::npos,
                              limit);
        NS_TEST_EXPECT_MSG_EQ(Install({{"vm1", "host-0-0-1"}, {"vm3", "host-1-0-0"}}, 1),
                              "",
                              "a limit inside one partition");
    }

    /**
     * @brief Build a k=4 fat-tree in 2 partitions with vm1 on host-0-0-0, vm2 on host-2-0-0
     * and vm3 on host-0-1-0, and install a plan.
     * @param moves (vm, target) pairs, all at 1 s
     * @param maxConcurrent the runner's MaxConcurrent
     * @return what Install said
     */
    std::string Install(const std::vector<std::pair<std::string, std::string>>& moves,
                        uint32_t maxConcurrent)
    {
        TopologyGraph graph;
        Ptr<Testbed> testbed;
        std::string built = MakeSplit("fat-tree:4", 2, graph);
        built = built.empty() ? TopologyHelper().Install(graph, testbed) : built;
        if (!built.empty() || testbed->GetPartition("host-2-0-0") != 1)
        {
            Simulator::Destroy();
            return "not built in two partitions: " + built;
        }
        const std::map<std::string, std::string> hosts = {{"vm1", "host-0-0-0"},
                                                          {"vm2", "host-2-0-0"},
                                                          {"vm3", "host-0-1-0"}};
        for (const auto& [name, host] : hosts)
        {
            auto vm = CreateObject<VirtualMachine>();
            vm->SetAttribute("Name", StringValue(name));
            vm->SetAttribute("MemoryMiB", DoubleValue(16));
            testbed->AddVm(host, vm);
        }
        std::ostringstream csv;
        csv << "vm,target,at_s\n";
        for (const auto& [vm, target] : moves)
        {
            csv << vm << "," << target << ",1\n";
        }
        MigrationPlan plan;
        std::string why = MigrationPlan::ParseCsv(csv.str(), "plan", plan);
        MigrationHelper migration;
        auto runner = CreateObject<MigrationPlanRunner>();
        runner->SetAttribute("MaxConcurrent", UintegerValue(maxConcurrent));
        why = why.empty() ? runner->Install(plan, testbed, migration) : why;
        Simulator::Destroy();
        return why;
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A process's records and outcomes read back whole in another.
 */
class RecordCodecTest : public TestCase
{
  public:
    RecordCodecTest()
        : TestCase("partition: migration and round records encoded and decoded without loss; "
                   "a damaged line is refused")
    {
    }

  private:
    void DoRun() override
    {
        MigrationRecord r;
        r.vm = "web\t1\\a";
        r.source = "host 1";
        r.target = "host-2";
        r.strategy = "pre-copy";
        r.memoryMiB = 1.0 / 3;
        r.start = NanoSeconds(1);
        r.suspended = NanoSeconds(123456789012);
        r.resumed = NanoSeconds(123456789013);
        r.end = Seconds(200);
        r.bytesSent = 1ULL << 40;
        r.bytesReceived = 3;
        r.pagesSent = 4;
        r.rounds = 5;
        r.mismatches = 6;
        r.pagesPulled = 7;
        r.faults = 8;
        r.faultStall = MicroSeconds(9);
        r.completed = false;
        r.failure = "reset\nby peer";
        std::string line = MigrationRecordCodec::Encode(r);
        NS_TEST_EXPECT_MSG_EQ(line.find('\n'), std::string::npos, "one line");
        std::optional<MigrationRecord> back = MigrationRecordCodec::DecodeMigration(line);
        NS_TEST_ASSERT_MSG_EQ(back.has_value(), true, line);
        NS_TEST_EXPECT_MSG_EQ(MigrationRecordCodec::Encode(*back), line, "the same record");
        NS_TEST_EXPECT_MSG_EQ(back->vm, r.vm, "escaped text");
        NS_TEST_EXPECT_MSG_EQ(back->failure, r.failure, "escaped text");
        NS_TEST_EXPECT_MSG_EQ(back->memoryMiB, r.memoryMiB, "a real number, to the last bit");
        NS_TEST_EXPECT_MSG_EQ(back->suspended, r.suspended, "a time, to the step");
        NS_TEST_EXPECT_MSG_EQ(back->bytesSent, r.bytesSent, "64-bit counts");

        MigrationRoundRecord round;
        round.vm = "vm7";
        round.round = 3;
        round.final = true;
        round.start = MilliSeconds(5);
        round.end = MilliSeconds(7);
        round.pagesSent = 11;
        round.pagesSkipped = 12;
        round.pagesDirtied = 13;
        round.bytesSent = 14;
        std::string roundLine = MigrationRecordCodec::Encode(round);
        std::optional<MigrationRoundRecord> roundBack =
            MigrationRecordCodec::DecodeRound(roundLine);
        NS_TEST_ASSERT_MSG_EQ(roundBack.has_value(), true, roundLine);
        NS_TEST_EXPECT_MSG_EQ(MigrationRecordCodec::Encode(*roundBack), roundLine, "same round");

        // Damaged: cut short, a field not a number, the other kind of record.
        NS_TEST_EXPECT_MSG_EQ(
            MigrationRecordCodec::DecodeMigration(line.substr(0, line.size() - 2)).has_value(),
            false,
            "cut short");
        std::string notNumber = roundLine;
        notNumber.replace(notNumber.rfind('\t') + 1, std::string::npos, "x14");
        NS_TEST_EXPECT_MSG_EQ(MigrationRecordCodec::DecodeRound(notNumber).has_value(),
                              false,
                              notNumber);
        NS_TEST_EXPECT_MSG_EQ(MigrationRecordCodec::DecodeMigration(roundLine).has_value(),
                              false,
                              "a round is not a migration");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Partition test suite.
 */
class PartitionTestSuite : public TestSuite
{
  public:
    PartitionTestSuite()
        : TestSuite("vm-migration-partition", UNIT)
    {
        AddTestCase(new FatTreePartitionTest(), TestCase::QUICK);
        AddTestCase(new PartitionLimitsTest(), TestCase::QUICK);
        AddTestCase(new PartitionPlanTest(), TestCase::QUICK);
        AddTestCase(new RecordCodecTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static PartitionTestSuite g_partitionTestSuite;

} // namespace

} // namespace ns3
