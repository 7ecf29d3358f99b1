/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-scenario.h"

#include "attribute-config-file.h"
#include "idle-workload.h"
#include "migration-helper.h"
#include "migration-monitor-helper.h"
#include "output-folder.h"

#include "ns3/boolean.h"
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

/// @return whether @p workload is set and has clients that send requests
bool
HasClients(Ptr<const Workload> workload)
{
    return workload && workload->HasClients();
}

/// @return whether @p value is -1 (the workload's value) or a finite number >= 0
bool
IsDefaultOrNonNegative(double value)
{
    return value == -1 || (value >= 0 && std::isfinite(value));
}

/// @return whether @p value is -1 (the workload's value) or a time in [0, MAX_TIME_S] s
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

/**
 * @brief Check a knob that an attribute carries with that attribute's checker, so that
 *        the bound is the model's own.
 * @param type the attribute's class, e.g. "ns3::VirtualMachine"
 * @param attribute its name
 * @param value the knob's value
 * @return whether the attribute accepts @p value
 */
bool
AttributeAccepts(const std::string& type, const std::string& attribute, const AttributeValue& value)
{
    TypeId::AttributeInformation info;
    return TypeId::LookupByName(type).LookupAttributeByName(attribute, &info) &&
           info.checker->Check(value);
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
    m_options.Add(cmd,
                  "strategy",
                  "Migration strategy: " + MigrationHelper::GetStrategyNames() +
                      ", or a MigrationStrategy's TypeId name",
                  strategy);
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
                  "What the VM runs: " + Workload::GetNames() +
                      ", or a Workload's TypeId name (http: one operation of --responseSize "
                      "bytes and --requestDemand ms; --ns3::SampleWebWorkload::Users=400 and "
                      "the like set a workload's attributes)",
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
    m_options.Add(cmd,
                  "loadConfig",
                  "Load attribute defaults from this file, as --saveConfig wrote it (ns-3's "
                  "ConfigStore; XML if the name ends in .xml, else raw text): they win over "
                  "the testbed preset, and --ns3::Class::Attribute values over them",
                  loadConfig);
    m_options.Add(cmd,
                  "saveConfig",
                  "Save every attribute default of the run (the testbed preset's, "
                  "--loadConfig's and --ns3::Class::Attribute values) to this file before "
                  "it runs (ns-3's ConfigStore; XML if the name ends in .xml, else raw text)",
                  saveConfig);
}

void
MigrationScenario::Parse(CommandLine& cmd, int argc, char* argv[])
{
    // A value its attribute refuses is left out, for Validate to report as a knob's.
    std::vector<char*> args = m_options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    m_attributesGiven = TestbedPreset::AttributesGiven(argc, argv);
    ApplyPreset();
    if (LoadConfig())
    {
        // Parsed again, as ns-3's examples do after a ConfigStore: the command line's
        // values win over the file's.
        cmd.Parse(static_cast<int>(args.size()), args.data());
    }
}

bool
MigrationScenario::LoadConfig()
{
    if (loadConfig.empty() || loadConfig == m_loadedFile ||
        !AttributeConfigFile::Check(loadConfig).empty())
    {
        return false;
    }
    m_loadedDefaults.reset(); // another file's defaults go back first
    m_loadedDefaults = std::make_unique<ScopedAttributeDefaults>();
    std::set<std::string> loaded = AttributeConfigFile::Load(loadConfig, *m_loadedDefaults);
    // They stand against a preset applied again (Build, after a knob changed).
    m_attributesGiven.insert(loaded.begin(), loaded.end());
    m_loadedFile = loadConfig;
    return true;
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
    if (!AttributeAccepts("ns3::VirtualMachine", "MemoryMiB", DoubleValue(memoryMiB)) ||
        !IsWholePages(memoryMiB) || memoryMiB > 1024 * 1024)
    {
        why << "--memory: " << memoryMiB
            << " MiB is not a positive whole number of 4 KiB pages (at most 1 TiB)";
    }
    else if (!MigrationHelper::CreateStrategy(strategy))
    {
        why << "--strategy: unknown strategy '" << strategy << "' ("
            << MigrationHelper::GetStrategyNames()
            << ", or a MigrationStrategy's TypeId name such as ns3::XenPreCopyStrategy)";
    }
    else if (pageWriteRate != -1 &&
             !AttributeAccepts("ns3::DirtyPageModel", "PageWriteRate", DoubleValue(pageWriteRate)))
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
    else if (std::string file = loadConfig.empty() ? "" : AttributeConfigFile::Check(loadConfig);
             !file.empty())
    {
        why << "--loadConfig: " << file;
    }
    if (!why.str().empty())
    {
        return why.str();
    }
    Ptr<Workload> resolved;
    std::string workloadError = ResolveWorkload(resolved);
    if (workloadError.empty() && !migrate && DynamicCast<IdleWorkload>(resolved))
    {
        workloadError = "--migrate: with --workload=idle and no migration there is nothing to "
                        "simulate";
    }
    return workloadError;
}

std::string
MigrationScenario::ResolveWorkload(Ptr<Workload>& result) const
{
    // Created here, not kept from Parse, so that it takes the attribute defaults in force
    // now (a script's Config::SetDefault after Parse counts).
    Ptr<Workload> w = Workload::Create(workload);
    if (!w)
    {
        std::ostringstream why;
        why << "--workload: unknown workload '" << workload << "' (" << Workload::GetNames()
            << ", or a Workload's TypeId name such as ns3::SampleWebWorkload)";
        return why.str();
    }
    std::string why = CheckWorkloadKnobs(*w);
    if (why.empty())
    {
        why = ApplyWorkloadKnobs(w);
    }
    if (why.empty())
    {
        result = w;
    }
    return why;
}

std::string
MigrationScenario::CheckWorkloadKnobs(const Workload& w) const
{
    std::ostringstream why;
    bool faban = w.GetDriver() == Workload::FABAN;
    bool ab = w.GetDriver() == Workload::AB;
    bool serves = !w.GetOperations().empty();
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
             (requestDemand != -1 && !serves))
    {
        why << "--requestDemand: " << requestDemand
            << (!serves ? " ms: the workload serves no requests"
                        : " is not a CPU time between 0 and 1e+10 ms");
    }
    else if (responseSize < -1 || responseSize > std::numeric_limits<int32_t>::max() ||
             (responseSize != -1 && !serves))
    {
        why << "--responseSize: " << responseSize
            << (!serves ? " bytes: the workload serves no requests" : " is not a size in bytes");
    }
    else if (pagesPerRequest < -1 || pagesPerRequest > std::numeric_limits<int32_t>::max() ||
             (pagesPerRequest != -1 && !serves))
    {
        why << "--pagesPerRequest: " << pagesPerRequest
            << (!serves ? " pages: the workload serves no requests" : " is not a number of pages");
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
             (maxClients != -1 && !serves))
    {
        why << "--maxClients: " << maxClients
            << (!serves ? ": the workload has no web server" : " is not a number of connections");
    }
    return why.str();
}

std::string
MigrationScenario::ApplyWorkloadKnobs(Ptr<Workload> w) const
{
    std::ostringstream why;
    if (users > 0 || concurrency > 0)
    {
        w->SetAttribute("Users", UintegerValue(users > 0 ? users : concurrency));
    }
    else if (w->GetUsers() > MAX_CLIENT_CONNECTIONS &&
             (w->GetDriver() == Workload::FABAN || w->GetDriver() == Workload::AB))
    {
        // The attribute's value (a --ns3::...::Users or Config::SetDefault), with no knob.
        why << w->GetInstanceTypeId().GetName() << "::Users: " << w->GetUsers()
            << " connections is more than the " << MAX_CLIENT_CONNECTIONS
            << " ephemeral ports ns-3 gives the load generator's address";
        return why.str();
    }
    if (thinkTime != -1)
    {
        w->SetAttribute("ThinkTimeMean", DoubleValue(thinkTime));
    }
    HttpOperationTable operations = w->GetOperations();
    for (HttpOperation& op : operations)
    {
        op.demand =
            requestDemand != -1 ? MicroSeconds(std::llround(requestDemand * 1000)) : op.demand;
        op.responseSize =
            responseSize != -1 ? static_cast<uint32_t>(responseSize) : op.responseSize;
        op.pagesWritten =
            pagesPerRequest != -1 ? static_cast<uint32_t>(pagesPerRequest) : op.pagesWritten;
    }
    w->SetOperations(operations);
    if (rampUp != -1)
    {
        w->SetAttribute("RampUp", TimeValue(Seconds(rampUp)));
    }
    if (steady != -1)
    {
        w->SetAttribute("Steady", TimeValue(Seconds(steady)));
    }
    if (rampDown != -1)
    {
        w->SetAttribute("RampDown", TimeValue(Seconds(rampDown)));
    }
    if (keepAlive != -1)
    {
        w->SetAttribute("KeepAlive", BooleanValue(keepAlive == 1));
    }
    if (maxClients != -1)
    {
        w->SetAttribute("MaxClients", UintegerValue(static_cast<uint32_t>(maxClients)));
    }
    if (pageWriteRate != -1)
    {
        w->SetAttribute("BackgroundWriteRate", DoubleValue(pageWriteRate));
    }
    if (workingSetMiB != -1)
    {
        w->SetAttribute("WorkingSetMiB", DoubleValue(workingSetMiB));
    }
    if (w->GetWorkingSetMiB() > memoryMiB)
    {
        why << "--workingSet: the " << workload << " workload's working set ("
            << w->GetWorkingSetMiB() << " MiB) is larger than the VM (--memory=" << memoryMiB
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
    LoadConfig();
    std::set<std::string> setSince = m_presetDefaults->GetChangedSince();
    m_preset.given.insert(setSince.begin(), setSince.end());

    TestbedHelper helper;
    helper.SetLinkModel(model);
    helper.SetTopology(topology == "bus" ? TestbedHelper::BUS : TestbedHelper::SWITCHED);
    DataRate rate;
    ParseLinkRate(linkRate, rate); // Validate has refused a bad one
    helper.SetLinkRate(rate);
    helper.AddPaperMachines();
    helper.SetGivenAttributes(m_preset.given);
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
    bool loaded = HasClients(m_workload) || m_workload->GetNetperfStreams() > 0;
    m_migrationTime = migrateAt != -1 ? Seconds(migrateAt)
                      : loaded        ? m_workload->GetRampUp() + m_workload->GetSteady() / 2
                                      : IDLE_MIGRATION_TIME;

    MigrationHelper migration;
    migration.SetStrategyType(strategy); // Validate has checked the name
    m_manager = migration.GetManager();
    MigrationMonitorHelper monitorHelper; // a fresh monitor: this run's records only
    m_monitor = monitorHelper.Install(m_manager);
    monitorHelper.Install(m_vm);
    if (m_installed.client)
    {
        monitorHelper.Install(m_installed.client, m_workload->GetOperations());
    }
    why = m_manager->CheckMigration(m_vm, to);
    if (!why.empty())
    {
        return "--target: " + why;
    }
    if (migrate)
    {
        m_strategy = migration.Migrate(m_vm, to, m_migrationTime);
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
    why = saveConfig.empty() ? "" : AttributeConfigFile::Save(saveConfig);
    if (!why.empty())
    {
        return "--saveConfig: " + why;
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

Ptr<Workload>
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
    return m_workload ? m_workload->GetRampUp() : Seconds(0);
}

Time
MigrationScenario::GetSteadyEnd() const
{
    return m_workload ? m_workload->GetRampUp() + m_workload->GetSteady() : Seconds(0);
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
