/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-scenario.h"

#include "migration-helper.h"
#include "migration-monitor-helper.h"
#include "output-folder.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/object-factory.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace ns3
{

namespace
{
/// Stream index of the VM's write process (fixed, so that runs are reproducible).
constexpr int64_t DIRTY_MODEL_STREAM = 1000;
/// Simulated time after the request by which any migration has long finished.
const Time MIGRATION_HORIZON = Hours(24);

/// Migration request time with no workload (the VM has booted).
const Time IDLE_MIGRATION_TIME = Seconds(1);

/**
 * @brief The migration is over: stop the simulation @p after it, or at the end of the
 *        workload if that is later.
 * @param after time to go on after the migration
 * @param workloadEnd end of the workload
 */
void
StopAtCompletion(Time after, Time workloadEnd, const MigrationRecord& /* record */)
{
    Simulator::Stop(Max(after, workloadEnd - Simulator::Now()));
}

/// The migration ended: stop @p after it, whatever the workload does.
void
StopAfterCompletion(Time after, const MigrationRecord& /* record */)
{
    Simulator::Stop(after);
}

/// @return whether @p profile has clients that send requests
bool
HasClients(const WorkloadProfile& profile)
{
    return !profile.operations.empty() && profile.driver != WorkloadProfile::NONE;
}

/// @return whether @p value is -1 (the profile's value) or a finite number >= 0
bool
IsDefaultOrNonNegative(double value)
{
    return value == -1 || (value >= 0 && std::isfinite(value));
}

/// @return whether @p value is -1 (the profile's value) or a time in [0, MAX_TIME_S] s
bool
IsDefaultOrTime(double value)
{
    return value == -1 || (value >= 0 && value <= MigrationScenario::MAX_TIME_S);
}

/**
 * @param text a link rate's text, e.g. "100Mbps"
 * @param [out] rate the rate
 * @return whether @p text is a whole, positive data rate
 */
bool
ParseLinkRate(const std::string& text, DataRate& rate)
{
    DataRateValue value;
    if (text.find_first_of(" \t\r\n") != std::string::npos ||
        !value.DeserializeFromString(text, MakeDataRateChecker()) || value.Get().GetBitRate() == 0)
    {
        return false;
    }
    rate = value.Get();
    return true;
}

/// @return whether @p value is a whole number of pages in MiB
bool
IsWholePages(double mib)
{
    double pages = mib * GuestMemory::PAGES_PER_MIB;
    return std::isfinite(pages) && pages == std::floor(pages);
}
} // namespace

void
MigrationScenario::AddToCommandLine(CommandLine& cmd)
{
    m_options.Add(cmd, "memory", "VM memory in MiB (a whole number of 4 KiB pages)", memoryMiB);
    m_options.Add(cmd, "strategy", "Migration strategy: stop-and-copy | pre-copy", strategy);
    m_options.Add(cmd,
                  "pageWriteRate",
                  "Guest background page writes per second, Poisson (-1: the workload's)",
                  pageWriteRate);
    m_options.Add(cmd,
                  "workingSet",
                  "Writable working set in MiB (0: all memory; -1: the workload's)",
                  workingSetMiB);
    m_options.Add(cmd,
                  "distribution",
                  "Writes over the working set: uniform | hot-cold",
                  distribution);
    m_options.Add(cmd, "linkRate", "LAN link rate", linkRate);
    m_options.Add(cmd, "linkModel", "Link model: csma (half duplex) | full-duplex", linkModel);
    m_options.Add(cmd, "topology", "LAN topology: switched | bus", topology);
    m_options.Add(cmd,
                  "migrateAt",
                  "Time of the migration request (s; -1: 1 s, or the middle of the workload's "
                  "steady state)",
                  migrateAt);
    m_options.Add(cmd,
                  "migrate",
                  "Whether to migrate the VM at all (0: run the workload only)",
                  migrate);
    m_options.Add(cmd,
                  "workload",
                  "What the VM runs: " + WorkloadProfile::GetNames() +
                      " (http: one operation of --responseSize bytes and --requestDemand ms)",
                  workload);
    m_options.Add(cmd, "users", "Faban users of a closed-loop workload (0: the workload's)", users);
    m_options.Add(cmd,
                  "thinkTime",
                  "Users' mean think time, exponential (s; -1: the workload's)",
                  thinkTime);
    m_options.Add(cmd,
                  "concurrency",
                  "Requests in flight of the ab workload (0: the workload's)",
                  concurrency);
    m_options.Add(cmd,
                  "requestDemand",
                  "CPU per request on a speed-1 core, every operation (ms; -1: the workload's)",
                  requestDemand);
    m_options.Add(cmd,
                  "responseSize",
                  "Response body of every operation (bytes; -1: the workload's)",
                  responseSize);
    m_options.Add(cmd,
                  "pagesPerRequest",
                  "Guest pages every operation writes, in the requests' hot set (-1: the "
                  "workload's)",
                  pagesPerRequest);
    m_options.Add(cmd, "rampUp", "Workload ramp-up (s; -1: the workload's)", rampUp);
    m_options.Add(cmd, "steady", "Workload steady state (s; -1: the workload's)", steady);
    m_options.Add(cmd, "rampDown", "Workload ramp-down (s; -1: the workload's)", rampDown);
    m_options.Add(cmd,
                  "keepAlive",
                  "Persistent connections: 0 | 1 (-1: the workload's)",
                  keepAlive);
    m_options.Add(cmd,
                  "maxClients",
                  "Connections the web server serves at once, Apache's MaxClients (0: no "
                  "limit; -1: the workload's)",
                  maxClients);
    m_options.Add(cmd,
                  "testbed",
                  "paper (calibrated toolstack and memory; the paper hosts' CPUs and Xen's "
                  "I/O-path costs) | ideal (no overheads, all pages populated, one speed-1 "
                  "core per host)",
                  testbed);
    m_options.Add(cmd,
                  "ioPath",
                  "Xen's I/O-path costs that act, cumulatively: network (the hosts' queues "
                  "and TCP buffers only) | dom0-cpu (+ dom0's per-page migration work) | "
                  "netback (+ netback's work per guest packet) | log-dirty (+ the guest's "
                  "log-dirty faults: all)",
                  ioPath);
    m_options.Add(cmd, "source", "Host the VM boots on", source);
    m_options.Add(cmd, "target", "Host the VM migrates to", target);
    m_options.Add(cmd, "runAfter", "Simulated seconds to go on after the migration", runAfter);
    m_options.Add(cmd,
                  "endWithMigration",
                  "End the run --runAfter seconds after the migration even if the workload "
                  "goes on (0 | 1)",
                  endWithMigration);
    m_options.Add(cmd,
                  "out",
                  "Folder of its own for migrations.csv, rounds.csv, events.csv and, with "
                  "HTTP clients, requests.csv, timeseries.csv, summary.csv and "
                  "operations.csv; each run replaces its contents as a whole",
                  out);
    m_options.Add(cmd,
                  "pcap",
                  "Capture every frame of each machine's NIC into OUT/MACHINE.pcap "
                  "(Ethernet; the hosts' NICs carry the guests' traffic and the migration)",
                  pcap);
    m_options.Add(cmd,
                  "flowmon",
                  "Write ns-3's FlowMonitor statistics of every flow to OUT/flowmon.xml",
                  flowmon);
    m_options.Add(cmd, "RngRun", "Run number of the random streams", rngRun);
}

void
MigrationScenario::Parse(CommandLine& cmd, int argc, char* argv[])
{
    cmd.Parse(argc, argv);
    m_attributesGiven = TestbedPreset::AttributesGiven(argc, argv);
    ApplyPreset();
}

void
MigrationScenario::ApplyPreset()
{
    TestbedHelper::LinkModel model;
    TestbedPreset preset;
    if (m_presetOverride)
    {
        preset = *m_presetOverride;
    }
    else if (!TestbedHelper::ParseLinkModel(linkModel, model) ||
             !TestbedPreset::Find(testbed, model, preset) ||
             !TestbedPreset::ParseIoPath(ioPath, preset.ioPath))
    {
        return; // Validate names the bad option
    }
    // Set once per preset: a default set after it (by the script) must stand at Build.
    std::string key = m_presetOverride ? "" : testbed + "|" + linkModel + "|" + ioPath;
    if (m_presetDefaults && !key.empty() && key == m_presetKey)
    {
        return;
    }
    preset.given = m_attributesGiven;
    m_presetDefaults.reset(); // the previous preset's defaults go back first
    m_presetDefaults = std::make_unique<ScopedAttributeDefaults>();
    preset.SetDefaults(*m_presetDefaults);
    m_preset = preset;
    m_presetKey = key;
}

std::string
MigrationScenario::Validate() const
{
    if (!m_options.GetError().empty())
    {
        return m_options.GetError();
    }
    std::ostringstream why;
    TestbedHelper::LinkModel model;
    DataRate rate;
    if (!(memoryMiB > 0) || !IsWholePages(memoryMiB) || memoryMiB > 1024 * 1024)
    {
        why << "--memory: " << memoryMiB
            << " MiB is not a positive whole number of 4 KiB pages (at most 1 TiB)";
    }
    else if (!CreateStrategy(strategy))
    {
        why << "--strategy: unknown strategy '" << strategy
            << "' (stop-and-copy | pre-copy, or a MigrationStrategy's TypeId name such as "
               "ns3::XenPreCopyStrategy)";
    }
    else if (!IsDefaultOrNonNegative(pageWriteRate) ||
             pageWriteRate > DirtyPageModel::MAX_PAGE_WRITE_RATE)
    {
        why << "--pageWriteRate: " << pageWriteRate << " is not a rate between 0 and "
            << DirtyPageModel::MAX_PAGE_WRITE_RATE << " pages/s (or -1)";
    }
    else if (!IsDefaultOrNonNegative(workingSetMiB) || workingSetMiB > memoryMiB)
    {
        why << "--workingSet: " << workingSetMiB << " MiB is not between 0 and the memory ("
            << memoryMiB << " MiB), or -1";
    }
    else if (distribution != "uniform" && distribution != "hot-cold")
    {
        why << "--distribution: unknown distribution '" << distribution << "' (uniform | hot-cold)";
    }
    else if (!ParseLinkRate(linkRate, rate))
    {
        why << "--linkRate: '" << linkRate << "' is not a data rate such as 100Mbps";
    }
    else if (!TestbedHelper::ParseLinkModel(linkModel, model))
    {
        why << "--linkModel: unknown link model '" << linkModel << "' (csma | full-duplex)";
    }
    else if (topology != "switched" && topology != "bus")
    {
        why << "--topology: unknown topology '" << topology << "' (switched | bus)";
    }
    else if (topology == "bus" && model != TestbedHelper::CSMA)
    {
        why << "--topology: a bus needs --linkModel=csma";
    }
    else if (!(runAfter >= 0) || runAfter > MAX_TIME_S)
    {
        why << "--runAfter: " << runAfter << " is not a time between 0 and " << MAX_TIME_S << " s";
    }
    else if (!IsDefaultOrTime(migrateAt))
    {
        why << "--migrateAt: " << migrateAt << " is not a time between 0 and " << MAX_TIME_S
            << " s (or -1)";
    }
    else if (TestbedPreset::IoPath level; !TestbedPreset::ParseIoPath(ioPath, level))
    {
        why << "--ioPath: unknown level '" << ioPath << "' (network | dom0-cpu | netback | "
            << "log-dirty)";
    }
    else if (TestbedPreset preset; !TestbedPreset::Find(testbed, model, preset))
    {
        why << "--testbed: unknown testbed '" << testbed << "' (paper | ideal)";
    }
    else if (source == target)
    {
        why << "--target: the VM already runs on " << source << "; a migration needs another host";
    }
    if (!why.str().empty())
    {
        return why.str();
    }
    WorkloadProfile profile;
    std::string workloadError = ResolveWorkload(profile);
    if (workloadError.empty() && !migrate && profile.name == "idle")
    {
        workloadError = "--migrate: with --workload=idle and no migration there is nothing to "
                        "simulate";
    }
    return workloadError;
}

std::string
MigrationScenario::ResolveWorkload(WorkloadProfile& profile) const
{
    std::ostringstream why;
    if (!WorkloadProfile::Find(workload, profile))
    {
        why << "--workload: unknown workload '" << workload << "' (" << WorkloadProfile::GetNames()
            << ")";
        return why.str();
    }
    bool faban = profile.driver == WorkloadProfile::FABAN;
    bool ab = profile.driver == WorkloadProfile::AB;
    if (users > MAX_CLIENT_CONNECTIONS || concurrency > MAX_CLIENT_CONNECTIONS)
    {
        why << (users > MAX_CLIENT_CONNECTIONS ? "--users: " : "--concurrency: ")
            << std::max(users, concurrency) << " connections is more than the "
            << MAX_CLIENT_CONNECTIONS << " ephemeral ports ns-3 gives the load generator's address";
    }
    else if (users > 0 && !faban)
    {
        why << "--users: the " << workload << " workload has no Faban users"
            << (ab ? " (its driver is ab: use --concurrency)" : "");
    }
    else if (concurrency > 0 && !ab)
    {
        why << "--concurrency: the " << workload << " workload is not driven by ab"
            << (faban ? " (its driver is Faban: use --users)" : "");
    }
    else if (thinkTime != -1 && (!faban || !IsDefaultOrTime(thinkTime)))
    {
        why << "--thinkTime: " << thinkTime
            << (faban ? " is not a time between 0 and 1e+07 s"
                      : " s: the workload's users do not think");
    }
    else if (!(requestDemand == -1 || IsDefaultOrTime(requestDemand / 1000)) ||
             (requestDemand != -1 && profile.operations.empty()))
    {
        why << "--requestDemand: " << requestDemand
            << (profile.operations.empty() ? " ms: the workload serves no requests"
                                           : " is not a CPU time between 0 and 1e+10 ms");
    }
    else if (responseSize < -1 || responseSize > std::numeric_limits<int32_t>::max() ||
             (responseSize != -1 && profile.operations.empty()))
    {
        why << "--responseSize: " << responseSize
            << (profile.operations.empty() ? " bytes: the workload serves no requests"
                                           : " is not a size in bytes");
    }
    else if (pagesPerRequest < -1 || pagesPerRequest > std::numeric_limits<int32_t>::max() ||
             (pagesPerRequest != -1 && profile.operations.empty()))
    {
        why << "--pagesPerRequest: " << pagesPerRequest
            << (profile.operations.empty() ? " pages: the workload serves no requests"
                                           : " is not a number of pages");
    }
    else if (!IsDefaultOrTime(rampUp) || !IsDefaultOrTime(steady) || !IsDefaultOrTime(rampDown))
    {
        why << "--"
            << (!IsDefaultOrTime(rampUp)   ? "rampUp"
                : !IsDefaultOrTime(steady) ? "steady"
                                           : "rampDown")
            << ": not a time between 0 and " << MAX_TIME_S << " s (or -1)";
    }
    else if (keepAlive < -1 || keepAlive > 1)
    {
        why << "--keepAlive: " << keepAlive << " is not 0 or 1";
    }
    else if (maxClients < -1 || maxClients > std::numeric_limits<uint32_t>::max() ||
             (maxClients != -1 && profile.operations.empty()))
    {
        why << "--maxClients: " << maxClients
            << (profile.operations.empty() ? ": the workload has no web server"
                                           : " is not a number of connections");
    }
    if (!why.str().empty())
    {
        return why.str();
    }
    if (users > 0 || concurrency > 0)
    {
        profile.users = users > 0 ? users : concurrency;
    }
    if (thinkTime != -1)
    {
        profile.thinkTimeMean = thinkTime;
    }
    for (HttpOperation& op : profile.operations)
    {
        op.demand =
            requestDemand != -1 ? MicroSeconds(std::llround(requestDemand * 1000)) : op.demand;
        op.responseSize =
            responseSize != -1 ? static_cast<uint32_t>(responseSize) : op.responseSize;
        op.pagesWritten =
            pagesPerRequest != -1 ? static_cast<uint32_t>(pagesPerRequest) : op.pagesWritten;
    }
    profile.rampUp = rampUp != -1 ? Seconds(rampUp) : profile.rampUp;
    profile.steady = steady != -1 ? Seconds(steady) : profile.steady;
    profile.rampDown = rampDown != -1 ? Seconds(rampDown) : profile.rampDown;
    profile.keepAlive = keepAlive != -1 ? keepAlive == 1 : profile.keepAlive;
    profile.maxClients = maxClients != -1 ? static_cast<uint32_t>(maxClients) : profile.maxClients;
    profile.backgroundWriteRate = pageWriteRate != -1 ? pageWriteRate : profile.backgroundWriteRate;
    profile.workingSetMiB = workingSetMiB != -1 ? workingSetMiB : profile.workingSetMiB;
    if (profile.workingSetMiB > memoryMiB)
    {
        why << "--workingSet: the " << workload << " workload's working set ("
            << profile.workingSetMiB << " MiB) is larger than the VM (--memory=" << memoryMiB
            << ")";
    }
    return why.str();
}

void
MigrationScenario::SetPreset(const TestbedPreset& preset)
{
    m_presetOverride = preset;
    m_presetKey.clear();
}

Ptr<MigrationStrategy>
MigrationScenario::CreateStrategy(const std::string& name)
{
    // The two short names stand for Xen's strategies; any other name is a TypeId
    // ("ns3::XenPreCopyStrategy", or a user's own MigrationStrategy subclass), so that a
    // new strategy needs no edit here.
    std::string type = name == "pre-copy"        ? "ns3::XenPreCopyStrategy"
                       : name == "stop-and-copy" ? "ns3::StopAndCopyStrategy"
                                                 : name;
    if (!MigrationHelper::IsStrategyType(type))
    {
        return nullptr;
    }
    ObjectFactory factory(type);
    return factory.Create<MigrationStrategy>();
}

std::string
MigrationScenario::Build()
{
    std::string why = Validate();
    if (!why.empty())
    {
        return why;
    }
    RngSeedManager::SetRun(rngRun);

    TestbedHelper::LinkModel model;
    TestbedHelper::ParseLinkModel(linkModel, model);
    ApplyPreset();
    std::set<std::string> setSince = m_presetDefaults->GetChangedSince();
    m_preset.given.insert(setSince.begin(), setSince.end());

    TestbedHelper helper;
    helper.SetLinkModel(model);
    helper.SetTopology(topology == "bus" ? TestbedHelper::BUS : TestbedHelper::SWITCHED);
    DataRate rate;
    ParseLinkRate(linkRate, rate); // Validate has refused a bad one
    helper.SetLinkRate(rate);
    helper.AddPaperMachines();
    m_testbed = helper.Install();
    m_preset.ConfigureHosts(m_testbed);

    Ptr<Hypervisor> from = m_testbed->FindHypervisor(source);
    Ptr<Hypervisor> to = m_testbed->FindHypervisor(target);
    if (!from || !to)
    {
        return std::string(from ? "--target: " : "--source: ") + "no Xen host named '" +
               (from ? target : source) + "' (host1 | host2)";
    }
    if (memoryMiB > from->GetFreeMemoryMiB())
    {
        std::ostringstream msg;
        msg << "--memory: host " << source << " has " << from->GetFreeMemoryMiB() << " MiB free, a "
            << memoryMiB << " MiB VM does not fit";
        return msg.str();
    }

    m_vm = CreateObject<VirtualMachine>();
    m_vm->SetAttribute("Name", StringValue("vm1"));
    m_vm->SetAttribute("MemoryMiB", DoubleValue(memoryMiB));
    Ptr<DirtyPageModel> writes = m_vm->GetDirtyPageModel();
    writes->SetAttribute(
        "Distribution",
        EnumValue(distribution == "hot-cold" ? DirtyPageModel::HOT_COLD : DirtyPageModel::UNIFORM));
    writes->AssignStreams(DIRTY_MODEL_STREAM);
    ResolveWorkload(m_workload);
    WorkloadHelper workload(m_workload);
    workload.ConfigureGuest(m_vm);
    m_testbed->AddVm(source, m_vm);
    m_installed = workload.Install(m_testbed, m_vm, "storage");
    bool loaded = HasClients(m_workload) || m_workload.netperfStreams > 0;
    m_migrationTime = migrateAt != -1 ? Seconds(migrateAt)
                      : loaded        ? m_workload.rampUp + m_workload.steady / 2
                                      : IDLE_MIGRATION_TIME;

    m_manager = CreateObject<MigrationManager>();
    m_strategy = CreateStrategy(strategy);
    MigrationMonitorHelper monitorHelper; // a fresh monitor: this run's records only
    m_monitor = monitorHelper.Install(m_manager);
    monitorHelper.Install(m_vm);
    if (m_installed.client)
    {
        monitorHelper.Install(m_installed.client, m_workload.operations);
    }
    why = m_manager->CheckMigration(m_vm, to);
    if (!why.empty())
    {
        return "--target: " + why;
    }
    if (migrate)
    {
        m_manager->Migrate(m_vm, to, m_strategy, m_migrationTime);
        // A failed migration ends the run as a completed one does: its outcome is known.
        for (const char* outcome : {"MigrationCompleted", "MigrationFailed"})
        {
            m_manager->TraceConnectWithoutContext(
                outcome,
                endWithMigration
                    ? MakeBoundCallback(&StopAfterCompletion, Seconds(runAfter))
                    : MakeBoundCallback(&StopAtCompletion, Seconds(runAfter), m_installed.end));
        }
    }
    else
    {
        Simulator::Stop(m_installed.end);
    }
    return "";
}

std::string
MigrationScenario::Run()
{
    NS_ABORT_MSG_UNLESS(m_manager, "MigrationScenario: Run() before a successful Build()");
    Simulator::Stop(Max(m_migrationTime, m_installed.end) + MIGRATION_HORIZON);
    Simulator::Run();
    m_endTime = Simulator::Now();
    m_eventCount = Simulator::GetEventCount();
    if (m_flowmon)
    {
        m_flowmon->CheckForLostPackets();
        m_flowmon->SerializeToXmlFile(m_flowmonFile, true, true);
        m_flowmon = nullptr;
    }
    Simulator::Destroy();
    m_testbed = nullptr;
    m_vm = nullptr;
    m_strategy = nullptr;
    m_manager = nullptr;
    m_installed = WorkloadHelper::Installed();
    if (!migrate)
    {
        return "";
    }
    const std::vector<MigrationRecord>& records = m_monitor->GetRecords();
    if (!records.empty() && !records.front().failure.empty())
    {
        return "the migration failed: " + records.front().failure;
    }
    if (records.empty() || !records.front().completed)
    {
        return "the migration did not complete within " +
               std::to_string(MIGRATION_HORIZON.GetSeconds()) + " s of simulated time";
    }
    if (records.front().mismatches > 0)
    {
        return std::to_string(records.front().mismatches) +
               " pages differ between source and target at resume";
    }
    return "";
}

std::string
MigrationScenario::Simulate()
{
    std::string why = Build();
    return why.empty() ? Run() : why;
}

std::string
MigrationScenario::EnableCaptures()
{
    if (!pcap && !flowmon)
    {
        return "";
    }
    // Written as the run goes, into the folder the outputs are staged in, so that they
    // join the set WriteCsv swaps in.
    std::string staging;
    std::string why = OutputFolder::Staging(out, staging);
    if (!why.empty())
    {
        return why;
    }
    if (pcap)
    {
        m_testbed->EnablePcap(staging);
    }
    if (flowmon)
    {
        m_flowmon = m_flowmonHelper.InstallAll();
        m_flowmonFile = staging + "/flowmon.xml";
    }
    return "";
}

std::string
MigrationScenario::Execute()
{
    std::string why = Validate();
    if (why.empty())
    {
        why = OutputFolder::Check(out, GetOutputNames());
        why = why.empty() ? Build() : "--out: " + why;
    }
    if (!why.empty())
    {
        return why; // a refused input: no CSV
    }
    why = EnableCaptures();
    if (!why.empty())
    {
        return "--out: " + why;
    }
    // A migration that failed or did not end is an outcome: its records are written.
    std::string outcome = Run();
    why = WriteCsv(out);
    return why.empty() ? outcome : why;
}

std::vector<std::pair<std::string, std::string>>
MigrationScenario::FormatCsv() const
{
    return m_monitor->FormatCsv(GetSteadyStart(), GetSteadyEnd(), m_endTime);
}

std::string
MigrationScenario::WriteCsv(const std::string& directory) const
{
    return OutputFolder::Replace(directory, FormatCsv());
}

std::set<std::string>
MigrationScenario::GetOutputNames()
{
    std::set<std::string> names;
    for (const std::string& name : MigrationMonitor::GetFileNames())
    {
        names.insert(name);
        names.insert(name + ".tmp"); // left by versions that wrote file by file
    }
    names.insert("flowmon.xml");
    for (const std::string& machine : TestbedHelper::GetPaperMachineNames())
    {
        names.insert(machine + ".pcap");
    }
    return names;
}

const std::vector<MigrationRecord>&
MigrationScenario::GetRecords() const
{
    return m_monitor->GetRecords();
}

const std::vector<MigrationRoundRecord>&
MigrationScenario::GetRounds() const
{
    return m_monitor->GetRounds();
}

Ptr<Testbed>
MigrationScenario::GetTestbed() const
{
    return m_testbed;
}

Ptr<VirtualMachine>
MigrationScenario::GetVm() const
{
    return m_vm;
}

Ptr<MigrationStrategy>
MigrationScenario::GetStrategy() const
{
    return m_strategy;
}

Ptr<MigrationManager>
MigrationScenario::GetManager() const
{
    return m_manager;
}

const RequestLog&
MigrationScenario::GetRequestLog() const
{
    return m_monitor->GetRequestLog();
}

Ptr<MigrationMonitor>
MigrationScenario::GetMonitor() const
{
    return m_monitor;
}

const WorkloadProfile&
MigrationScenario::GetWorkload() const
{
    return m_workload;
}

const WorkloadHelper::Installed&
MigrationScenario::GetInstalledWorkload() const
{
    return m_installed;
}

Time
MigrationScenario::GetMigrationTime() const
{
    return m_migrationTime;
}

Time
MigrationScenario::GetSteadyStart() const
{
    return m_workload.rampUp;
}

Time
MigrationScenario::GetSteadyEnd() const
{
    return m_workload.rampUp + m_workload.steady;
}

Time
MigrationScenario::GetEndTime() const
{
    return m_endTime;
}

uint64_t
MigrationScenario::GetEventCount() const
{
    return m_eventCount;
}

} // namespace ns3
