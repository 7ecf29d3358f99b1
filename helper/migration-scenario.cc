/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-scenario.h"

#include "migration-csv-writer.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/stop-and-copy-strategy.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/xen-pre-copy-strategy.h"

#include <cmath>
#include <cstdio>
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
    cmd.AddValue("memory", "VM memory in MiB (a whole number of 4 KiB pages)", memoryMiB);
    cmd.AddValue("strategy", "Migration strategy: stop-and-copy | pre-copy", strategy);
    cmd.AddValue("pageWriteRate",
                 "Guest background page writes per second, Poisson (-1: the workload's)",
                 pageWriteRate);
    cmd.AddValue("workingSet",
                 "Writable working set in MiB (0: all memory; -1: the workload's)",
                 workingSetMiB);
    cmd.AddValue("distribution", "Writes over the working set: uniform | hot-cold", distribution);
    cmd.AddValue("linkRate", "LAN link rate", linkRate);
    cmd.AddValue("linkModel", "Link model: csma (half duplex) | full-duplex", linkModel);
    cmd.AddValue("topology", "LAN topology: switched | bus", topology);
    cmd.AddValue("migrateAt",
                 "Time of the migration request (s; -1: 1 s, or the middle of the workload's "
                 "steady state)",
                 migrateAt);
    cmd.AddValue("migrate", "Whether to migrate the VM at all (0: run the workload only)", migrate);
    cmd.AddValue("workload",
                 "What the VM runs: " + WorkloadProfile::GetNames() +
                     " (http: one operation of --responseSize bytes and --requestDemand ms)",
                 workload);
    cmd.AddValue("users", "Faban users of a closed-loop workload (0: the workload's)", users);
    cmd.AddValue("thinkTime",
                 "Users' mean think time, exponential (s; -1: the workload's)",
                 thinkTime);
    cmd.AddValue("concurrency",
                 "Requests in flight of the ab workload (0: the workload's)",
                 concurrency);
    cmd.AddValue("requestDemand",
                 "CPU per request on a speed-1 core, every operation (ms; -1: the workload's)",
                 requestDemand);
    cmd.AddValue("responseSize",
                 "Response body of every operation (bytes; -1: the workload's)",
                 responseSize);
    cmd.AddValue("pagesPerRequest",
                 "Guest pages every operation writes, in the requests' hot set (-1: the "
                 "workload's)",
                 pagesPerRequest);
    cmd.AddValue("rampUp", "Workload ramp-up (s; -1: the workload's)", rampUp);
    cmd.AddValue("steady", "Workload steady state (s; -1: the workload's)", steady);
    cmd.AddValue("rampDown", "Workload ramp-down (s; -1: the workload's)", rampDown);
    cmd.AddValue("keepAlive", "Persistent connections: 0 | 1 (-1: the workload's)", keepAlive);
    cmd.AddValue("maxClients",
                 "Connections the web server serves at once, Apache's MaxClients (0: no "
                 "limit; -1: the workload's)",
                 maxClients);
    cmd.AddValue("testbed",
                 "paper (calibrated toolstack and memory; the paper hosts' CPUs and Xen's "
                 "I/O-path costs) | ideal (no overheads, all pages populated, one speed-1 "
                 "core per host)",
                 testbed);
    cmd.AddValue("ioPath",
                 "Xen's I/O-path costs that act, cumulatively: network (the hosts' queues "
                 "and TCP buffers only) | dom0-cpu (+ dom0's per-page migration work) | "
                 "netback (+ netback's work per guest packet) | log-dirty (+ the guest's "
                 "log-dirty faults: all)",
                 ioPath);
    cmd.AddValue("source", "Host the VM boots on", source);
    cmd.AddValue("target", "Host the VM migrates to", target);
    cmd.AddValue("runAfter", "Simulated seconds to go on after the migration", runAfter);
    cmd.AddValue("endWithMigration",
                 "End the run --runAfter seconds after the migration even if the workload "
                 "goes on (0 | 1)",
                 endWithMigration);
    cmd.AddValue("out",
                 "Directory for migrations.csv, rounds.csv and, with HTTP clients, "
                 "requests.csv, timeseries.csv, summary.csv and operations.csv",
                 out);
    cmd.AddValue("RngRun", "Run number of the random streams", rngRun);
}

std::string
MigrationScenario::Validate() const
{
    std::ostringstream why;
    TestbedHelper::LinkModel model;
    DataRateValue rate;
    if (!(memoryMiB > 0) || !IsWholePages(memoryMiB) || memoryMiB > 1024 * 1024)
    {
        why << "--memory: " << memoryMiB
            << " MiB is not a positive whole number of 4 KiB pages (at most 1 TiB)";
    }
    else if (!CreateStrategy(strategy))
    {
        why << "--strategy: unknown strategy '" << strategy << "' (stop-and-copy | pre-copy)";
    }
    else if (!IsDefaultOrNonNegative(pageWriteRate))
    {
        why << "--pageWriteRate: " << pageWriteRate << " is not a rate >= 0 pages/s (or -1)";
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
    else if (!rate.DeserializeFromString(linkRate, MakeDataRateChecker()) ||
             rate.Get().GetBitRate() == 0)
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
    else if (!(runAfter >= 0) || !std::isfinite(runAfter))
    {
        why << "--runAfter: " << runAfter << " is not a time >= 0 s";
    }
    else if (!IsDefaultOrNonNegative(migrateAt))
    {
        why << "--migrateAt: " << migrateAt << " is not a time >= 0 s (or -1)";
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
    if (users > 0 && !faban)
    {
        why << "--users: the " << workload << " workload has no Faban users"
            << (ab ? " (its driver is ab: use --concurrency)" : "");
    }
    else if (concurrency > 0 && !ab)
    {
        why << "--concurrency: the " << workload << " workload is not driven by ab"
            << (faban ? " (its driver is Faban: use --users)" : "");
    }
    else if (thinkTime != -1 && (!faban || !(thinkTime >= 0) || !std::isfinite(thinkTime)))
    {
        why << "--thinkTime: " << thinkTime
            << (faban ? " is not a time >= 0 s" : " s: the workload's users do not think");
    }
    else if (!IsDefaultOrNonNegative(requestDemand) ||
             (requestDemand != -1 && profile.operations.empty()))
    {
        why << "--requestDemand: " << requestDemand
            << (profile.operations.empty() ? " ms: the workload serves no requests"
                                           : " is not a CPU time >= 0 ms");
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
    else if (!IsDefaultOrNonNegative(rampUp) || !IsDefaultOrNonNegative(steady) ||
             !IsDefaultOrNonNegative(rampDown))
    {
        why << "--"
            << (!IsDefaultOrNonNegative(rampUp)   ? "rampUp"
                : !IsDefaultOrNonNegative(steady) ? "steady"
                                                  : "rampDown")
            << ": not a time >= 0 s (or -1)";
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
}

Ptr<MigrationStrategy>
MigrationScenario::CreateStrategy(const std::string& name)
{
    if (name == "stop-and-copy")
    {
        return CreateObject<StopAndCopyStrategy>();
    }
    if (name == "pre-copy")
    {
        return CreateObject<XenPreCopyStrategy>();
    }
    return nullptr;
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
    if (m_presetOverride)
    {
        m_preset = *m_presetOverride;
    }
    else
    {
        TestbedPreset::Find(testbed, model, m_preset);
        TestbedPreset::ParseIoPath(ioPath, m_preset.ioPath);
    }

    TestbedHelper helper;
    helper.SetLinkModel(model);
    helper.SetTopology(topology == "bus" ? TestbedHelper::BUS : TestbedHelper::SWITCHED);
    helper.SetLinkRate(DataRate(linkRate));
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
    m_vm->SetAttribute("PopulatedFraction", DoubleValue(m_preset.populatedFraction));
    m_preset.ConfigureVm(m_vm);
    Ptr<DirtyPageModel> writes = m_vm->GetDirtyPageModel();
    writes->SetAttribute(
        "Distribution",
        EnumValue(distribution == "hot-cold" ? DirtyPageModel::HOT_COLD : DirtyPageModel::UNIFORM));
    writes->AssignStreams(DIRTY_MODEL_STREAM);
    ResolveWorkload(m_workload);
    WorkloadHelper workload(m_workload);
    workload.ConfigureGuest(m_vm);
    m_testbed->AddVm(source, m_vm);
    m_requests.Clear();
    m_installed = workload.Install(m_testbed, m_vm, "storage", m_requests);
    bool loaded = HasClients(m_workload) || m_workload.netperfStreams > 0;
    m_migrationTime = migrateAt != -1 ? Seconds(migrateAt)
                      : loaded        ? m_workload.rampUp + m_workload.steady / 2
                                      : IDLE_MIGRATION_TIME;

    m_manager = CreateObject<MigrationManager>();
    m_preset.Configure(m_manager);
    m_strategy = CreateStrategy(strategy);
    why = m_manager->CheckMigration(m_vm, to);
    if (!why.empty())
    {
        return "--target: " + why;
    }
    if (migrate)
    {
        m_manager->Migrate(m_vm, to, m_strategy, m_migrationTime);
        m_manager->TraceConnectWithoutContext(
            "MigrationCompleted",
            endWithMigration
                ? MakeBoundCallback(&StopAfterCompletion, Seconds(runAfter))
                : MakeBoundCallback(&StopAtCompletion, Seconds(runAfter), m_installed.end));
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
    Collect();
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
    if (m_records.empty() || !m_records.front().completed)
    {
        return "the migration did not complete within " +
               std::to_string(MIGRATION_HORIZON.GetSeconds()) + " s of simulated time";
    }
    if (m_records.front().mismatches > 0)
    {
        return std::to_string(m_records.front().mismatches) +
               " pages differ between source and target at resume";
    }
    return "";
}

void
MigrationScenario::Collect()
{
    m_records = m_manager->GetRecords();
    m_rounds = m_manager->GetRounds();
}

std::string
MigrationScenario::Simulate()
{
    std::string why = Build();
    return why.empty() ? Run() : why;
}

std::string
MigrationScenario::Execute()
{
    std::string why = Validate();
    if (why.empty())
    {
        why = MigrationCsvWriter::PrepareDirectory(out);
        why = why.empty() ? Simulate() : "--out: " + why;
    }
    return why.empty() ? WriteCsv(out) : why;
}

namespace
{
/**
 * @brief events.csv: MigrationCsvWriter's columns, then each migration's client-view
 *        downtime, `client_gap_start_s,client_gap_end_s,client_downtime_s`: the longest
 *        interval without an OK response that overlaps [suspended, resumed]
 *        (RequestLog::FindClientGap).
 *
 * The writer's text is extended line by line rather than rewritten, so that the
 * toolstack's columns keep one definition.  The cells are empty without clients and when
 * no OK response completed after the resume; the header is the same either way, so that
 * the runs of a reproduction concatenate.  Seconds as the writer formats them.
 *
 * @param records the migrations
 * @param requests the clients' log, or nullptr without clients
 * @return the CSV text, header included
 */
std::string
FormatEventsWithClientGaps(const std::vector<MigrationRecord>& records, const RequestLog* requests)
{
    auto seconds = [](Time t) {
        char text[32];
        std::snprintf(text, sizeof(text), "%.6f", t.GetMicroSeconds() / 1e6);
        return std::string(text);
    };
    const std::string events = MigrationCsvWriter::FormatEvents(records);
    std::string csv;
    size_t line = 0; // 0: the header, then one line per record
    for (size_t begin = 0, newline; (newline = events.find('\n', begin)) != std::string::npos;
         begin = newline + 1, ++line)
    {
        NS_ABORT_MSG_IF(line > records.size(), "events.csv has more rows than migrations");
        csv.append(events, begin, newline - begin);
        if (line == 0)
        {
            csv += ",client_gap_start_s,client_gap_end_s,client_downtime_s\n";
            continue;
        }
        const MigrationRecord& r = records[line - 1];
        ClientGap gap = requests ? requests->FindClientGap(r.suspended, r.resumed) : ClientGap();
        csv += gap.found ? "," + seconds(gap.start) + "," + seconds(gap.end) + "," +
                               seconds(gap.GetLength()) + "\n"
                         : ",,,\n";
    }
    NS_ABORT_MSG_IF(line != records.size() + 1, "events.csv has fewer rows than migrations");
    return csv;
}
} // namespace

std::vector<std::pair<std::string, std::string>>
MigrationScenario::FormatCsv() const
{
    std::vector<std::pair<std::string, std::string>> files = {
        {"migrations.csv", MigrationCsvWriter::FormatMigrations(m_records)},
        {"rounds.csv", MigrationCsvWriter::FormatRounds(m_rounds)},
        {"events.csv",
         FormatEventsWithClientGaps(m_records, HasClients(m_workload) ? &m_requests : nullptr)},
    };
    if (HasClients(m_workload))
    {
        Time from = GetSteadyStart();
        Time to = GetSteadyEnd();
        files.emplace_back("requests.csv", m_requests.FormatRequests());
        files.emplace_back("timeseries.csv", m_requests.FormatTimeseries(m_endTime));
        files.emplace_back("summary.csv", m_requests.FormatSummary(from, to));
        files.emplace_back("operations.csv", m_requests.FormatOperations(from, to));
    }
    return files;
}

std::string
MigrationScenario::WriteCsv(const std::string& directory) const
{
    for (const auto& [name, text] : FormatCsv())
    {
        std::string why = MigrationCsvWriter::WriteAtomically(directory + "/" + name, text);
        if (!why.empty())
        {
            return why;
        }
    }
    return "";
}

const std::vector<MigrationRecord>&
MigrationScenario::GetRecords() const
{
    return m_records;
}

const std::vector<MigrationRoundRecord>&
MigrationScenario::GetRounds() const
{
    return m_rounds;
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
    return m_requests;
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
