/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/double.h"
#include "ns3/migration-helper.h"
#include "ns3/migration-monitor-helper.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief A MigrationMonitor installed by its helper on a testbed built by the helpers
 *        collects the migration, its rounds and the VM's life cycle as the manager saw
 *        them, and writes them under the column names it owns.
 */
class MigrationMonitorCollectTest : public TestCase
{
  public:
    /// @param strategy the strategy's TypeId name
    explicit MigrationMonitorCollectTest(const std::string& strategy)
        : TestCase("the monitor collects a " + strategy + " migration of a writing VM"),
          m_strategy(strategy)
    {
    }

  private:
    void DoRun() override
    {
        TestbedHelper testbedHelper;
        testbedHelper.AddMachine("load-generator");
        testbedHelper.AddHost("host1", 2048);
        testbedHelper.AddHost("host2", 2048);
        Ptr<Testbed> testbed = testbedHelper.Install();

        Ptr<VirtualMachine> vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(64));
        vm->GetDirtyPageModel()->SetAttribute("PageWriteRate", DoubleValue(2000));
        vm->GetDirtyPageModel()->SetAttribute("WorkingSetPages", UintegerValue(16 * 256));
        testbed->AddVm("host1", vm);

        MigrationHelper migration;
        migration.SetStrategyType(m_strategy);
        migration.Migrate(vm, testbed->GetHypervisor("host2"), Seconds(1));

        MigrationMonitorHelper monitorHelper;
        Ptr<MigrationMonitor> monitor = monitorHelper.Install(migration.GetManager());
        monitorHelper.Install(testbed);
        NS_TEST_ASSERT_MSG_EQ(monitorHelper.GetMonitor(), monitor, "one monitor per helper");

        Simulator::Run();
        std::vector<MigrationRecord> managerRecords = migration.GetManager()->GetRecords();
        std::vector<MigrationRoundRecord> managerRounds = migration.GetManager()->GetRounds();
        Simulator::Destroy();

        // The migration, as the manager's traces left it.
        NS_TEST_ASSERT_MSG_EQ(monitor->GetRecords().size(), 1, "one migration record");
        NS_TEST_ASSERT_MSG_EQ(managerRecords.size(), 1, "the manager ran one migration");
        if (monitor->GetRecords().size() != 1 || managerRecords.size() != 1)
        {
            return; // the runner goes on after a failed assertion
        }
        const MigrationRecord& r = monitor->GetRecords().front();
        NS_TEST_EXPECT_MSG_EQ(r.GetStatus(), "completed", "status");
        NS_TEST_EXPECT_MSG_EQ(r.vm, managerRecords.front().vm, "VM");
        NS_TEST_EXPECT_MSG_EQ(r.source, "host1", "source");
        NS_TEST_EXPECT_MSG_EQ(r.target, "host2", "target");
        NS_TEST_EXPECT_MSG_EQ(r.start, Seconds(1), "requested at 1 s");
        NS_TEST_EXPECT_MSG_EQ(r.suspended, managerRecords.front().suspended, "suspend");
        NS_TEST_EXPECT_MSG_EQ(r.resumed, managerRecords.front().resumed, "resume");
        NS_TEST_EXPECT_MSG_EQ(r.end, managerRecords.front().end, "release");
        NS_TEST_EXPECT_MSG_EQ(r.bytesSent, managerRecords.front().bytesSent, "bytes sent");
        NS_TEST_EXPECT_MSG_GT(r.GetDowntime(), Seconds(0), "a downtime");
        // 64 MiB at 100 Mb/s take about 8 s; a downtime of more than that is no downtime.
        NS_TEST_EXPECT_MSG_LT(r.GetDowntime(), Seconds(30), "a plausible downtime");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(r.GetTotalTime(), r.GetDowntime(), "total >= downtime");

        // Its rounds: as many as the strategy ran, numbered from 1, the last one final.
        const std::vector<MigrationRoundRecord>& rounds = monitor->GetRounds();
        NS_TEST_ASSERT_MSG_GT(r.rounds, 0, "at least one round");
        NS_TEST_ASSERT_MSG_EQ(rounds.size(), r.rounds, "one round record per round");
        NS_TEST_ASSERT_MSG_EQ(rounds.size(), managerRounds.size(), "the manager's rounds");
        if (rounds.size() != managerRounds.size())
        {
            return;
        }
        for (uint32_t i = 0; i < rounds.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(rounds[i].round, i + 1, "round numbers");
            NS_TEST_EXPECT_MSG_EQ(rounds[i].pagesSent, managerRounds[i].pagesSent, "pages");
            NS_TEST_EXPECT_MSG_EQ(rounds[i].final, (i + 1 == rounds.size()), "the last is final");
        }
        if (m_strategy == "ns3::StopAndCopyStrategy")
        {
            NS_TEST_EXPECT_MSG_EQ(rounds.size(), 1, "stop-and-copy runs one round");
        }
        else
        {
            NS_TEST_EXPECT_MSG_GT(rounds.size(), 1, "pre-copy iterates over the dirty pages");
        }

        // The VM's life cycle: live copy (pre-copy only), pause, restore, run.
        std::vector<VirtualMachine::State> states;
        for (const MigrationMonitor::StateChange& change : monitor->GetStateChanges())
        {
            NS_TEST_EXPECT_MSG_EQ(change.vm, r.vm, "the VM's name");
            states.push_back(change.to);
        }
        std::vector<VirtualMachine::State> expected = {VirtualMachine::MIGRATING,
                                                       VirtualMachine::SUSPENDED,
                                                       VirtualMachine::RESUMING,
                                                       VirtualMachine::RUNNING};
        NS_TEST_EXPECT_MSG_EQ((states == expected),
                              true,
                              "MIGRATING, SUSPENDED, RESUMING, RUNNING");
        if (states == expected)
        {
            NS_TEST_EXPECT_MSG_EQ(monitor->GetStateChanges()[1].time, r.suspended, "paused");
            NS_TEST_EXPECT_MSG_EQ(monitor->GetStateChanges().back().time, r.resumed, "running");
        }

        // The files: the headers are the constants, the rows the records; no clients, no
        // request files.
        using Columns = MigrationMonitor::Columns;
        auto files = monitor->FormatCsv(Seconds(0), Seconds(0), Simulator::Now());
        NS_TEST_ASSERT_MSG_EQ(files.size(), 3, "migrations, rounds and events without clients");
        if (files.size() != 3)
        {
            return;
        }
        std::vector<std::string> expectedHeaders = {Columns::Join(Columns::MIGRATIONS_CSV),
                                                    Columns::Join(Columns::ROUNDS_CSV),
                                                    Columns::Join(Columns::EVENTS_CSV)};
        std::vector<size_t> rows = {1, rounds.size(), 1};
        for (size_t f = 0; f < files.size(); ++f)
        {
            const std::string& text = files[f].second;
            NS_TEST_EXPECT_MSG_EQ(files[f].first, MigrationMonitor::GetFileNames()[f], "name");
            NS_TEST_EXPECT_MSG_EQ(text.substr(0, text.find('\n') + 1),
                                  expectedHeaders[f],
                                  files[f].first << "'s header");
            NS_TEST_EXPECT_MSG_EQ(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')),
                                  rows[f] + 1,
                                  files[f].first << "'s rows");
        }
        NS_TEST_EXPECT_MSG_EQ(files[0].second,
                              MigrationMonitor::FormatMigrations(managerRecords),
                              "migrations.csv from the manager's records");
        NS_TEST_EXPECT_MSG_EQ(files[1].second,
                              MigrationMonitor::FormatRounds(managerRounds),
                              "rounds.csv from the manager's rounds");
        // events.csv without clients: the window, then three empty cells.
        std::string events = files[2].second.substr(files[2].second.find('\n') + 1);
        NS_TEST_EXPECT_MSG_EQ(events.substr(events.size() - 4), ",,,\n", "no client view");
    }

    std::string m_strategy; //!< the strategy's TypeId name
};

/**
 * @ingroup vm-migration-tests
 * @brief The monitor's column names: each file's header is its list of constants.
 */
class MigrationMonitorColumnsTest : public TestCase
{
  public:
    MigrationMonitorColumnsTest()
        : TestCase("each file's header is its list of column constants")
    {
    }

  private:
    void DoRun() override
    {
        using Columns = MigrationMonitor::Columns;
        NS_TEST_EXPECT_MSG_EQ(MigrationMonitor::FormatMigrations({}),
                              Columns::Join(Columns::MIGRATIONS_CSV),
                              "migrations.csv");
        NS_TEST_EXPECT_MSG_EQ(MigrationMonitor::FormatRounds({}),
                              Columns::Join(Columns::ROUNDS_CSV),
                              "rounds.csv");
        NS_TEST_EXPECT_MSG_EQ(MigrationMonitor::FormatEvents({}, nullptr),
                              Columns::Join(Columns::EVENTS_CSV),
                              "events.csv");
        RequestLog log;
        NS_TEST_EXPECT_MSG_EQ(log.FormatRequests(),
                              Columns::Join(Columns::REQUESTS_CSV),
                              "requests.csv");
        NS_TEST_EXPECT_MSG_EQ(log.FormatSummary(Seconds(0), Seconds(1)).substr(0, 9),
                              std::string(Columns::T_FROM_S) + ",",
                              "summary.csv's first column");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief MigrationMonitor test suite.
 */
class MigrationMonitorTestSuite : public TestSuite
{
  public:
    MigrationMonitorTestSuite()
        : TestSuite("vm-migration-monitor", UNIT)
    {
        AddTestCase(new MigrationMonitorColumnsTest(), TestCase::QUICK);
        AddTestCase(new MigrationMonitorCollectTest("ns3::XenPreCopyStrategy"), TestCase::QUICK);
        AddTestCase(new MigrationMonitorCollectTest("ns3::StopAndCopyStrategy"),
                    TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static MigrationMonitorTestSuite g_migrationMonitorTestSuite;

} // namespace ns3
