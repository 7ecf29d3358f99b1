/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/migration-monitor.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ns3
{

#ifdef VM_MIGRATION_SCENARIO
/**
 * @ingroup vm-migration-tests
 * @brief vm-migration-scenario given a bad input: a message naming the input, a
 *        non-zero exit, and no CSV.
 */
class ScenarioBadInputTest : public TestCase
{
  public:
    /**
     * @param args the bad options
     * @param named what the message must name
     */
    ScenarioBadInputTest(const std::string& args, const std::string& named)
        : TestCase("vm-migration-scenario " + Printable(args)),
          m_args(args),
          m_named(named)
    {
    }

  private:
    /// @return @p args as a test's name, which may hold no '/'
    static std::string Printable(std::string args)
    {
        std::replace(args.begin(), args.end(), '/', ':');
        return args;
    }

    void DoRun() override
    {
        // DIR stands for a folder of the test's own, with a plain file and a
        // configuration file that sets a value its attribute refuses.
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("bad-input");
        std::string out = dir + "/out";
        std::ofstream(dir + "/a-file") << "not a directory";
        std::ofstream(dir + "/bad-config.txt")
            << "default ns3::XenPreCopyStrategy::MinPagesPerRound \"50\"\n"
            << "default ns3::XenPreCopyStrategy::MaxIterations \"0\"\n";
        for (std::string* text : {&m_args, &m_named})
        {
            for (std::string::size_type at; (at = text->find("DIR")) != std::string::npos;)
            {
                text->replace(at, 3, dir);
            }
        }
        if (m_args.find("--out") == std::string::npos)
        {
            m_args += " --out=" + out;
        }
        std::string output;
        int status = MigrationTestCase::RunProgram(std::string(VM_MIGRATION_SCENARIO) +
                                                       " --testbed=ideal " + m_args,
                                                   output);
        NS_TEST_EXPECT_MSG_NE(status, 0, "exit status; output: " << output);
        NS_TEST_EXPECT_MSG_NE(output.find("error: " + m_named),
                              std::string::npos,
                              "the message names " << m_named << "; output: " << output);
        for (const char* csv : {"/migrations.csv", "/rounds.csv"})
        {
            NS_TEST_EXPECT_MSG_EQ(std::filesystem::exists(out + csv), false, csv << " written");
        }
        std::filesystem::remove_all(dir);
    }

    std::string m_args;  //!< options
    std::string m_named; //!< the input the message must name
};
#endif

/**
 * @ingroup vm-migration-tests
 * @brief The migration manager refuses a migration to the VM's own host and a
 *        second migration of a VM that is migrating.
 */
class ImpossibleMigrationTest : public MigrationTestCase
{
  public:
    ImpossibleMigrationTest()
        : MigrationTestCase("impossible migrations are refused with the reason")
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        Ptr<MigrationManager> manager = scenario.GetManager();
        Ptr<VirtualMachine> vm = scenario.GetVm();
        Ptr<Hypervisor> host1 = scenario.GetTestbed()->GetHypervisor("host1");
        Ptr<Hypervisor> host2 = scenario.GetTestbed()->GetHypervisor("host2");
        m_ownHost = manager->CheckMigration(vm, host1);
        // Halfway through the migration (it starts at 1 s and lasts about 2 s).
        Simulator::Schedule(Seconds(1.5), [this, manager, vm, host2]() {
            m_alreadyMigrating = manager->CheckMigration(vm, host2);
        });
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration itself is fine");
        NS_TEST_ASSERT_MSG_NE(m_ownHost.find("already runs on host host1"),
                              std::string::npos,
                              m_ownHost);
        NS_TEST_ASSERT_MSG_NE(m_alreadyMigrating.find("is already migrating"),
                              std::string::npos,
                              m_alreadyMigrating);
    }

    std::string m_ownHost;          //!< reason given for host1 -> host1
    std::string m_alreadyMigrating; //!< reason given during the migration
};

/**
 * @ingroup vm-migration-tests
 * @brief A migration whose connection cannot be opened (a 1 b/s LAN: its SYNs take
 *        longer to send than TCP waits for them) ends as a failed migration: recorded with
 *        its reason, the VM running on the source, the target's memory given back.
 */
class FailedMigrationTest : public MigrationTestCase
{
  public:
    /// @param strategy the strategy (live or not, it fails before any round)
    explicit FailedMigrationTest(const std::string& strategy)
        : MigrationTestCase(strategy + ": a migration that cannot connect fails cleanly"),
          m_strategyName(strategy)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
        scenario.linkRate = "1bps";
        scenario.strategy = m_strategyName;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_vm = scenario.GetVm();
        m_source = scenario.GetTestbed()->GetHypervisor("host1");
        m_target = scenario.GetTestbed()->GetHypervisor("host2");
        m_targetFree = m_target->GetFreeMemoryMiB();
        scenario.GetManager()->TraceConnectWithoutContext(
            "MigrationFailed",
            MakeCallback(&FailedMigrationTest::Failed, this));
    }

    /// @brief The manager reports the failure: check the hosts now.
    void Failed(const MigrationRecord& record)
    {
        ++m_failures;
        m_failure = record.failure;
        m_runningOnSource = m_vm->GetState() == VirtualMachine::RUNNING &&
                            m_vm->GetHost() == m_source && m_source->Hosts(m_vm);
        m_targetFreeAfter = m_target->GetFreeMemoryMiB();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(m_failures, 1, "one failure reported");
        NS_TEST_EXPECT_MSG_NE(runError.find("the migration failed: the connection to the target"),
                              std::string::npos,
                              runError);
        NS_TEST_EXPECT_MSG_EQ(m_runningOnSource, true, "the VM runs on the source");
        NS_TEST_EXPECT_MSG_EQ(m_targetFreeAfter, m_targetFree, "the target's memory is back");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetRecords().size(), 1, "the failure is recorded");
        const MigrationRecord& r = scenario.GetRecords().front();
        NS_TEST_EXPECT_MSG_EQ(r.completed, false, "not completed");
        NS_TEST_EXPECT_MSG_EQ(r.GetStatus(), "failed:" + m_failure, "status");
        std::string csv = MigrationMonitor::FormatMigrations(scenario.GetRecords());
        NS_TEST_EXPECT_MSG_NE(csv.find(",failed:the connection to the target failed\n"),
                              std::string::npos,
                              csv);
    }

    std::string m_strategyName;    //!< strategy under test
    Ptr<VirtualMachine> m_vm;      //!< the VM
    Ptr<Hypervisor> m_source;      //!< host1
    Ptr<Hypervisor> m_target;      //!< host2
    double m_targetFree{0};        //!< host2's free memory before the migration (MiB)
    double m_targetFreeAfter{-1};  //!< ... when the failure was reported
    int m_failures{0};             //!< failures reported
    std::string m_failure;         //!< the reported reason
    bool m_runningOnSource{false}; //!< VM state at the failure
};

/**
 * @ingroup vm-migration-tests
 * @brief Bad-input test suite.
 */
class BadInputTestSuite : public TestSuite
{
  public:
    BadInputTestSuite()
        : TestSuite("vm-migration-bad-input", UNIT)
    {
        AddTestCase(new ImpossibleMigrationTest(), TestCase::QUICK);
        AddTestCase(new FailedMigrationTest("pre-copy"), TestCase::QUICK);
        AddTestCase(new FailedMigrationTest("stop-and-copy"), TestCase::QUICK);
#ifdef VM_MIGRATION_SCENARIO
        const std::pair<const char*, const char*> cases[] = {
            {"--memory=0", "--memory"},
            {"--memory=0.001", "--memory"},
            {"--memory=64 --workingSet=128", "--workingSet"},
            {"--pageWriteRate=-5", "--pageWriteRate"},
            {"--strategy=teleport", "--strategy"},
            {"--target=host1", "--target"},
            {"--source=host2 --target=host1 --memory=1280", "--target: host host1"},
            {"--out=DIR/a-file/out", "--out"},
            {"--linkModel=token-ring", "--linkModel"},
            {"--testbed=lab", "--testbed"},
            {"--ioPath=everything", "--ioPath"},
            {"--workload=sampleweb --pagesPerRequest=-2", "--pagesPerRequest"},
            {"--workload=idle --pagesPerRequest=3", "--pagesPerRequest"},
            {"--workload=teleport", "--workload"},
            {"--workload=ab --users=10", "--users"},
            {"--workload=sampleweb --concurrency=5", "--concurrency"},
            {"--workload=sampleweb --maxClients=-2", "--maxClients"},
            {"--workload=idle --maxClients=10", "--maxClients"},
            {"--workload=idle --requestDemand=5", "--requestDemand"},
            {"--workload=http --thinkTime=-2", "--thinkTime"},
            {"--workload=http --steady=-3", "--steady"},
            {"--workload=http --keepAlive=2", "--keepAlive"},
            {"--workload=idle --migrate=0", "--migrate"},
            // Whole-value parsing: ns-3's own parsers read a prefix, wrap negative counts
            // and truncate fractions.
            {"--memory=12abc", "--memory: '12abc'"},
            {"--pageWriteRate=12abc", "--pageWriteRate: '12abc'"},
            {"--workingSet=12abc", "--workingSet: '12abc'"},
            {"--workload=sampleweb --users=-1", "--users: '-1'"},
            {"--workload=ab --concurrency=3.5", "--concurrency: '3.5'"},
            {"--workload=ab --concurrency=1e3", "--concurrency: '1e3'"},
            {"--migrateAt=nan", "--migrateAt: 'nan'"},
            {"--memory=1e400", "--memory: '1e400'"},
            {"--migrate=2", "--migrate: '2'"},
            {"--RngRun=-3", "--RngRun: '-3'"},
            // Limits of the model.
            {"--workload=sampleweb --users=4294967295", "--users: 4294967295 connections"},
            {"--workload=ab --concurrency=100000", "--concurrency: 100000 connections"},
            {"--migrateAt=1e308", "--migrateAt: 1e+308"},
            {"--runAfter=1e300", "--runAfter"},
            {"--workload=http --steady=1e12", "--steady"},
            {"--pageWriteRate=1e11", "--pageWriteRate: 1e+11"},
            // Attribute values, refused by the attribute's checker: ns-3's CommandLine
            // would print its help (or abort, for a real number or a time that is not
            // one) without saying what is wrong.
            {"--ns3::XenPreCopyStrategy::MaxIterations=0",
             "--ns3::XenPreCopyStrategy::MaxIterations: '0'"},
            {"--ns3::VirtualMachine::PopulatedFraction=1.5",
             "--ns3::VirtualMachine::PopulatedFraction: '1.5'"},
            {"--ns3::Hypervisor::Speed=0", "--ns3::Hypervisor::Speed: '0'"},
            {"--ns3::Hypervisor::Speed=fast", "--ns3::Hypervisor::Speed: 'fast'"},
            {"--ns3::MigrationManager::ResumeTime=-1s", "--ns3::MigrationManager::ResumeTime"},
            {"--ns3::MigrationManager::ResumeTime=3parsecs",
             "--ns3::MigrationManager::ResumeTime: '3parsecs'"},
            {"--ns3::VirtualMachine::MemoryMiB=0", "--ns3::VirtualMachine::MemoryMiB"},
            // Configuration files (ConfigStore would abort on these).
            {"--loadConfig=DIR/no-such-file", "--loadConfig: cannot read"},
            {"--loadConfig=DIR/no-such-file.xml", "--loadConfig: cannot read"},
            {"--loadConfig=DIR/bad-config.txt", "--loadConfig: DIR/bad-config.txt, line 2"},
            {"--saveConfig=DIR/a-file/config.txt", "--saveConfig: cannot write"},
        };
        for (const auto& [args, named] : cases)
        {
            AddTestCase(new ScenarioBadInputTest(args, named), TestCase::QUICK);
        }
#endif
    }
};

/// The suite's instance.
static BadInputTestSuite g_badInputTestSuite;

} // namespace ns3
