/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/migration-monitor.h"
#include "ns3/migration-scenario.h"
#include "ns3/test.h"

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief The same run gives the same bytes; another RngRun of a random workload
 *        does not.
 */
class DeterminismTest : public TestCase
{
  public:
    DeterminismTest()
        : TestCase("same inputs and seed, same CSV bytes")
    {
    }

  private:
    /// @return migrations.csv and rounds.csv of one run, concatenated
    static std::string RunOnce(uint32_t rngRun)
    {
        MigrationScenario scenario;
        scenario.testbed = "ideal";
        scenario.memoryMiB = 16;
        scenario.pageWriteRate = 1000;
        scenario.workingSetMiB = 4;
        scenario.rngRun = rngRun;
        std::string error = scenario.Simulate();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        return MigrationMonitor::FormatMigrations(scenario.GetRecords()) +
               MigrationMonitor::FormatRounds(scenario.GetRounds());
    }

    void DoRun() override
    {
        std::string first = RunOnce(1);
        NS_TEST_ASSERT_MSG_EQ(RunOnce(1), first, "a repeated run differs");
        NS_TEST_ASSERT_MSG_NE(RunOnce(2), first, "another RngRun gives the same writes");
    }
};

#ifdef VM_MIGRATION_SCENARIO
/**
 * @ingroup vm-migration-tests
 * @brief vm-migration-scenario run twice with the same options writes the same files.
 */
class ScenarioFilesDeterminismTest : public TestCase
{
  public:
    ScenarioFilesDeterminismTest()
        : TestCase("vm-migration-scenario under load twice, byte-identical files")
    {
    }

  private:
    void DoRun() override
    {
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("determinism");
        std::string output;
        for (const char* run : {"/a", "/b"})
        {
            int status = MigrationTestCase::RunProgram(
                std::string(VM_MIGRATION_SCENARIO) +
                    " --testbed=ideal --memory=16 --pageWriteRate=1000 --workingSet=4"
                    " --workload=sampleweb --users=50 --rampUp=2 --steady=10 --rampDown=1"
                    " --out=" +
                    dir + run,
                output);
            NS_TEST_ASSERT_MSG_EQ(status, 0, output);
        }
        for (const char* csv : {"/migrations.csv",
                                "/rounds.csv",
                                "/requests.csv",
                                "/timeseries.csv",
                                "/summary.csv",
                                "/operations.csv"})
        {
            std::string a = MigrationTestCase::ReadFile(dir + "/a" + csv);
            NS_TEST_ASSERT_MSG_NE(a, "", csv << " is empty");
            NS_TEST_ASSERT_MSG_EQ(MigrationTestCase::ReadFile(dir + "/b" + csv), a, csv);
        }
    }
};
#endif

/**
 * @ingroup vm-migration-tests
 * @brief Determinism test suite.
 */
class DeterminismTestSuite : public TestSuite
{
  public:
    DeterminismTestSuite()
        : TestSuite("vm-migration-determinism", UNIT)
    {
        AddTestCase(new DeterminismTest(), TestCase::QUICK);
#ifdef VM_MIGRATION_SCENARIO
        AddTestCase(new ScenarioFilesDeterminismTest(), TestCase::EXTENSIVE);
#endif
    }
};

/// The suite's instance.
static DeterminismTestSuite g_determinismTestSuite;

} // namespace ns3
