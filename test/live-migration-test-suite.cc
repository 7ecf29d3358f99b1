/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

namespace
{

/**
 * @brief Count the requests of @p log with @p status.
 * @param log the requests
 * @param status the outcome
 * @return how many
 */
uint64_t
CountStatus(const RequestLog& log, HttpRequestRecord::Status status)
{
    const auto& records = log.GetRecords();
    return std::count_if(records.begin(), records.end(), [status](const HttpRequestRecord& r) {
        return r.status == status;
    });
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief 200 Faban-like users keep being served across a stop-and-copy migration of
 *        their web VM: no request fails, the requests caught by the downtime are
 *        answered after the resume, and the throughput is back to its closed-loop
 *        value afterwards.
 *
 * 200 users think 1 s on average (exponential) and ask for a 2 ms request: the one
 * core is 40 % busy, so the throughput before and after the migration is
 * N / (Z + R) with R a few ms, about 199.6 requests/s.
 */
class LoadedMigrationTest : public MigrationTestCase
{
  public:
    LoadedMigrationTest()
        : MigrationTestCase("200 users across a stop-and-copy")
    {
    }

  private:
    static constexpr uint32_t USERS = 200; //!< N
    static constexpr double THINK = 1;     //!< Z (s)
    static constexpr double DEMAND = 2;    //!< D (ms)
    static constexpr double STEADY = 45;   //!< length of the steady state (s)

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "stop-and-copy"; // about 6 s of downtime for 64 MiB
        scenario.workload = "http";
        scenario.users = USERS;
        scenario.thinkTime = THINK;
        scenario.requestDemand = DEMAND;
        scenario.rampUp = 2; // users start one by one: ARP holds 3 packets per address
        scenario.steady = STEADY;
        scenario.rampDown = 0;
        scenario.migrateAt = 10;
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& m = scenario.GetRecords().front();
        const RequestLog& log = scenario.GetRequestLog();
        NS_TEST_ASSERT_MSG_EQ(CountStatus(log, HttpRequestRecord::RESET), 0, "a reset request");
        NS_TEST_ASSERT_MSG_EQ(CountStatus(log, HttpRequestRecord::REFUSED), 0, "a refused one");
        NS_TEST_ASSERT_MSG_EQ(CountStatus(log, HttpRequestRecord::TIMEOUT), 0, "a timed-out one");

        // Requests sent before the resume and answered after the suspend: caught by the
        // downtime, all answered after the VM runs again.
        uint64_t caught = 0;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            if (r.start < m.resumed && r.end > m.suspended)
            {
                ++caught;
                NS_TEST_EXPECT_MSG_GT_OR_EQ(r.end, m.resumed, "answered while the VM was paused");
            }
        }
        // About N × downtime / (Z + D) of them: the downtime is seconds long.
        NS_TEST_ASSERT_MSG_GT(caught, USERS / 2, "few requests met the downtime");

        // Segments lost in the downtime are retried after TCP's exponential back-off,
        // the last of them about twice the downtime after the resume (the guest's own
        // timers run on while it is paused: see the model's limitations).  From then on
        // the closed loop is back to N / (Z + R).  Over 8+ s that is 1600+ requests, a
        // Poisson-like count with a relative spread under 2.5 %: 10 % is four standard
        // deviations.
        Time from = m.resumed + 2 * m.GetDowntime();
        Time to = scenario.GetSteadyEnd();
        NS_TEST_ASSERT_MSG_GT(to - from, Seconds(8), "the run after the migration is too short");
        RequestSummary after = log.Summarize(from, to);
        double expected = USERS / (THINK + DEMAND / 1000);
        NS_TEST_EXPECT_MSG_EQ_TOL(after.throughputRps,
                                  expected,
                                  0.1 * expected,
                                  "the service did not recover its throughput");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The gratuitous ARP is what brings a silent VM's clients back.
 *
 * 200 users with a constant think time of 10 s, started over one second, send in
 * bursts of one second every 10 s: each burst is served within it, and the VM then
 * has nothing to send.  It is
 * migrated (stop-and-copy, 16 MiB) in that quiet time.  With the announcement the next
 * burst is served by the VM on host2; without it the LAN switch still sends the VM's
 * frames to host1, where its port is gone, and as the VM has nothing to say the switch
 * never learns better: no request is answered after the migration.  (A VM that
 * transmits, such as one with requests in progress at the suspend, teaches the switch
 * its new port by itself.)
 */
class SilentVmTest : public MigrationTestCase
{
  public:
    /**
     * @param announce whether the guest sends its gratuitous ARP
     */
    explicit SilentVmTest(bool announce)
        : MigrationTestCase(std::string("a silent VM is found again ") +
                            (announce ? "with" : "only with") + " the gratuitous ARP"),
          m_announce(announce)
    {
    }

  private:
    static constexpr double THINK = 10;      //!< constant think time (s)
    static constexpr double MIGRATE_AT = 13; //!< between the first two bursts (s)

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
        scenario.strategy = "stop-and-copy";
        scenario.workload = "http";
        scenario.users = 200;
        scenario.requestDemand = 1;
        scenario.rampUp = 1;
        scenario.steady = 70;
        scenario.rampDown = 0;
        scenario.migrateAt = MIGRATE_AT;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        scenario.GetVm()->SetAttribute("Announce", BooleanValue(m_announce));
        scenario.GetInstalledWorkload().client->SetAttribute(
            "ThinkTime",
            StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(THINK) + "]"));
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& m = scenario.GetRecords().front();
        const RequestLog& log = scenario.GetRequestLog();
        // The premise: the first burst was over before the suspend.
        RequestSummary before = log.Summarize(Seconds(0), m.suspended);
        NS_TEST_ASSERT_MSG_EQ(before.ok, 200, "the first burst was not served before the suspend");
        NS_TEST_ASSERT_MSG_LT(m.resumed, Seconds(2 * THINK), "the migration outlasted the quiet");
        RequestSummary after = log.Summarize(m.resumed, scenario.GetEndTime());
        if (m_announce)
        {
            // Bursts at about 20, 30, ... 70 s: five or six of them after the resume.
            NS_TEST_ASSERT_MSG_GT_OR_EQ(after.ok, 5 * 200, "the clients did not get back");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(after.ok, 0, "a request was answered without the ARP");
        }
    }

    bool m_announce; //!< whether the guest announces itself
};

/**
 * @ingroup vm-migration-tests
 * @brief Live-migration test suite: web clients across a migration.
 */
class LiveMigrationTestSuite : public TestSuite
{
  public:
    LiveMigrationTestSuite()
        : TestSuite("vm-migration-live-migration", SYSTEM)
    {
        AddTestCase(new LoadedMigrationTest(), TestCase::EXTENSIVE);
        AddTestCase(new SilentVmTest(true), TestCase::QUICK);
        AddTestCase(new SilentVmTest(false), TestCase::QUICK);
    }
};

/// The suite's instance.
static LiveMigrationTestSuite g_liveMigrationTestSuite;

} // namespace ns3
