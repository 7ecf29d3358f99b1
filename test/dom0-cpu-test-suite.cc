/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/config.h"
#include "ns3/migration-stream.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{
/// @brief Nothing to do when a guest job ends (they outlast the test).
void
GuestJobDone()
{
}
} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief dom0's per-page work shares the host CPU: a CPU-bound migration stream
 *        slows by exactly its CPU time, and slows further when guest load rises.
 *
 * With one core and n busy guest vCPUs (a guest domain of n vCPUs with n CPU-bound
 * jobs), dom0's one vCPU gets 1/(n+1) of it: P pages at c CPU seconds each take
 * P c (n+1) of dom0's time.  T0 is the transfer's time with free CPU.
 * - The sender prepares a batch on the CPU, then writes it (Xen's loop: map, copy,
 *   write), so CPU and link take turns: T = T0 + P c (n+1).  They overlap only
 *   through the socket buffer, here ns-3's 128 KiB -- under 4 % of a 4 MiB batch --
 *   which bounds how far T may fall below that.  (With the 4 MiB Linux autotunes a
 *   bulk flow to, the testbed's default, a whole batch overlaps.)
 * - The receiver copies each batch once its bytes are in, while the next ones arrive:
 *   a CPU-bound receiver takes P c (n+1) after the first batch's arrival, so
 *   P c (n+1) < T < P c (n+1) + T0.
 */
class Dom0CpuTest : public MigrationTestCase
{
  public:
    /**
     * @param side "source" or "target": whose dom0 does the per-page work
     * @param guestJobs CPU-bound guest jobs on that host
     */
    Dom0CpuTest(const std::string& side, uint32_t guestJobs)
        : MigrationTestCase("dom0 CPU on the " + side + " with " + std::to_string(guestJobs) +
                            " guest jobs"),
          m_onSource(side == "source"),
          m_guestJobs(guestJobs)
    {
    }

  private:
    static constexpr double COST = 0.001; //!< CPU seconds per page

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
        scenario.strategy = "stop-and-copy";
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_pages = scenario.GetVm()->GetMemory()->GetPageCount();
        // The stream's socket is made when the migration starts, after this.
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(128 << 10));
        if (m_cost == 0)
        {
            return; // the reference run: free CPU
        }
        scenario.GetManager()->SetAttribute(m_onSource ? "SendCostPerPage" : "ReceiveCostPerPage",
                                            TimeValue(Seconds(m_cost)));
        if (m_guestJobs == 0)
        {
            return;
        }
        // Other guests' vCPUs, all busy, on the host whose dom0 does the work.
        Ptr<Hypervisor> host = scenario.GetTestbed()->GetHypervisor(m_onSource ? "host1" : "host2");
        m_guests = CreateObject<ProcessorSharingCpu>();
        m_guests->SetAttribute("Cores", UintegerValue(m_guestJobs));
        host->GetScheduler()->Attach(m_guests);
        for (uint32_t i = 0; i < m_guestJobs; ++i)
        {
            m_guests->Submit(1e6, MakeCallback(&GuestJobDone));
        }
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        m_downtime = scenario.GetRecords().front().GetDowntime().GetSeconds();
        m_guests = nullptr;
    }

    void DoRun() override
    {
        m_cost = 0;
        MigrationTestCase::DoRun();
        double free = m_downtime;
        m_cost = COST;
        MigrationTestCase::DoRun();
        double cpu = m_pages * COST * (m_guestJobs + 1);
        if (m_onSource)
        {
            NS_TEST_ASSERT_MSG_LT_OR_EQ(m_downtime, (free + cpu) * 1.001, "slower than the model");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(m_downtime, (free + cpu) * 0.96, "faster than the model");
        }
        else
        {
            NS_TEST_ASSERT_MSG_GT(m_downtime, cpu, "faster than the target's CPU");
            NS_TEST_ASSERT_MSG_LT(m_downtime, cpu + free, "slower than the model");
        }
    }

    bool m_onSource;                   //!< dom0 work on the source (else the target)
    uint32_t m_guestJobs;              //!< guest jobs sharing the CPU
    double m_cost{0};                  //!< CPU seconds per page in this run
    double m_pages{0};                 //!< pages of the VM
    double m_downtime{0};              //!< the run's downtime (the whole transfer)
    Ptr<ProcessorSharingCpu> m_guests; //!< the other guests' busy vCPUs
};

/**
 * @ingroup vm-migration-tests
 * @brief dom0 CPU test suite.
 */
class Dom0CpuTestSuite : public TestSuite
{
  public:
    Dom0CpuTestSuite()
        : TestSuite("vm-migration-dom0-cpu", SYSTEM)
    {
        for (uint32_t jobs : {0u, 3u})
        {
            AddTestCase(new Dom0CpuTest("source", jobs), TestCase::QUICK);
            AddTestCase(new Dom0CpuTest("target", jobs), TestCase::QUICK);
        }
    }
};

/// The suite's instance.
static Dom0CpuTestSuite g_dom0CpuTestSuite;

} // namespace ns3
