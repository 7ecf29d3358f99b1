/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief An idle VM on the paper testbed: both strategies take the same total time,
 *        and stop-and-copy's downtime is at least 5x pre-copy's (the paper, exp. 1).
 */
class IdleVmTest : public TestCase
{
  public:
    IdleVmTest()
        : TestCase("idle 256 MiB VM on the paper testbed, both strategies")
    {
    }

  private:
    /// @return the record of one migration of the idle VM
    MigrationRecord Migrate(const std::string& strategy)
    {
        MigrationScenario scenario;
        scenario.memoryMiB = 256;
        scenario.strategy = strategy;
        std::string error = scenario.Simulate();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        return scenario.GetRecords().front();
    }

    void DoRun() override
    {
        MigrationRecord stop = Migrate("stop-and-copy");
        MigrationRecord pre = Migrate("pre-copy");
        double stopTotal = stop.GetTotalTime().GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(pre.GetTotalTime().GetSeconds(),
                                  stopTotal,
                                  0.01 * stopTotal,
                                  "same total time within 1 %");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(stop.GetDowntime().GetSeconds(),
                                    5 * pre.GetDowntime().GetSeconds(),
                                    "stop-and-copy downtime >= 5x pre-copy's");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Idle-VM test suite.
 */
class IdleVmTestSuite : public TestSuite
{
  public:
    IdleVmTestSuite()
        : TestSuite("vm-migration-idle", SYSTEM)
    {
        AddTestCase(new IdleVmTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static IdleVmTestSuite g_idleVmTestSuite;

} // namespace ns3
