/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/migration-csv-writer.h"
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
        scenario.memoryMiB = 32;
        scenario.pageWriteRate = 2000;
        scenario.workingSetMiB = 8;
        scenario.rngRun = rngRun;
        std::string error = scenario.Build();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        error = scenario.Run();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        return MigrationCsvWriter::FormatMigrations(scenario.GetRecords()) +
               MigrationCsvWriter::FormatRounds(scenario.GetRounds());
    }

    void DoRun() override
    {
        std::string first = RunOnce(1);
        NS_TEST_ASSERT_MSG_EQ(RunOnce(1), first, "a repeated run differs");
        NS_TEST_ASSERT_MSG_NE(RunOnce(2), first, "another RngRun gives the same writes");
    }
};

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
    }
};

/// The suite's instance.
static DeterminismTestSuite g_determinismTestSuite;

} // namespace ns3
