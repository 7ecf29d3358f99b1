/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Migration plans: their files, the placement and plan policies, and the runner that
 * starts many migrations over shared links.
 */

#include "migration-test-fixture.h"

#include "ns3/core-module.h"
#include "ns3/migration-helper.h"
#include "ns3/migration-plan-runner.h"
#include "ns3/migration-plan.h"
#include "ns3/migration-planner.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"

#include <algorithm>
#include <fstream>

namespace ns3
{

namespace
{

/// Memory of the test VMs (MiB): small, so that a migration lasts a few seconds.
constexpr double VM_MIB = 32;

/**
 * @brief A switched full-duplex LAN of Xen hosts with idle VMs.
 * @param hosts the hosts' names
 * @param hostMiB each host's memory (MiB), dom0's 512 included
 * @param vms each VM's name and the host it boots on
 * @return the testbed
 */
Ptr<Testbed>
BuildTestbed(const std::vector<std::string>& hosts,
             uint32_t hostMiB,
             const std::vector<std::pair<std::string, std::string>>& vms)
{
    TestbedHelper helper;
    helper.SetLinkModel(TestbedHelper::FULL_DUPLEX);
    for (const std::string& host : hosts)
    {
        helper.AddHost(host, hostMiB);
    }
    Ptr<Testbed> testbed = helper.Install();
    for (const auto& [name, host] : vms)
    {
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("Name", StringValue(name));
        vm->SetAttribute("MemoryMiB", DoubleValue(VM_MIB));
        testbed->AddVm(host, vm);
    }
    return testbed;
}

/**
 * @brief Run @p plan with stop-and-copy on @p testbed.
 * @param plan the plan
 * @param testbed the testbed
 * @param maxConcurrent the runner's limit
 * @param [out] error Install's answer
 * @return the runner, after the simulation (destroyed)
 */
Ptr<MigrationPlanRunner>
RunPlan(const MigrationPlan& plan, Ptr<Testbed> testbed, uint32_t maxConcurrent, std::string& error)
{
    MigrationHelper migration;
    migration.SetStrategyType("ns3::StopAndCopyStrategy");
    auto runner = CreateObject<MigrationPlanRunner>();
    runner->SetAttribute("MaxConcurrent", UintegerValue(maxConcurrent));
    error = runner->Install(plan, testbed, migration);
    Simulator::Run();
    Simulator::Destroy();
    return runner;
}

/**
 * @brief Total time of one migration of a test VM, alone on the LAN.
 * @return the time (s)
 */
double
MigrateAlone()
{
    Ptr<Testbed> testbed = BuildTestbed({"host1", "host2"}, 2048, {{"vm1", "host1"}});
    MigrationPlan plan;
    plan.Add("vm1", "host2", Seconds(1));
    std::string error;
    auto runner = RunPlan(plan, testbed, 0, error);
    return runner->GetOutcomes().at(0).record.GetTotalTime().GetSeconds();
}

} // namespace

/// CSV and JSON plans are read, and bad ones refused with the line or entry at fault.
class PlanFileTest : public TestCase
{
  public:
    PlanFileTest()
        : TestCase("plan files: CSV and JSON read alike; bad files name the line or entry")
    {
    }

  private:
    void DoRun() override
    {
        MigrationPlan csv;
        std::string error =
            MigrationPlan::ParseCsv("vm,target,at_s\nweb1,host3,10\n db2 , host4 ,2.5\n",
                                    "p.csv",
                                    csv);
        NS_TEST_ASSERT_MSG_EQ(error, "", "a good CSV plan");
        NS_TEST_ASSERT_MSG_EQ(csv.GetEntries().size(), 2, "two migrations");
        NS_TEST_EXPECT_MSG_EQ(csv.GetEntries()[1].vm, "db2", "spaces trimmed");
        NS_TEST_EXPECT_MSG_EQ(csv.GetEntries()[1].at, Seconds(2.5), "the time");

        MigrationPlan json;
        error = MigrationPlan::ParseJson(
            R"({"migrations": [{"vm": "web1", "target": "host3", "at_s": 10},
                               {"vm": "db2", "target": "host4", "at_s": 2.5}]})",
            "p.json",
            json);
        NS_TEST_ASSERT_MSG_EQ(error, "", "a good JSON plan");
        NS_TEST_EXPECT_MSG_EQ(json.FormatCsv(), csv.FormatCsv(), "the same plan both ways");

        MigrationPlan back;
        NS_TEST_EXPECT_MSG_EQ(MigrationPlan::ParseCsv(csv.FormatCsv(), "back", back),
                              "",
                              "FormatCsv reads back");
        NS_TEST_EXPECT_MSG_EQ(back.FormatCsv(), csv.FormatCsv(), "round trip");

        const std::vector<std::pair<std::string, std::string>> badCsv = {
            {"", "p.csv: empty"},
            {"vm,host,at\n", "p.csv:1: the header"},
            {"vm,target,at_s\nweb1,host3\n", "p.csv:2: expected 3 fields"},
            {"vm,target,at_s\nweb1,host3,10,\n", "p.csv:2: expected 3 fields"},
            {"vm,target,at_s\nweb1,host3,soon\n", "p.csv:2: at_s 'soon' is not a number"},
            {"vm,target,at_s\n\nweb1,host3,-1\n", "p.csv:3: at_s must be"},
            {"vm,target,at_s\n,host3,1\n", "p.csv:2: the VM's name is empty"},
            {"vm,target,at_s\n\"a,b\",host3,1\n", "p.csv:2: quoted fields"},
        };
        for (const auto& [text, expected] : badCsv)
        {
            MigrationPlan plan;
            error = MigrationPlan::ParseCsv(text, "p.csv", plan);
            NS_TEST_EXPECT_MSG_EQ(error.rfind(expected, 0),
                                  0,
                                  "'" << text << "' gives '" << error << "'");
        }
        const std::vector<std::pair<std::string, std::string>> badJson = {
            {"{", "p.json: not JSON"},
            {"[]", "p.json: expected an object"},
            {R"({"migrations": [1]})", "p.json: migrations[0]: expected an object"},
            {R"({"migrations": [{"vm": "a"}]})", "p.json: migrations[0]: \"vm\" and"},
            {R"({"migrations": [{"vm": "a", "target": "b", "when": 1}]})",
             "p.json: migrations[0]: unknown key \"when\""},
            {R"({"migrations": [{"vm": "a", "target": "b", "at_s": "1"}]})",
             "p.json: migrations[0]: \"at_s\" must be a number"},
        };
        for (const auto& [text, expected] : badJson)
        {
            MigrationPlan plan;
            error = MigrationPlan::ParseJson(text, "p.json", plan);
            NS_TEST_EXPECT_MSG_EQ(error.rfind(expected, 0),
                                  0,
                                  "'" << text << "' gives '" << error << "'");
        }
        MigrationPlan plan;
        NS_TEST_EXPECT_MSG_EQ(MigrationPlan::Read("plan.txt", plan),
                              "plan.txt: a plan file ends with .csv or .json",
                              "an unknown file type");
        NS_TEST_EXPECT_MSG_EQ(MigrationPlan::Read("/nonexistent/plan.csv", plan),
                              "/nonexistent/plan.csv: cannot be read",
                              "a missing file");
    }
};

/// The policies, against placements worked out by hand.
class PlannerPolicyTest : public TestCase
{
  public:
    PlannerPolicyTest()
        : TestCase("policies: first fit, evacuation, first-fit-decreasing consolidation, swap")
    {
    }

  private:
    void DoRun() override
    {
        using Vm = MigrationPlanner::VmView;
        using Host = MigrationPlanner::HostView;
        // First fit: 300 and 300 fill h1 (700 free), 500 goes to h2, 200 back to h1.
        std::vector<Vm> vms = {{"a", 300, ""}, {"b", 300, ""}, {"c", 500, ""}, {"d", 100, ""}};
        std::vector<Host> hosts = {{"h1", 700}, {"h2", 600}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::PlaceFirstFit(vms, hosts), "", "all fit");
        NS_TEST_EXPECT_MSG_EQ(vms[0].host + vms[1].host + vms[2].host + vms[3].host,
                              "h1h1h2h1",
                              "first fit");
        NS_TEST_EXPECT_MSG_EQ(hosts[0].freeMiB, 0, "h1 full");
        // Spread: round robin; e skips h1 (50 MiB left) for h2.
        std::vector<Vm> spreadVms = {{"a", 300, ""},
                                     {"b", 300, ""},
                                     {"c", 350, ""},
                                     {"d", 100, ""},
                                     {"e", 200, ""}};
        std::vector<Host> spreadHosts = {{"h1", 700}, {"h2", 600}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::PlaceSpread(spreadVms, spreadHosts), "", "spread");
        std::string spreadHostsOf;
        for (const Vm& vm : spreadVms)
        {
            spreadHostsOf += vm.host;
        }
        NS_TEST_EXPECT_MSG_EQ(spreadHostsOf, "h1h2h1h2h2", "round robin, skipping a full host");
        std::vector<Vm> big = {{"e", 800, ""}};
        NS_TEST_EXPECT_MSG_EQ(MigrationPlanner::PlaceFirstFit(big, hosts),
                              "VM e (800 MiB) fits on no host",
                              "too big");

        // Evacuate h1 (a 300, b 200) over h2 (250 free) and h3 (400 free): largest first,
        // a to h3 (h2 too small), b to h2.
        std::vector<Vm> placed = {{"a", 300, "h1"}, {"b", 200, "h1"}, {"c", 100, "h2"}};
        std::vector<Host> free = {{"h1", 0}, {"h2", 250}, {"h3", 400}};
        MigrationPlan plan;
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Evacuate("h1", placed, free, Seconds(5), plan),
                              "",
                              "evacuation");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(), "vm,target,at_s\na,h3,5\nb,h2,5\n", "the plan");
        free[1].freeMiB = 150; // a still goes to h3; then b fits nowhere
        NS_TEST_EXPECT_MSG_EQ(MigrationPlanner::Evacuate("h1", placed, free, Seconds(5), plan),
                              "cannot evacuate h1: VM b (200 MiB) fits on no host",
                              "nowhere to go");
        NS_TEST_EXPECT_MSG_EQ(MigrationPlanner::Evacuate("h9", placed, free, Seconds(5), plan),
                              "unknown host 'h9'",
                              "unknown host");

        // Consolidate three half-empty hosts of 1000 MiB: h2 (600 used) is fullest and
        // keeps its VM; the 300 and 200 join it... 600+300 = 900, then 200 does not fit
        // and goes to the next fullest, h1.
        std::vector<Vm> spread = {{"x", 300, "h1"}, {"y", 600, "h2"}, {"z", 200, "h3"}};
        std::vector<Host> partly = {{"h1", 700}, {"h2", 400}, {"h3", 800}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Consolidate(spread, partly, Seconds(0), plan),
                              "",
                              "consolidation");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(),
                              "vm,target,at_s\nx,h2,0\nz,h1,0\n",
                              "h3 emptied, h1 keeps z");

        // Equal VMs: those of the fuller host stay, the others join them while there is
        // room (names sorting across hosts must not swap VMs between hosts).
        std::vector<Vm> equal = {{"vm1", 100, "h1"},
                                 {"vm2", 100, "h1"},
                                 {"vm3", 100, "h1"},
                                 {"vm10", 100, "h2"},
                                 {"vm11", 100, "h2"}};
        std::vector<Host> fourEach = {{"h1", 100}, {"h2", 200}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Consolidate(equal, fourEach, Seconds(0), plan),
                              "",
                              "consolidation of equal VMs");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(),
                              "vm,target,at_s\nvm10,h1,0\n",
                              "one VM moves to fill h1");

        // Swap: alternating directions, largest first.
        std::vector<Vm> two = {{"a1", 100, "h1"}, {"a2", 200, "h1"}, {"b1", 150, "h2"}};
        std::vector<Host> room = {{"h1", 0}, {"h2", 200}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Swap("h1", "h2", two, room, Seconds(1), plan),
                              "",
                              "swap");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(),
                              "vm,target,at_s\na2,h2,1\nb1,h1,1\na1,h2,1\n",
                              "the swap's order");
        room[1].freeMiB = 100; // h2 would hold 150 + 100 free < 300
        NS_TEST_EXPECT_MSG_EQ(MigrationPlanner::Swap("h1", "h2", two, room, Seconds(1), plan),
                              "the VMs of h1 and h2 do not fit on each other's host",
                              "no room");
    }
};

/// The policies keep every migration inside its host's group (a distributed run's partition).
class PlannerGroupTest : public TestCase
{
  public:
    PlannerGroupTest()
        : TestCase("policies: evacuation, consolidation and swap stay inside a partition")
    {
    }

  private:
    void DoRun() override
    {
        using Vm = MigrationPlanner::VmView;
        using Host = MigrationPlanner::HostView;
        // h1 and h3 in partition 0, h2 and h4 in partition 1; h2 comes first with room,
        // but a's target is h3, its own partition's.
        std::vector<Vm> placed = {{"a", 300, "h1"}, {"b", 200, "h2"}};
        std::vector<Host> hosts = {{"h1", 0, 0}, {"h2", 800, 1}, {"h3", 400, 0}, {"h4", 1000, 1}};
        MigrationPlan plan;
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Evacuate("h1", placed, hosts, Seconds(2), plan),
                              "",
                              "evacuation inside partition 0");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(), "vm,target,at_s\na,h3,2\n", "to h3, not h2");
        hosts[2].freeMiB = 100; // h3 too small: partition 1's room does not count
        NS_TEST_EXPECT_MSG_EQ(MigrationPlanner::Evacuate("h1", placed, hosts, Seconds(2), plan),
                              "cannot evacuate h1: VM a (300 MiB) fits on no host of partition 0",
                              "no room in the partition");

        // Consolidation packs each partition on its own: in one group b and c would join
        // a on h1, the fullest host; in two groups nothing crosses, and partition 1's c
        // (on h4) joins b on h2, the fuller host of its partition.
        std::vector<Vm> spread = {{"a", 300, "h1"}, {"b", 200, "h2"}, {"c", 100, "h4"}};
        std::vector<Host> partly = {{"h1", 700, 0},
                                    {"h2", 800, 1},
                                    {"h3", 1000, 0},
                                    {"h4", 900, 1}};
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Consolidate(spread, partly, Seconds(0), plan),
                              "",
                              "consolidation by partition");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(), "vm,target,at_s\nc,h2,0\n", "only c moves");
        for (Host& host : partly)
        {
            host.group = 0;
        }
        NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Consolidate(spread, partly, Seconds(0), plan),
                              "",
                              "consolidation in one group");
        NS_TEST_EXPECT_MSG_EQ(plan.FormatCsv(),
                              "vm,target,at_s\nb,h1,0\nc,h1,0\n",
                              "in one group, b and c join a on h1, the fullest host");

        NS_TEST_EXPECT_MSG_EQ(
            MigrationPlanner::Swap("h1", "h2", placed, hosts, Seconds(1), plan),
            "h1 and h2 lie in different partitions (0 and 1): a migration stays inside one",
            "a swap across partitions");
    }
};

/**
 * Concurrent migrations share what they cross: two over one path (the source's uplink
 * and the target's downlink) each take about twice one alone, two over disjoint paths of
 * the switched LAN as long as one alone.
 *
 * Tolerances: the link is work-conserving, so the later of two equal transfers sharing
 * it ends when both have been carried, 2 T after the start (within 5 %, the stream's
 * slow start and the TCP acknowledgements sharing the links); the earlier ends no
 * earlier than at its fair share would bring it within ns-3 TCP's unfairness between
 * two equal NewReno flows (at least 1.5 T).  Over disjoint full-duplex paths nothing is
 * shared, so each takes T within 2 %.
 */
class SharedLinkTest : public TestCase
{
  public:
    SharedLinkTest()
        : TestCase("concurrent migrations: twice as long over one path, as long over disjoint ones")
    {
    }

  private:
    void DoRun() override
    {
        double alone = MigrateAlone();
        NS_TEST_ASSERT_MSG_GT(alone, 1, "a 32 MiB stop-and-copy takes seconds");

        Ptr<Testbed> shared =
            BuildTestbed({"host1", "host2"}, 2048, {{"vm1", "host1"}, {"vm2", "host1"}});
        MigrationPlan together;
        together.Add("vm1", "host2", Seconds(1));
        together.Add("vm2", "host2", Seconds(1));
        std::string error;
        auto runner = RunPlan(together, shared, 0, error);
        NS_TEST_ASSERT_MSG_EQ(error, "", "the plan installs");
        std::vector<double> times;
        for (const auto& o : runner->GetOutcomes())
        {
            NS_TEST_ASSERT_MSG_EQ(o.record.completed, true, o.entry.vm << " completed");
            times.push_back(o.record.GetTotalTime().GetSeconds());
        }
        std::sort(times.begin(), times.end());
        NS_TEST_EXPECT_MSG_EQ_TOL(times[1], 2 * alone, 0.05 * 2 * alone, "the later one: 2 T");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(times[0], 1.5 * alone, "the earlier one: its share");

        Ptr<Testbed> disjoint = BuildTestbed({"host1", "host2", "host3", "host4"},
                                             2048,
                                             {{"vm1", "host1"}, {"vm2", "host3"}});
        MigrationPlan apart;
        apart.Add("vm1", "host2", Seconds(1));
        apart.Add("vm2", "host4", Seconds(1));
        runner = RunPlan(apart, disjoint, 0, error);
        for (const auto& o : runner->GetOutcomes())
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(o.record.GetTotalTime().GetSeconds(),
                                      alone,
                                      0.02 * alone,
                                      o.entry.vm << " as long as alone");
        }
    }
};

/**
 * An evacuation one at a time lasts the sum of its migrations, each as long as alone;
 * with a limit of 2, never more than 2 run at once, and the makespan is still three
 * migrations' time: every stream leaves through the source host's one uplink.
 *
 * Tolerances: the manager's toolstack phases are 0 by default, so one at a time, each
 * migration starts when the previous one is released (makespan = sum, within 1 us of
 * rounding) and takes T within 2 % (the next stream starts on an idle link); two at a
 * time carry the same bytes over the same uplink, 3 T within 5 % (as SharedLinkTest).
 */
class EvacuationTest : public TestCase
{
  public:
    EvacuationTest()
        : TestCase("evacuation: one at a time sums the migrations; a limit of 2 holds")
    {
    }

  private:
    void DoRun() override
    {
        double alone = MigrateAlone();
        for (uint32_t limit : {1u, 2u})
        {
            Ptr<Testbed> testbed =
                BuildTestbed({"host1", "host2", "host3"},
                             2048,
                             {{"vm1", "host1"}, {"vm2", "host1"}, {"vm3", "host1"}});
            std::vector<MigrationPlanner::VmView> vms;
            std::vector<MigrationPlanner::HostView> hosts;
            MigrationPlanner::Snapshot(
                {testbed->GetHypervisor("host1"), testbed->GetHypervisor("host2")},
                vms,
                hosts);
            MigrationPlan plan;
            NS_TEST_ASSERT_MSG_EQ(MigrationPlanner::Evacuate("host1", vms, hosts, Seconds(1), plan),
                                  "",
                                  "host2 holds them all");
            std::string error;
            auto runner = RunPlan(plan, testbed, limit, error);
            NS_TEST_ASSERT_MSG_EQ(error, "", "the plan installs");
            MigrationPlanRunner::Summary summary = runner->GetSummary();
            NS_TEST_ASSERT_MSG_EQ(summary.completed, 3, "all three moved");
            double sum = 0;
            for (const auto& o : runner->GetOutcomes())
            {
                double total = o.record.GetTotalTime().GetSeconds();
                sum += total;
                if (limit == 1)
                {
                    NS_TEST_EXPECT_MSG_EQ_TOL(total, alone, 0.02 * alone, "each as alone");
                }
                uint32_t overlapping = 0;
                for (const auto& other : runner->GetOutcomes())
                {
                    overlapping +=
                        other.record.start <= o.record.start && o.record.start < other.record.end;
                }
                NS_TEST_EXPECT_MSG_LT_OR_EQ(overlapping, limit, "at most the limit at once");
            }
            if (limit == 1)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(summary.makespan.GetSeconds(), sum, 1e-6, "the sum");
            }
            else
            {
                // Two at a time share host1's uplink, which carries all three either way.
                NS_TEST_EXPECT_MSG_EQ_TOL(summary.makespan.GetSeconds(),
                                          3 * alone,
                                          0.05 * 3 * alone,
                                          "the source's uplink sets the makespan");
            }
        }
    }
};

/**
 * A swap waits for memory: each host has room for one more VM, so the first migration
 * each way starts at once and the second waits for a VM to leave its target.  With no
 * room at all, nothing can start and the plan's migrations are refused, with the
 * manager's reason.
 */
class SwapTest : public TestCase
{
  public:
    SwapTest()
        : TestCase("swap: migrations wait for the memory a leaving VM frees; refused without")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t room : {1u, 0u})
        {
            uint32_t hostMiB = 512 + (2 + room) * uint32_t(VM_MIB);
            Ptr<Testbed> testbed =
                BuildTestbed({"host1", "host2"},
                             hostMiB,
                             {{"a1", "host1"}, {"a2", "host1"}, {"b1", "host2"}, {"b2", "host2"}});
            std::vector<MigrationPlanner::VmView> vms;
            std::vector<MigrationPlanner::HostView> hosts;
            MigrationPlanner::Snapshot(
                {testbed->GetHypervisor("host1"), testbed->GetHypervisor("host2")},
                vms,
                hosts);
            MigrationPlan plan;
            NS_TEST_ASSERT_MSG_EQ(
                MigrationPlanner::Swap("host1", "host2", vms, hosts, Seconds(1), plan),
                "",
                "the swap fits once the VMs have left");
            std::string error;
            auto runner = RunPlan(plan, testbed, 0, error);
            MigrationPlanRunner::Summary summary = runner->GetSummary();
            if (room == 1)
            {
                NS_TEST_EXPECT_MSG_EQ(summary.completed, 4, "all four swapped");
                const auto& o = runner->GetOutcomes();
                // a1 and b1 go at once; a2 waits for b1 to leave host2, b2 for a1.
                NS_TEST_EXPECT_MSG_EQ(o[0].record.start, Seconds(1), "first each way at once");
                NS_TEST_EXPECT_MSG_EQ(o[1].record.start, Seconds(1), "first each way at once");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(o[2].record.start, o[1].record.end, "waited");
                NS_TEST_EXPECT_MSG_GT_OR_EQ(o[3].record.start, o[0].record.end, "waited");
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ(summary.failed, 4, "nothing can start");
                NS_TEST_EXPECT_MSG_EQ(runner->GetOutcomes()[0].refusal.find("MiB free"),
                                      std::string("host host2 has 0 ").size(),
                                      "the manager's reason");
            }
        }
    }
};

/// Plans naming what the testbed lacks are refused whole, before anything runs.
class PlanCheckTest : public TestCase
{
  public:
    PlanCheckTest()
        : TestCase("a plan naming an unknown VM or host is refused, and nothing runs")
    {
    }

  private:
    void DoRun() override
    {
        for (const auto& [vm, target, expected] :
             std::vector<std::tuple<std::string, std::string, std::string>>{
                 {"vm9", "host2", "migration 2 (vm9 to host2): no VM is called 'vm9'"},
                 {"vm1", "switch", "migration 2 (vm1 to switch): no Xen host is called 'switch'"}})
        {
            Ptr<Testbed> testbed = BuildTestbed({"host1", "host2"}, 2048, {{"vm1", "host1"}});
            MigrationPlan plan;
            plan.Add("vm1", "host2", Seconds(1));
            plan.Add(vm, target, Seconds(1));
            std::string error;
            auto runner = RunPlan(plan, testbed, 0, error);
            NS_TEST_EXPECT_MSG_EQ(error, expected, "the entry at fault");
            NS_TEST_EXPECT_MSG_EQ(runner->GetOutcomes().size(), 0, "nothing ran");
        }
    }
};

/// The migration plan suite.
class MigrationPlanTestSuite : public TestSuite
{
  public:
    MigrationPlanTestSuite()
        : TestSuite("vm-migration-plan", UNIT)
    {
        AddTestCase(new PlanFileTest, TestCase::QUICK);
        AddTestCase(new PlannerPolicyTest, TestCase::QUICK);
        AddTestCase(new PlannerGroupTest, TestCase::QUICK);
        AddTestCase(new PlanCheckTest, TestCase::QUICK);
        AddTestCase(new SharedLinkTest, TestCase::QUICK);
        AddTestCase(new EvacuationTest, TestCase::EXTENSIVE);
        AddTestCase(new SwapTest, TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static MigrationPlanTestSuite g_migrationPlanTestSuite;

} // namespace ns3
