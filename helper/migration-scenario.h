/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_SCENARIO_H
#define MIGRATION_SCENARIO_H

#include "migration-monitor.h"
#include "request-log.h"
#include "strict-options.h"
#include "testbed-helper.h"
#include "testbed-preset.h"
#include "testbed.h"
#include "workload-helper.h"
#include "workload.h"

#include "ns3/command-line.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/migration-manager.h"
#include "ns3/migration-record.h"
#include "ns3/migration-strategy.h"
#include "ns3/virtual-machine.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief One migration of one VM on the paper's testbed, under a workload, with every
 *        knob exposed.
 *
 * The VM runs a workload (a Workload subclass, named by `workload`: a short name such as
 * "sampleweb" or a TypeId name such as "ns3::SampleWebWorkload") from time 0: ramp-up,
 * steady state, ramp-down.  The migration is requested at `migrateAt` (by default 1 s
 * with no workload, else the middle of the steady state); with `migrate` false there
 * is none.  The run ends when both the workload and the migration (plus `runAfter`)
 * are over; with `endWithMigration`, `runAfter` after the migration, whatever the
 * workload does.  Knobs left at -1 (or 0 for counts) take the workload's attribute value
 * (its TypeId's default, or what `--ns3::SampleWebWorkload::Users=400` and the like set);
 * a knob given overrides the attribute.
 *
 * Build is the knobs put into the helpers a script would use: TestbedHelper (the
 * paper's machines and LAN), WorkloadHelper (the workload's guest, server and clients),
 * MigrationHelper (the strategy by name, the manager) and MigrationMonitorHelper (the
 * records and files).
 *
 * The knobs are public fields, each also a command-line option (AddToCommandLine).
 * Use: set the knobs, Validate, Build, optionally reach into the built objects
 * (GetVm, GetStrategy, GetManager, GetTestbed) to change attributes, Run, then read
 * the records or WriteCsv.  Every step that can fail returns an empty string or a
 * message naming the input at fault, and nothing is written before Run succeeded.
 */
class MigrationScenario
{
  public:
    /**
     * Longest simulated time an option may give (s).  ns-3's Time holds 9.2e9 s at its
     * nanosecond resolution and a run adds its sums and a 24-hour migration horizon to
     * the options' times; 10^7 s (116 days) leaves them far from overflowing.
     */
    static constexpr double MAX_TIME_S = 1e7;

    /**
     * Most users or ab connections one load generator can have (one connection each):
     * ns-3 gives a node's address the ephemeral ports 49152-65535 (Ipv4EndPointDemux).
     */
    static constexpr uint32_t MAX_CLIENT_CONNECTIONS = 65535 - 49152 + 1;

    double memoryMiB{256};            //!< --memory: VM memory (MiB)
    std::string strategy{"pre-copy"}; //!< --strategy: a strategy's name or TypeId name
    double pageWriteRate{-1};         //!< --pageWriteRate: background writes/s (-1: workload's)
    double workingSetMiB{-1};         //!< --workingSet: working set (MiB; 0: all; -1: workload's)
    std::string distribution{"uniform"}; //!< --distribution: uniform | hot-cold
    std::string linkRate{"100Mbps"};     //!< --linkRate: LAN link rate
    std::string linkModel{"csma"};       //!< --linkModel: csma | full-duplex
    std::string topology{"switched"};    //!< --topology: switched | bus
    double migrateAt{-1};                //!< --migrateAt: migration request time (s; -1: auto)
    std::string testbed{"paper"};        //!< --testbed: paper | ideal
    std::string ioPath{"log-dirty"};     //!< --ioPath: network | dom0-cpu | netback | log-dirty
    std::string source{"host1"};         //!< --source: host the VM boots on
    std::string target{"host2"};         //!< --target: host it migrates to
    std::string out{"vm-migration-out"}; //!< --out: folder of the CSV files
    uint32_t rngRun{1};                  //!< --RngRun: run number of the random streams
    double runAfter{0};                  //!< --runAfter: seconds to go on after the migration
    bool endWithMigration{false};        //!< --endWithMigration: end runAfter after it
    std::string workload{"idle"};        //!< --workload: a Workload's short or TypeId name
    uint32_t users{0};                   //!< --users: Faban users (0: workload's)
    double thinkTime{-1};                //!< --thinkTime: mean think time (s; -1: workload's)
    uint32_t concurrency{0};             //!< --concurrency: ab's concurrency (0: workload's)
    double requestDemand{-1};            //!< --requestDemand: CPU ms per request (-1: workload's)
    int64_t responseSize{-1};            //!< --responseSize: body bytes (-1: workload's)
    int64_t pagesPerRequest{-1};         //!< --pagesPerRequest: pages written (-1: workload's)
    double rampUp{-1};                   //!< --rampUp: ramp-up (s; -1: workload's)
    double steady{-1};                   //!< --steady: steady state (s; -1: workload's)
    double rampDown{-1};                 //!< --rampDown: ramp-down (s; -1: workload's)
    int keepAlive{-1};                   //!< --keepAlive: 0 | 1 (-1: workload's)
    int64_t maxClients{-1};              //!< --maxClients: server workers (0: none; -1: workload's)
    bool migrate{true};                  //!< --migrate: whether to migrate at all
    bool pcap{false};                    //!< --pcap: capture each machine's NIC (Execute)
    bool flowmon{false};                 //!< --flowmon: FlowMonitor's XML (Execute)
    std::string loadConfig;              //!< --loadConfig: attribute defaults to load
    std::string saveConfig;              //!< --saveConfig: where Execute saves the defaults

    /**
     * @brief Register every knob as a command-line option.
     * @param cmd the command line
     */
    void AddToCommandLine(CommandLine& cmd);

    /**
     * @brief Parse the command line, then make the testbed preset's values the
     *        attribute defaults, except those the command line sets
     *        (`--ns3::Class::Attribute=value`), then load `loadConfig`'s defaults over
     *        them, except those the command line sets.  A Config::SetDefault made after
     *        this overrides the preset as well.
     *
     * An attribute value its checker refuses is not set: Validate reports it, naming
     * the attribute.
     * @param cmd the command line, with AddToCommandLine's options
     * @param argc the argument count
     * @param argv the arguments
     */
    void Parse(CommandLine& cmd, int argc, char* argv[]);

    /**
     * @brief Check the knobs that need no testbed.
     * @return an empty string, or a message naming the bad option
     */
    std::string Validate() const;

    /**
     * @brief Use a preset's values instead of the one named by `testbed`; they become
     *        the attribute defaults at Build.
     * @param preset the toolstack and memory parameters
     */
    void SetPreset(const TestbedPreset& preset);

    /**
     * @brief Build the testbed, boot the VM on the source, schedule the migration.
     * @return an empty string, or why the migration is impossible
     */
    std::string Build();

    /**
     * @brief Run the simulation until the migration completes.
     * @return an empty string, or why it did not complete
     */
    std::string Run();

    /**
     * @brief Build, then Run.
     * @return an empty string, or the first error
     */
    std::string Simulate();

    /**
     * @brief Everything, in order: Validate, prepare the output directory, Build,
     *        save the attribute defaults to `saveConfig` (if set), Run, WriteCsv(out).
     * @return an empty string, or the first error: an input refused by Validate or
     *         Build (then no CSV was written), or the run's outcome from Run (a migration
     *         that failed, did not complete or arrived damaged; the CSV files are written
     *         and migrations.csv's status tells)
     */
    std::string Execute();

    /**
     * @brief The workload the knobs describe: a new object of the named Workload subclass
     *        (its attributes at their current defaults) with the knobs' overrides.
     * @param [out] result the workload, when the knobs are valid
     * @return an empty string, or a message naming the bad option
     */
    std::string ResolveWorkload(Ptr<Workload>& result) const;

    /**
     * @brief The output files of the last Run, by name (MigrationMonitor::FormatCsv):
     *        migrations.csv, rounds.csv, events.csv (each migration's request, suspend,
     *        resume and release times) and, with HTTP clients, requests.csv,
     *        timeseries.csv, summary.csv (the steady state) and operations.csv.
     * @return file name to contents, in a fixed order
     */
    std::vector<std::pair<std::string, std::string>> FormatCsv() const;

    /**
     * @brief Replace the contents of @p directory by the files of FormatCsv, as one set
     *        (OutputFolder::Replace).
     * @param directory where
     * @return an empty string, or why it failed
     */
    std::string WriteCsv(const std::string& directory) const;

    /// @return the names of every file a run may write in its output folder
    static std::set<std::string> GetOutputNames();

    /// @return the migration records of the last Run
    const std::vector<MigrationRecord>& GetRecords() const;
    /// @return the round records of the last Run
    const std::vector<MigrationRoundRecord>& GetRounds() const;
    /// @return the built testbed
    Ptr<Testbed> GetTestbed() const;
    /// @return the VM
    Ptr<VirtualMachine> GetVm() const;
    /// @return the strategy of the migration (valid after Build; null with `migrate` false)
    Ptr<MigrationStrategy> GetStrategy() const;
    /// @return the migration manager
    Ptr<MigrationManager> GetManager() const;
    /// @return the workload's requests (kept after Run, until the next Build)
    const RequestLog& GetRequestLog() const;
    /// @return the monitor of the last Build: its records and files (kept after Run)
    Ptr<MigrationMonitor> GetMonitor() const;
    /// @return the workload in use (valid after Build)
    Ptr<Workload> GetWorkload() const;
    /// @return what the workload installed (valid between Build and the end of Run)
    const WorkloadHelper::Installed& GetInstalledWorkload() const;
    /// @return the time the migration is requested (valid after Build)
    Time GetMigrationTime() const;
    /// @return the steady state's start (valid after Build)
    Time GetSteadyStart() const;
    /// @return the steady state's end (valid after Build)
    Time GetSteadyEnd() const;
    /// @return when the last Run ended
    Time GetEndTime() const;

    /// @return the simulator events the last Run executed
    uint64_t GetEventCount() const;

  private:
    /**
     * @brief Check the knobs that override a workload's attributes against it.
     * @param w the workload named by `workload`
     * @return an empty string, or a message naming the first bad option
     */
    std::string CheckWorkloadKnobs(const Workload& w) const;

    /**
     * @brief Set the attributes and operations of @p w that the knobs override (those
     *        not left at -1 or 0), after CheckWorkloadKnobs.
     * @param w the workload
     * @return an empty string, or why the result cannot run (too many users from the
     *         attribute, a working set larger than the VM)
     */
    std::string ApplyWorkloadKnobs(Ptr<Workload> w) const;

    /**
     * @brief Make the preset (SetPreset's, or the one `testbed`, `linkModel` and
     *        `ioPath` name) the attribute defaults while this scenario lives, unless
     *        they are already; nothing if they name no preset (Validate says why).
     */
    void ApplyPreset();

    /**
     * @brief Load `loadConfig`'s attribute defaults while this scenario lives, over the
     *        preset's, unless the command line gives them or the file is loaded already;
     *        nothing if the file is bad (Validate says why).
     * @return whether it loaded the file now
     */
    bool LoadConfig();

    /**
     * @brief With --pcap or --flowmon, start the capture and the flow monitor, writing
     *        into the output folder's staging folder; after Build.
     * @return "" or why the staging folder could not be made
     */
    std::string EnableCaptures();

    std::optional<TestbedPreset> m_presetOverride;             //!< preset set by SetPreset
    StrictOptions m_options;                                   //!< the knobs' command-line parsers
    TestbedPreset m_preset;                                    //!< preset in use
    std::unique_ptr<ScopedAttributeDefaults> m_presetDefaults; //!< its defaults, while in use
    std::string m_presetKey;                                   //!< which preset they are
    std::set<std::string> m_attributesGiven; //!< attributes the command line or the file set
    std::unique_ptr<ScopedAttributeDefaults> m_loadedDefaults; //!< loadConfig's, while in use
    std::string m_loadedFile;                                  //!< which file they are from
    FlowMonitorHelper m_flowmonHelper;     //!< installs the flow monitor (--flowmon)
    Ptr<FlowMonitor> m_flowmon;            //!< the flow monitor, with --flowmon
    std::string m_flowmonFile;             //!< where Run writes its XML
    Ptr<Testbed> m_testbed;                //!< built testbed
    Ptr<VirtualMachine> m_vm;              //!< the VM
    Ptr<MigrationStrategy> m_strategy;     //!< its strategy
    Ptr<MigrationManager> m_manager;       //!< the toolstack
    Ptr<Workload> m_workload;              //!< workload in use
    WorkloadHelper::Installed m_installed; //!< its applications
    Time m_migrationTime;                  //!< migration request time
    Time m_endTime;                        //!< when the last Run ended
    uint64_t m_eventCount{0};              //!< events the last Run executed
    /// The records and the files: each Build's own, and an empty one before the first.
    Ptr<MigrationMonitor> m_monitor{CreateObject<MigrationMonitor>()};
};

} // namespace ns3

#endif /* MIGRATION_SCENARIO_H */
