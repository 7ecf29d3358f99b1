/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/config.h"
#include "ns3/uinteger.h"

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief At resume every page's version at the target equals the source's -- and a
 *        stream that lost one batch's descriptors is caught.
 */
class IntegrityTest : public MigrationTestCase
{
  public:
    /**
     * @param strategy strategy name
     * @param rate page writes per second
     * @param dropBatch batch whose descriptors the receiver discards (0: none)
     */
    IntegrityTest(const std::string& strategy, double rate, uint32_t dropBatch)
        : MigrationTestCase(strategy + " at " + std::to_string(static_cast<int>(rate)) +
                            " writes per s" +
                            (dropBatch ? ", batch " + std::to_string(dropBatch) + " lost" : "")),
          m_strategy(strategy),
          m_rate(rate),
          m_dropBatch(dropBatch)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 32;
        scenario.strategy = m_strategy;
        scenario.pageWriteRate = m_rate;
        scenario.workingSetMiB = 8;
        // The paper testbed: part of the memory is not populated, and the suspend
        // and resume phases take time.
        scenario.testbed = "paper";
        Config::SetDefault("ns3::MigrationReceiver::FaultDropBatch", UintegerValue(m_dropBatch));
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_writesBefore = scenario.GetVm()->GetDirtyPageModel();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        Config::SetDefault("ns3::MigrationReceiver::FaultDropBatch", UintegerValue(0));
        const MigrationRecord& r = scenario.GetRecords().front();
        if (m_dropBatch == 0)
        {
            NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
            NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "pages differ at resume");
            NS_TEST_ASSERT_MSG_EQ(r.bytesReceived, r.bytesSent, "every stream byte arrived");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT(r.mismatches, 0, "a lost batch went unnoticed");
            NS_TEST_ASSERT_MSG_NE(runError, "", "the scenario reports the loss");
        }
        if (m_rate > 0)
        {
            NS_TEST_ASSERT_MSG_GT(m_writesBefore->GetWriteCount(), 0, "the guest wrote memory");
        }
        m_writesBefore = nullptr;
    }

    std::string m_strategy;             //!< strategy name
    double m_rate;                      //!< writes per second
    uint32_t m_dropBatch;               //!< fault injection
    Ptr<DirtyPageModel> m_writesBefore; //!< the guest's writes
};

/**
 * @ingroup vm-migration-tests
 * @brief Integrity test suite.
 */
class IntegrityTestSuite : public TestSuite
{
  public:
    IntegrityTestSuite()
        : TestSuite("vm-migration-integrity", UNIT)
    {
        for (const char* strategy : {"stop-and-copy", "pre-copy"})
        {
            for (double rate : {0.0, 1000.0, 10000.0})
            {
                AddTestCase(new IntegrityTest(strategy, rate, 0),
                            rate > 1000 ? TestCase::EXTENSIVE : TestCase::QUICK);
            }
            AddTestCase(new IntegrityTest(strategy, 1000, 3), TestCase::QUICK);
        }
    }
};

/// The suite's instance.
static IntegrityTestSuite g_integrityTestSuite;

} // namespace ns3
