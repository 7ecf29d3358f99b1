/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/attribute-config-file.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/migration-helper.h"
#include "ns3/migration-scenario.h"
#include "ns3/nstime.h"
#include "ns3/scoped-attribute-defaults.h"
#include "ns3/simulator.h"
#include "ns3/stop-and-copy-strategy.h"
#include "ns3/tcp-socket.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"
#include "ns3/uinteger.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ns3
{

namespace
{

/**
 * @param args a command line, the program's name first
 * @return argv for it, pointing into @p args
 */
std::vector<char*>
MakeArgv(std::vector<std::string>& args)
{
    std::vector<char*> argv;
    for (std::string& arg : args)
    {
        argv.push_back(arg.data());
    }
    return argv;
}

/**
 * @brief Parse @p args as vm-migration-scenario's command line into @p scenario.
 * @param scenario the scenario
 * @param args the arguments, without the program's name
 */
void
ParseArguments(MigrationScenario& scenario, std::vector<std::string> args)
{
    args.insert(args.begin(), "vm-migration-scenario");
    std::vector<char*> argv = MakeArgv(args);
    CommandLine cmd;
    scenario.AddToCommandLine(cmd);
    scenario.Parse(cmd, static_cast<int>(argv.size()), argv.data());
}

/// A 10 MiB VM whose every page is rewritten faster than the link sends it, so that
/// pre-copy never converges: the 3x-memory rule ends it after 8 rounds, a lower
/// MaxIterations sooner.
const std::vector<std::string> BUSY_VM = {"--memory=10",
                                          "--pageWriteRate=20000",
                                          "--workingSet=10",
                                          "--linkModel=full-duplex"};

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief An attribute given on the command line (`--ns3::Class::Attribute=value`) takes
 *        effect under either testbed preset, and the preset's own value stands without it.
 *
 * The manager's ResumeTime is one the preset sets; XenPreCopyStrategy's MaxIterations
 * is one it does not.  MaxIterations=5 gives 5 live rounds and the final one: 6 rounds.
 */
class AttributeOverridesPresetTest : public TestCase
{
  public:
    /// @param testbed the preset: paper | ideal
    explicit AttributeOverridesPresetTest(const std::string& testbed)
        : TestCase("--ns3:: attributes override the " + testbed + " preset"),
          m_testbed(testbed)
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::string> args = BUSY_VM;
        args.push_back("--testbed=" + m_testbed);
        TestbedPreset preset;
        TestbedPreset::Find(m_testbed, TestbedHelper::FULL_DUPLEX, preset);

        MigrationScenario plain;
        ParseArguments(plain, args);
        NS_TEST_ASSERT_MSG_EQ(plain.Build(), "", "refused");
        TimeValue resume;
        plain.GetManager()->GetAttribute("ResumeTime", resume);
        NS_TEST_EXPECT_MSG_EQ(resume.Get(), preset.resumeTime, "not the preset's value");
        NS_TEST_ASSERT_MSG_EQ(plain.Run(), "", "the migration failed");
        NS_TEST_EXPECT_MSG_GT(plain.GetRecords().front().rounds, 6, "the limit acts already");
        Config::Reset();

        args.push_back("--ns3::MigrationManager::ResumeTime=7s");
        args.push_back("--ns3::XenPreCopyStrategy::MaxIterations=5");
        MigrationScenario given;
        ParseArguments(given, args);
        NS_TEST_ASSERT_MSG_EQ(given.Build(), "", "refused");
        given.GetManager()->GetAttribute("ResumeTime", resume);
        Config::Reset(); // before any assertion can leave the test
        NS_TEST_EXPECT_MSG_EQ(resume.Get(), Seconds(7), "the command line's value lost");
        NS_TEST_ASSERT_MSG_EQ(given.Run(), "", "the migration failed");
        NS_TEST_EXPECT_MSG_EQ(given.GetRecords().front().rounds, 6, "not MaxIterations + 1");
    }

    std::string m_testbed; //!< the preset
};

/**
 * @ingroup vm-migration-tests
 * @brief The testbed's Linux TCP defaults (TestbedHelper::ConfigureLinuxTcp) leave the
 *        TCP attributes a command line gave: a scenario given --ns3::TcpSocket::RcvBufSize
 *        and --ns3::TcpSocket::InitialCwnd builds with them, one given neither with
 *        Linux's 3 MiB window (of its 4 MiB receive buffer) and 3 segments.
 */
class LinuxTcpKeepsGivenTest : public TestCase
{
  public:
    LinuxTcpKeepsGivenTest()
        : TestCase("the testbed's Linux TCP defaults leave the command line's")
    {
    }

  private:
    /// @return the current default of @p name, as text
    static std::string Default(const std::string& name)
    {
        Ptr<const AttributeValue> value = ScopedAttributeDefaults::GetDefault(name);
        TypeId::AttributeInformation info;
        TcpSocket::GetTypeId().LookupAttributeByName(name.substr(name.rfind(':') + 1), &info);
        return value->SerializeToString(info.checker);
    }

    void DoRun() override
    {
        std::vector<std::string> args = BUSY_VM;
        MigrationScenario plain;
        ParseArguments(plain, args);
        NS_TEST_ASSERT_MSG_EQ(plain.Build(), "", "refused");
        const std::string window = Default("ns3::TcpSocket::RcvBufSize");
        const std::string cwnd = Default("ns3::TcpSocket::InitialCwnd");
        Simulator::Destroy(); // built, not run
        Config::Reset();
        NS_TEST_EXPECT_MSG_EQ(window, "3145728", "not Linux's window of tcp_rmem[2]");
        NS_TEST_EXPECT_MSG_EQ(cwnd, "3", "not Linux 2.6.32's initial window");

        args.push_back("--ns3::TcpSocket::RcvBufSize=1048576");
        args.push_back("--ns3::TcpSocket::InitialCwnd=10");
        MigrationScenario given;
        ParseArguments(given, args);
        NS_TEST_ASSERT_MSG_EQ(given.Build(), "", "refused");
        const std::string givenWindow = Default("ns3::TcpSocket::RcvBufSize");
        const std::string givenCwnd = Default("ns3::TcpSocket::InitialCwnd");
        Simulator::Destroy();
        Config::Reset();
        NS_TEST_EXPECT_MSG_EQ(givenWindow, "1048576", "the command line's value lost");
        NS_TEST_EXPECT_MSG_EQ(givenCwnd, "10", "the command line's value lost");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A strategy is picked by its TypeId name; a TypeId that is not a concrete
 *        MigrationStrategy is refused, naming the option.
 */
class StrategyByTypeIdTest : public TestCase
{
  public:
    StrategyByTypeIdTest()
        : TestCase("a strategy picked by its TypeId name")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::string> args = BUSY_VM;
        args.push_back("--strategy=ns3::StopAndCopyStrategy");
        MigrationScenario scenario;
        ParseArguments(scenario, args);
        NS_TEST_ASSERT_MSG_EQ(scenario.Simulate(), "", "refused or failed");
        NS_TEST_EXPECT_MSG_EQ(scenario.GetRecords().front().strategy,
                              "stop-and-copy",
                              "not the strategy named");
        NS_TEST_EXPECT_MSG_EQ(scenario.GetRecords().front().rounds, 1, "not one round");
        for (const char* name : {"ns3::MigrationStrategy", "ns3::Node", "ns3::NoSuchThing"})
        {
            MigrationScenario refused;
            ParseArguments(refused, {std::string("--strategy=") + name});
            NS_TEST_EXPECT_MSG_EQ(refused.Validate().rfind("--strategy: ", 0),
                                  0,
                                  name << " was not refused");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A strategy that exists only in the tests: stop-and-copy under a name of its own.
 *        It is registered as any user's strategy would be, and edits nothing else.
 */
class RenamedStopAndCopyStrategy : public StopAndCopyStrategy
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::RenamedStopAndCopyStrategy")
                                .SetParent<StopAndCopyStrategy>()
                                .SetGroupName("VmMigrationTests")
                                .AddConstructor<RenamedStopAndCopyStrategy>();
        return tid;
    }

    std::string GetName() const override
    {
        return "renamed-stop-and-copy";
    }
};

NS_OBJECT_ENSURE_REGISTERED(RenamedStopAndCopyStrategy);

/**
 * @ingroup vm-migration-tests
 * @brief A strategy is found by the name its records carry, among the registered
 *        TypeIds: the module's own, and a new subclass with no edit elsewhere, which the
 *        scenario's --strategy then accepts by that name.
 */
class StrategyByNameTest : public TestCase
{
  public:
    StrategyByNameTest()
        : TestCase("a strategy picked by its name, a new one included")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> known = {
            {"stop-and-copy", "ns3::StopAndCopyStrategy"},
            {"pre-copy", "ns3::XenPreCopyStrategy"},
            {"qemu-pre-copy", "ns3::QemuPreCopyStrategy"},
            {"renamed-stop-and-copy", "ns3::RenamedStopAndCopyStrategy"},
        };
        std::string names = MigrationHelper::GetStrategyNames();
        for (const auto& [name, type] : known)
        {
            TypeId tid;
            NS_TEST_EXPECT_MSG_EQ(MigrationHelper::LookupStrategy(name, tid),
                                  true,
                                  name << " not found");
            NS_TEST_EXPECT_MSG_EQ(tid.GetName(), type, name << " found as another type");
            NS_TEST_EXPECT_MSG_EQ(MigrationHelper::CreateStrategy(type)->GetName(),
                                  name,
                                  type << " not made by its TypeId name");
            NS_TEST_EXPECT_MSG_NE(names.find(name), std::string::npos, name << " not listed");
        }
        TypeId tid;
        for (const char* refused : {"ns3::MigrationStrategy", "ns3::Node", "no-such-strategy", ""})
        {
            NS_TEST_EXPECT_MSG_EQ(MigrationHelper::LookupStrategy(refused, tid),
                                  false,
                                  "'" << refused << "' accepted");
        }

        std::vector<std::string> args = BUSY_VM;
        args.push_back("--strategy=renamed-stop-and-copy");
        MigrationScenario scenario;
        ParseArguments(scenario, args);
        NS_TEST_ASSERT_MSG_EQ(scenario.Simulate(), "", "refused or failed");
        NS_TEST_EXPECT_MSG_EQ(scenario.GetRecords().front().strategy,
                              "renamed-stop-and-copy",
                              "not the strategy named");
        NS_TEST_EXPECT_MSG_EQ(scenario.GetRecords().front().rounds, 1, "not one round");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief MigrationHelper makes the strategy its TypeId names, with the attributes set on
 *        its factories.
 *
 * On the ideal testbed (no toolstack phases) a 16 MiB VM that rewrites all its pages
 * faster than the link sends them: pre-copy with MaxIterations 2 runs 3 rounds; with the
 * manager's ResumeTime at 2 s the downtime is at least 2 s; stop-and-copy runs 1 round.
 */
class MigrationHelperTest : public TestCase
{
  public:
    MigrationHelperTest()
        : TestCase("MigrationHelper: the strategy by TypeId, attributes by name")
    {
    }

  private:
    /**
     * @brief Migrate a busy 16 MiB VM from host1 to host2 with @p migration.
     * @param migration the helper, configured
     * @return the migration's record
     */
    MigrationRecord MigrateBusyVm(MigrationHelper& migration)
    {
        TestbedHelper testbedHelper;
        testbedHelper.AddPaperMachines();
        Ptr<Testbed> testbed = testbedHelper.Install();
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(16));
        vm->GetDirtyPageModel()->SetAttribute("PageWriteRate", DoubleValue(20000));
        testbed->AddVm("host1", vm);
        migration.Migrate(vm, testbed->GetHypervisor("host2"), Seconds(1));
        Simulator::Stop(Seconds(600));
        Simulator::Run();
        MigrationRecord record = migration.GetManager()->GetRecords().front();
        Simulator::Destroy();
        return record;
    }

    void DoRun() override
    {
        MigrationHelper preCopy;
        preCopy.SetStrategyType("ns3::XenPreCopyStrategy");
        preCopy.SetStrategyAttribute("MaxIterations", UintegerValue(2));
        preCopy.SetManagerAttribute("ResumeTime", TimeValue(Seconds(2)));
        MigrationRecord record = MigrateBusyVm(preCopy);
        NS_TEST_ASSERT_MSG_EQ(record.completed, true, "pre-copy did not complete");
        NS_TEST_EXPECT_MSG_EQ(record.strategy, "pre-copy", "not the strategy named");
        NS_TEST_EXPECT_MSG_EQ(record.rounds, 3, "not MaxIterations + 1 rounds");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(record.GetDowntime(), Seconds(2), "ResumeTime lost");

        MigrationHelper stopAndCopy;
        stopAndCopy.SetStrategyType("ns3::StopAndCopyStrategy");
        record = MigrateBusyVm(stopAndCopy);
        NS_TEST_EXPECT_MSG_EQ(record.strategy, "stop-and-copy", "not the strategy named");
        NS_TEST_EXPECT_MSG_EQ(record.rounds, 1, "not one round");
        NS_TEST_EXPECT_MSG_EQ(MigrationHelper::IsStrategyType("ns3::MigrationStrategy"),
                              false,
                              "an abstract strategy accepted");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The testbed preset is a set of attribute defaults: a script's own
 *        Config::SetDefault made after it overrides it, also for the hosts' CPUs that the
 *        preset sets per host, and the defaults are put back when the scenario ends.
 */
class PresetAsDefaultsTest : public TestCase
{
  public:
    PresetAsDefaultsTest()
        : TestCase("the paper preset as attribute defaults, overridden by a script's own")
    {
    }

  private:
    /// @return the default of VirtualMachine's PopulatedFraction
    static double PopulatedFractionDefault()
    {
        return DynamicCast<const DoubleValue>(
                   ScopedAttributeDefaults::GetDefault("ns3::VirtualMachine::PopulatedFraction"))
            ->Get();
    }

    void DoRun() override
    {
        TestbedPreset preset;
        TestbedPreset::Find("paper", TestbedHelper::FULL_DUPLEX, preset);
        double before = PopulatedFractionDefault();
        {
            MigrationScenario scenario;
            ParseArguments(scenario, {"--testbed=paper", "--linkModel=full-duplex"});
            NS_TEST_EXPECT_MSG_EQ(PopulatedFractionDefault(),
                                  preset.populatedFraction,
                                  "the preset is not the default after Parse");
            Config::SetDefault("ns3::MigrationManager::ResumeTime", TimeValue(Seconds(2)));
            Config::SetDefault("ns3::Hypervisor::Speed", DoubleValue(3));
            NS_TEST_ASSERT_MSG_EQ(scenario.Build(), "", "refused");
            TimeValue resume;
            scenario.GetManager()->GetAttribute("ResumeTime", resume);
            DoubleValue speed;
            scenario.GetTestbed()->GetHypervisor("host2")->GetAttribute("Speed", speed);
            DoubleValue populated;
            scenario.GetVm()->GetAttribute("PopulatedFraction", populated);
            Simulator::Destroy();
            Config::Reset(); // before any assertion can leave the test
            NS_TEST_EXPECT_MSG_EQ(resume.Get(), Seconds(2), "the script's ResumeTime lost");
            NS_TEST_EXPECT_MSG_EQ(speed.Get(), 3, "the script's Speed lost to host2's");
            NS_TEST_EXPECT_MSG_EQ(populated.Get(),
                                  preset.populatedFraction,
                                  "the preset's value lost where the script set none");
        }
        {
            MigrationScenario outer;
            ParseArguments(outer, {"--testbed=paper", "--linkModel=full-duplex"});
            {
                MigrationScenario inner;
                ParseArguments(inner, {"--testbed=ideal"});
            }
            NS_TEST_EXPECT_MSG_EQ(PopulatedFractionDefault(),
                                  preset.populatedFraction,
                                  "an inner scenario did not put the outer one's preset back");
        }
        NS_TEST_EXPECT_MSG_EQ(PopulatedFractionDefault(),
                              before,
                              "the preset outlived its scenario");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A script built on the helpers takes the paper preset's values by
 *        TestbedPreset::SetDefaults, and its command line overrides them.
 */
class PresetWithHelpersTest : public TestCase
{
  public:
    PresetWithHelpersTest()
        : TestCase("the paper preset under the helpers, with a command-line override")
    {
    }

  private:
    void DoRun() override
    {
        TestbedPreset preset;
        TestbedPreset::Find("paper", TestbedHelper::CSMA, preset);
        std::vector<std::string> args = {"script", "--ns3::MigrationManager::SuspendTime=1s"};
        std::vector<char*> argv = MakeArgv(args);
        CommandLine cmd;
        cmd.Parse(static_cast<int>(argv.size()), argv.data());
        preset.given = TestbedPreset::AttributesGiven(static_cast<int>(argv.size()), argv.data());
        TimeValue suspend;
        TimeValue resume;
        {
            ScopedAttributeDefaults scope;
            preset.SetDefaults(scope);
            MigrationHelper migration;
            migration.GetManager()->GetAttribute("SuspendTime", suspend);
            migration.GetManager()->GetAttribute("ResumeTime", resume);
        }
        Config::Reset();
        NS_TEST_EXPECT_MSG_EQ(suspend.Get(), Seconds(1), "the command line's value lost");
        NS_TEST_EXPECT_MSG_EQ(resume.Get(), preset.resumeTime, "not the preset's value");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A run's attribute defaults saved with --saveConfig (ns-3's ConfigStore) and
 *        loaded with --loadConfig into a scenario without the options that set them:
 *        they take effect over the testbed preset, the command line wins over them, and
 *        they are put back when the scenario ends.
 *
 * The saving run gives XenPreCopyStrategy's MaxIterations 5 (one the preset does not
 * set: 6 rounds) and the manager's ResumeTime 7 s (one the paper preset sets to 3.698 s).
 */
class ConfigStoreTest : public TestCase
{
  public:
    /// @param ending the file's ending: .txt (raw text) or .xml
    explicit ConfigStoreTest(const std::string& ending)
        : TestCase("--saveConfig and --loadConfig, " + ending),
          m_ending(ending)
    {
    }

  private:
    /// @return the default of XenPreCopyStrategy's MaxIterations
    static uint64_t MaxIterationsDefault()
    {
        return DynamicCast<const UintegerValue>(
                   ScopedAttributeDefaults::GetDefault("ns3::XenPreCopyStrategy::MaxIterations"))
            ->Get();
    }

    void DoRun() override
    {
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("config-store");
        std::string file = dir + "/config" + m_ending;
        std::vector<std::string> args = BUSY_VM;
        args.push_back("--testbed=paper");
        uint64_t before = MaxIterationsDefault();
        std::vector<std::pair<std::string, std::string>> savedCsv;
        std::vector<std::pair<std::string, std::string>> loadedCsv;
        {
            std::vector<std::string> saving = args;
            saving.push_back("--ns3::XenPreCopyStrategy::MaxIterations=5");
            saving.push_back("--ns3::MigrationManager::ResumeTime=7s");
            saving.push_back("--saveConfig=" + file);
            saving.push_back("--out=" + dir + "/saved");
            MigrationScenario scenario;
            ParseArguments(scenario, saving);
            NS_TEST_ASSERT_MSG_EQ(scenario.Execute(), "", "refused or failed");
            NS_TEST_EXPECT_MSG_EQ(scenario.GetRecords().front().rounds, 6, "not 6 rounds");
            savedCsv = scenario.FormatCsv();
        }
        Config::Reset();
        NS_TEST_ASSERT_MSG_EQ(std::filesystem::exists(file), true, "no file saved");
        NS_TEST_EXPECT_MSG_EQ(std::filesystem::exists(file + ".tmp"), false, "left behind");

        uint32_t rounds = 0;
        TimeValue resume;
        {
            std::vector<std::string> loading = args;
            loading.push_back("--loadConfig=" + file);
            MigrationScenario scenario;
            ParseArguments(scenario, loading);
            NS_TEST_ASSERT_MSG_EQ(scenario.Build(), "", "refused");
            scenario.GetManager()->GetAttribute("ResumeTime", resume);
            NS_TEST_ASSERT_MSG_EQ(scenario.Run(), "", "the migration failed");
            rounds = scenario.GetRecords().front().rounds;
            loadedCsv = scenario.FormatCsv();
        }
        uint64_t after = MaxIterationsDefault();
        Config::Reset(); // before any assertion can leave the test
        NS_TEST_EXPECT_MSG_EQ(rounds, 6, "the file's MaxIterations lost");
        NS_TEST_EXPECT_MSG_EQ(resume.Get(), Seconds(7), "the file's ResumeTime lost to the preset");
        NS_TEST_EXPECT_MSG_EQ(after, before, "the file's defaults outlived the scenario");
        NS_TEST_EXPECT_MSG_EQ((loadedCsv == savedCsv), true, "not the saved run's results");

        {
            std::vector<std::string> overriding = args;
            overriding.push_back("--loadConfig=" + file);
            overriding.push_back("--ns3::XenPreCopyStrategy::MaxIterations=2");
            MigrationScenario scenario;
            ParseArguments(scenario, overriding);
            NS_TEST_ASSERT_MSG_EQ(scenario.Simulate(), "", "refused or failed");
            rounds = scenario.GetRecords().front().rounds;
        }
        Config::Reset();
        NS_TEST_EXPECT_MSG_EQ(rounds, 3, "the command line's MaxIterations lost to the file");
        std::filesystem::remove_all(dir);
    }

    std::string m_ending; //!< the file's ending
};

/**
 * @ingroup vm-migration-tests
 * @brief Command-line attributes and strategies by TypeId.
 */
class CommandLineAttributesTestSuite : public TestSuite
{
  public:
    CommandLineAttributesTestSuite()
        : TestSuite("vm-migration-attributes", UNIT)
    {
        AddTestCase(new AttributeOverridesPresetTest("paper"), TestCase::QUICK);
        AddTestCase(new AttributeOverridesPresetTest("ideal"), TestCase::EXTENSIVE);
        AddTestCase(new LinuxTcpKeepsGivenTest(), TestCase::QUICK);
        AddTestCase(new StrategyByTypeIdTest(), TestCase::QUICK);
        AddTestCase(new StrategyByNameTest(), TestCase::QUICK);
        AddTestCase(new MigrationHelperTest(), TestCase::QUICK);
        AddTestCase(new PresetAsDefaultsTest(), TestCase::QUICK);
        AddTestCase(new PresetWithHelpersTest(), TestCase::QUICK);
        AddTestCase(new ConfigStoreTest(".txt"), TestCase::QUICK);
        AddTestCase(new ConfigStoreTest(".xml"), TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static CommandLineAttributesTestSuite g_commandLineAttributesTestSuite;

} // namespace ns3
