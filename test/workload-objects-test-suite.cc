/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/migration-scenario.h"
#include "ns3/scoped-attribute-defaults.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/workload.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief A workload that exists only in this test: a new workload is one new class, found
 *        by name with no edit elsewhere.
 *
 * It has no group name, so that the documentation test does not ask the doc for it.
 */
class TestOnlyWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = [] {
            Defaults d;
            d.users = 3;
            return AddAttributes(TypeId("ns3::TestOnlyWorkload")
                                     .SetParent<Workload>()
                                     .AddConstructor<TestOnlyWorkload>(),
                                 d);
        }();
        return tid;
    }

    TestOnlyWorkload()
    {
        SetDriver(FABAN);
        SetOperations({{"only", 1, REQUEST_BYTES, HEADER_BYTES, 100, Seconds(0), 0, Seconds(0)}});
    }
};

NS_OBJECT_ENSURE_REGISTERED(TestOnlyWorkload);

namespace
{

/**
 * @brief Parse @p args as vm-migration-scenario's command line into @p scenario.
 * @param scenario the scenario
 * @param args the arguments, without the program's name
 */
void
ParseArguments(MigrationScenario& scenario, std::vector<std::string> args)
{
    args.insert(args.begin(), "vm-migration-scenario");
    std::vector<char*> argv;
    for (std::string& arg : args)
    {
        argv.push_back(arg.data());
    }
    CommandLine cmd;
    scenario.AddToCommandLine(cmd);
    scenario.Parse(cmd, static_cast<int>(argv.size()), argv.data());
}

/// The short names of the module's workloads and this test's own, as GetNames lists them.
const std::string ALL_NAMES = "ab | http | idle | netperf | olio | sampleweb | testonly";

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A workload is found by its short name or its TypeId name; anything else is
 *        refused, and the scenario's message lists the names it knows.
 */
class WorkloadLookupTest : public TestCase
{
  public:
    WorkloadLookupTest()
        : TestCase("a workload is looked up by short name or TypeId name")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> named = {
            {"idle", "ns3::IdleWorkload"},
            {"http", "ns3::HttpWorkload"},
            {"sampleweb", "ns3::SampleWebWorkload"},
            {"olio", "ns3::OlioWorkload"},
            {"netperf", "ns3::NetperfWorkload"},
            {"ab", "ns3::AbWorkload"},
            {"testonly", "ns3::TestOnlyWorkload"},
        };
        for (const auto& [shortName, typeName] : named)
        {
            for (const std::string& name : {shortName, typeName})
            {
                Ptr<Workload> w = Workload::Create(name);
                NS_TEST_ASSERT_MSG_NE(w, nullptr, "'" << name << "' not found");
                NS_TEST_EXPECT_MSG_EQ(w->GetInstanceTypeId().GetName(),
                                      typeName,
                                      "'" << name << "' is not " << typeName);
                NS_TEST_EXPECT_MSG_EQ(w->GetName(), shortName, "not its short name");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(Workload::GetNames(), ALL_NAMES, "not the registered workloads");
        // Not workloads, or not ones that can be made: refused.
        for (const char* name :
             {"teleport", "", "ns3::Workload", "workload", "ns3::Node", "SampleWeb", "ns3::"})
        {
            NS_TEST_EXPECT_MSG_EQ(Workload::Create(name), nullptr, "'" << name << "' found");
        }

        MigrationScenario unknown;
        unknown.workload = "teleport";
        std::string why = unknown.Validate();
        NS_TEST_EXPECT_MSG_NE(why.find("--workload: unknown workload 'teleport'"),
                              std::string::npos,
                              "not the refusal: " << why);
        NS_TEST_EXPECT_MSG_NE(why.find(ALL_NAMES), std::string::npos, "no list: " << why);

        MigrationScenario byType;
        byType.workload = "ns3::OlioWorkload";
        NS_TEST_EXPECT_MSG_EQ(byType.Validate(), "", "a TypeId name refused");
        MigrationScenario own;
        own.workload = "testonly";
        own.users = 5; // a Faban workload: --users applies
        NS_TEST_EXPECT_MSG_EQ(own.Validate(), "", "the test's own workload refused");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A workload attribute's default (Config::SetDefault, or `--ns3::...` on the
 *        scenario's command line) is what gets installed; the scenario's own option
 *        overrides it; other workloads keep theirs.
 */
class WorkloadAttributeTest : public TestCase
{
  public:
    WorkloadAttributeTest()
        : TestCase("a workload attribute set as a default is what is installed")
    {
    }

  private:
    /**
     * @brief Build a short sampleweb scenario from @p args and read its client's users.
     * @param args the options beyond the short run's
     * @param [out] users the installed client's Users
     * @return Build's message
     */
    static std::string InstalledUsers(const std::vector<std::string>& args, uint64_t& users)
    {
        std::vector<std::string> all = {"--workload=sampleweb",
                                        "--memory=64",
                                        "--rampUp=0",
                                        "--steady=1",
                                        "--rampDown=0"};
        all.insert(all.end(), args.begin(), args.end());
        MigrationScenario scenario;
        ParseArguments(scenario, all);
        std::string why = scenario.Build();
        users = 0;
        if (why.empty())
        {
            UintegerValue value;
            scenario.GetInstalledWorkload().client->GetAttribute("Users", value);
            users = value.Get();
        }
        Simulator::Destroy();
        return why;
    }

    void DoRun() override
    {
        {
            ScopedAttributeDefaults scope;
            scope.Set("ns3::SampleWebWorkload::Users", UintegerValue(7));
            NS_TEST_EXPECT_MSG_EQ(Workload::Create("sampleweb")->GetUsers(),
                                  7,
                                  "Config::SetDefault did not reach the workload");
            NS_TEST_EXPECT_MSG_EQ(Workload::Create("olio")->GetUsers(),
                                  25,
                                  "another workload's default changed");
        }
        NS_TEST_EXPECT_MSG_EQ(Workload::Create("sampleweb")->GetUsers(),
                              200,
                              "the default not put back");

        uint64_t users = 0;
        std::string why = InstalledUsers({}, users);
        NS_TEST_ASSERT_MSG_EQ(why, "", "refused");
        NS_TEST_EXPECT_MSG_EQ(users, 200, "not the TypeId's default");

        why = InstalledUsers({"--ns3::SampleWebWorkload::Users=40"}, users);
        Config::Reset(); // before any assertion can leave the test
        NS_TEST_ASSERT_MSG_EQ(why, "", "refused");
        NS_TEST_EXPECT_MSG_EQ(users, 40, "the command line's attribute not installed");

        why = InstalledUsers({"--ns3::SampleWebWorkload::Users=40", "--users=30"}, users);
        Config::Reset();
        NS_TEST_ASSERT_MSG_EQ(why, "", "refused");
        NS_TEST_EXPECT_MSG_EQ(users, 30, "--users does not override the attribute");

        // The scenario's bound on connections holds for the attribute too.
        why = InstalledUsers({"--ns3::SampleWebWorkload::Users=100000"}, users);
        Config::Reset();
        NS_TEST_EXPECT_MSG_NE(why.find("ns3::SampleWebWorkload::Users: 100000 connections"),
                              std::string::npos,
                              "too many users accepted: " << why);
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Regression check: every workload's defaults are the values its profile had
 *        before workloads became Objects (workload-profile.cc's WorkloadProfile::Find),
 *        written out here by hand.
 */
class WorkloadDefaultsRegressionTest : public TestCase
{
  public:
    WorkloadDefaultsRegressionTest()
        : TestCase("regression: each workload's defaults are its former profile's")
    {
    }

  private:
    /// A former profile's values.
    struct Expected
    {
        std::string name;               //!< short name
        Workload::Driver driver;        //!< driver
        uint32_t users;                 //!< users
        double think;                   //!< think time mean (s)
        bool cycleTime;                 //!< cycle time
        bool keepAlive;                 //!< keep-alive
        Time timeout;                   //!< request timeout
        Time connectTimeout;            //!< connect timeout
        uint32_t maxClients;            //!< web server's workers
        uint32_t acceptQueue;           //!< accept queue
        bool hold;                      //!< hold overflowed handshakes
        uint32_t maxKeepAliveRequests;  //!< requests per connection
        Time keepAliveTimeout;          //!< idle-connection timeout
        uint32_t hotSet;                //!< request hot set
        double writes;                  //!< background writes/s
        double workingSet;              //!< working set (MiB)
        uint32_t streams;               //!< netperf streams
        Time rampUp;                    //!< ramp-up
        Time steady;                    //!< steady state
        Time rampDown;                  //!< ramp-down
        std::vector<HttpOperation> ops; //!< operations
    };

    /**
     * @brief Olio's actions are their driver's requests in turn, and together cost what
     *        each cost as one request: the same body bytes, CPU and pages written.
     * @param ops the workload's table
     * @param actions each action as one request, in the table's order
     * @param requests each action's requests (its own and its fetches)
     */
    void CheckActions(const HttpOperationTable& ops,
                      const HttpOperationTable& actions,
                      const std::vector<size_t>& requests)
    {
        NS_TEST_ASSERT_MSG_GT_OR_EQ(ops.size(), actions.size(), "olio: operation count");
        for (size_t i = 0; i < ops.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ((ops[i].weight > 0), (i < actions.size()), "olio: weight " << i);
        }
        for (size_t i = 0; i < actions.size(); ++i)
        {
            const HttpOperation& a = ops[i];
            const HttpOperation& b = actions[i];
            NS_TEST_EXPECT_MSG_EQ(a.name, b.name, "olio: operation " << i);
            NS_TEST_EXPECT_MSG_EQ(a.weight, b.weight, "olio: " << b.name << " weight");
            NS_TEST_EXPECT_MSG_EQ(a.sla, b.sla, "olio: " << b.name << " sla");
            NS_TEST_EXPECT_MSG_EQ(1 + a.fetches.size(), requests[i], "olio: " << b.name);
            uint32_t body = a.responseSize;
            Time demand = a.demand;
            uint32_t pages = a.pagesWritten;
            for (uint16_t f : a.fetches)
            {
                NS_TEST_ASSERT_MSG_LT(f, ops.size(), "olio: " << b.name << " fetch");
                body += ops[f].responseSize;
                demand += ops[f].demand;
                pages += ops[f].pagesWritten;
            }
            NS_TEST_EXPECT_MSG_EQ(body, b.responseSize, "olio: " << b.name << " bytes");
            NS_TEST_EXPECT_MSG_EQ(demand, b.demand, "olio: " << b.name << " demand");
            NS_TEST_EXPECT_MSG_EQ(pages, b.pagesWritten, "olio: " << b.name << " pages");
        }
    }

    void DoRun() override
    {
        const Time s0 = Seconds(0);
        const HttpOperation
            home{"home", 35.87, 200, 250, 2048, MicroSeconds(333), 3, MilliSeconds(250)};
        // One row per former profile, in WorkloadProfile's field order; the background
        // writes are experiment 2's fit with Linux's NIC queue and TCP (ab: SampleWeb's).
        // clang-format off
        const std::vector<Expected> expected = {
            {"idle", Workload::NONE, 0, 0, false, true, s0, s0, 0, 0, false, 0, s0, 0, 0, 0, 0,
             s0, s0, s0, {}},
            {"http", Workload::FABAN, 25, 1.0, false, true, Seconds(30), Seconds(30), 0, 0, false,
             0, s0, 0, 0, 0, 0, Seconds(60), Seconds(600), Seconds(30),
             {{"request", 1, 200, 250, 1500, MilliSeconds(20), 0, s0}}},
            {"sampleweb", Workload::FABAN, 200, 0.0483, true, true, Seconds(30), Seconds(30),
             150, 129, true, 100, Seconds(15), 450, 1413, 64, 0, Seconds(60), Seconds(600),
             Seconds(30),
             {home,
              {"products", 38.12, 200, 250, 3072, MicroSeconds(333), 3, Seconds(2)},
              {"contacts", 26.01, 200, 250, 1536, MicroSeconds(333), 3, Seconds(2)}}},
            // Olio: each action as one request, before its driver's requests were told apart
            // (CheckActions).
            {"olio", Workload::FABAN, 25, 5.0, true, true, Seconds(30), Seconds(30), 150, 129,
             true, 100, Seconds(15), 0, 2029, 96, 0, Seconds(60), Seconds(600), Seconds(30),
             {{"home", 26.15, 300, 300, 48 * 1024, MilliSeconds(20), 96, Seconds(1)},
              {"login", 10.22, 400, 300, 24 * 1024, MilliSeconds(15), 64, Seconds(1)},
              {"add_event", 2.04, 96 * 1024, 300, 24 * 1024, MilliSeconds(40), 512, Seconds(1)},
              {"attend_event", 24.68, 300, 300, 32 * 1024, MilliSeconds(15), 64, Seconds(1)},
              {"tag_search", 33.45, 350, 300, 40 * 1024, MilliSeconds(25), 128, Seconds(1)}}},
            {"netperf", Workload::AB, 1, 0, false, true, s0, s0, 0, 0, false, 0, s0, 0, 3246, 4,
             1, s0, Seconds(600), s0,
             {{"tcp_rr", 1, 6, 6, 0, MicroSeconds(25), 0, s0}}},
            {"ab", Workload::AB, 150, 0, false, false, Seconds(30), s0, 150, 129, true, 100,
             Seconds(15), 450, 1413, 64, 0, s0, Seconds(400), s0, {home}},
        };
        // clang-format on
        for (const Expected& e : expected)
        {
            Ptr<Workload> w = Workload::Create(e.name);
            NS_TEST_ASSERT_MSG_NE(w, nullptr, e.name << " not found");
            const std::string& n = e.name;
            NS_TEST_EXPECT_MSG_EQ(w->GetDriver(), e.driver, n << ": driver");
            NS_TEST_EXPECT_MSG_EQ(w->GetUsers(), e.users, n << ": Users");
            NS_TEST_EXPECT_MSG_EQ(w->GetThinkTimeMean(), e.think, n << ": ThinkTimeMean");
            NS_TEST_EXPECT_MSG_EQ(w->GetCycleTime(), e.cycleTime, n << ": CycleTime");
            NS_TEST_EXPECT_MSG_EQ(w->GetKeepAlive(), e.keepAlive, n << ": KeepAlive");
            NS_TEST_EXPECT_MSG_EQ(w->GetTimeout(), e.timeout, n << ": Timeout");
            NS_TEST_EXPECT_MSG_EQ(w->GetConnectTimeout(), e.connectTimeout, n << ": Connect");
            NS_TEST_EXPECT_MSG_EQ(w->GetMaxClients(), e.maxClients, n << ": MaxClients");
            NS_TEST_EXPECT_MSG_EQ(w->GetAcceptQueueLength(), e.acceptQueue, n << ": queue");
            NS_TEST_EXPECT_MSG_EQ(w->GetHoldOverflowedHandshakes(), e.hold, n << ": hold");
            // Apache's accept filter (TCP_DEFER_ACCEPT, 30 s) comes with its limits.
            NS_TEST_EXPECT_MSG_EQ(w->GetDeferAccept(),
                                  (e.hold ? Seconds(30) : s0),
                                  n << ": DeferAccept");
            NS_TEST_EXPECT_MSG_EQ(w->GetMaxKeepAliveRequests(),
                                  e.maxKeepAliveRequests,
                                  n << ": MaxKeepAliveRequests");
            NS_TEST_EXPECT_MSG_EQ(w->GetKeepAliveTimeout(),
                                  e.keepAliveTimeout,
                                  n << ": KeepAliveTimeout");
            NS_TEST_EXPECT_MSG_EQ(w->GetRequestHotSetPages(), e.hotSet, n << ": hot set");
            NS_TEST_EXPECT_MSG_EQ(w->GetBackgroundWriteRate(), e.writes, n << ": writes");
            NS_TEST_EXPECT_MSG_EQ(w->GetWorkingSetMiB(), e.workingSet, n << ": working set");
            NS_TEST_EXPECT_MSG_EQ(w->GetNetperfStreams(), e.streams, n << ": streams");
            NS_TEST_EXPECT_MSG_EQ(w->GetRampUp(), e.rampUp, n << ": RampUp");
            NS_TEST_EXPECT_MSG_EQ(w->GetSteady(), e.steady, n << ": Steady");
            NS_TEST_EXPECT_MSG_EQ(w->GetRampDown(), e.rampDown, n << ": RampDown");
            const HttpOperationTable& ops = w->GetOperations();
            if (n == "olio")
            {
                CheckActions(ops, e.ops, {4, 3, 2, 1, 5});
                continue;
            }
            NS_TEST_ASSERT_MSG_EQ(ops.size(), e.ops.size(), n << ": operation count");
            for (size_t i = 0; i < ops.size(); ++i)
            {
                const HttpOperation& a = ops[i];
                const HttpOperation& b = e.ops[i];
                NS_TEST_EXPECT_MSG_EQ(a.name, b.name, n << ": operation " << i);
                NS_TEST_EXPECT_MSG_EQ(a.weight, b.weight, n << ": " << b.name << " weight");
                NS_TEST_EXPECT_MSG_EQ(a.requestSize, b.requestSize, n << ": " << b.name);
                NS_TEST_EXPECT_MSG_EQ(a.headerSize, b.headerSize, n << ": " << b.name);
                NS_TEST_EXPECT_MSG_EQ(a.responseSize, b.responseSize, n << ": " << b.name);
                NS_TEST_EXPECT_MSG_EQ(a.demand, b.demand, n << ": " << b.name << " demand");
                NS_TEST_EXPECT_MSG_EQ(a.pagesWritten, b.pagesWritten, n << ": " << b.name);
                NS_TEST_EXPECT_MSG_EQ(a.sla, b.sla, n << ": " << b.name << " sla");
            }
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Workloads as attribute-bearing Objects: lookup, attributes, defaults.
 */
class WorkloadObjectsTestSuite : public TestSuite
{
  public:
    WorkloadObjectsTestSuite()
        : TestSuite("vm-migration-workload-objects", UNIT)
    {
        AddTestCase(new WorkloadLookupTest(), TestCase::QUICK);
        AddTestCase(new WorkloadAttributeTest(), TestCase::QUICK);
        AddTestCase(new WorkloadDefaultsRegressionTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static WorkloadObjectsTestSuite g_workloadObjectsTestSuite;

} // namespace ns3
