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
#include <sstream>

namespace ns3
{

namespace
{
/// Stream index of the VM's write process (fixed, so that runs are reproducible).
constexpr int64_t DIRTY_MODEL_STREAM = 1000;
/// Simulated time after the request by which any migration has long finished.
const Time MIGRATION_HORIZON = Hours(24);

/// @brief Stop the simulation @p after the migration is over.
void
StopAtCompletion(Time after, const MigrationRecord& /* record */)
{
    Simulator::Stop(after);
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
    cmd.AddValue("pageWriteRate", "Guest page writes per second (Poisson)", pageWriteRate);
    cmd.AddValue("workingSet", "Writable working set in MiB (0: all memory)", workingSetMiB);
    cmd.AddValue("distribution", "Writes over the working set: uniform | hot-cold", distribution);
    cmd.AddValue("linkRate", "LAN link rate", linkRate);
    cmd.AddValue("linkModel", "Link model: csma (half duplex) | full-duplex", linkModel);
    cmd.AddValue("topology", "LAN topology: switched | bus", topology);
    cmd.AddValue("migrateAt", "Time of the migration request (s)", migrateAt);
    cmd.AddValue("testbed",
                 "paper (calibrated toolstack and memory) | ideal (no overheads, all pages "
                 "populated)",
                 testbed);
    cmd.AddValue("source", "Host the VM boots on", source);
    cmd.AddValue("target", "Host the VM migrates to", target);
    cmd.AddValue("runAfter", "Simulated seconds to go on after the migration", runAfter);
    cmd.AddValue("out", "Directory for migrations.csv and rounds.csv", out);
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
    else if (!(pageWriteRate >= 0) || !std::isfinite(pageWriteRate))
    {
        why << "--pageWriteRate: " << pageWriteRate << " is not a rate >= 0 pages/s";
    }
    else if (!(workingSetMiB >= 0) || workingSetMiB > memoryMiB)
    {
        why << "--workingSet: " << workingSetMiB << " MiB is not between 0 and the memory ("
            << memoryMiB << " MiB)";
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
    else if (!(migrateAt >= 0) || !std::isfinite(migrateAt))
    {
        why << "--migrateAt: " << migrateAt << " is not a time >= 0 s";
    }
    else if (TestbedPreset preset; !TestbedPreset::Find(testbed, model, preset))
    {
        why << "--testbed: unknown testbed '" << testbed << "' (paper | ideal)";
    }
    else if (source == target)
    {
        why << "--target: the VM already runs on " << source << "; a migration needs another host";
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
    }

    TestbedHelper helper;
    helper.SetLinkModel(model);
    helper.SetTopology(topology == "bus" ? TestbedHelper::BUS : TestbedHelper::SWITCHED);
    helper.SetLinkRate(DataRate(linkRate));
    helper.AddPaperMachines();
    m_testbed = helper.Install();

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
    Ptr<DirtyPageModel> writes = m_vm->GetDirtyPageModel();
    writes->SetAttribute("PageWriteRate", DoubleValue(pageWriteRate));
    writes->SetAttribute("WorkingSetPages",
                         UintegerValue(static_cast<uint32_t>(
                             std::llround(workingSetMiB * GuestMemory::PAGES_PER_MIB))));
    writes->SetAttribute(
        "Distribution",
        EnumValue(distribution == "hot-cold" ? DirtyPageModel::HOT_COLD : DirtyPageModel::UNIFORM));
    writes->AssignStreams(DIRTY_MODEL_STREAM);
    m_testbed->AddVm(source, m_vm);

    m_manager = CreateObject<MigrationManager>();
    m_preset.Configure(m_manager);
    m_strategy = CreateStrategy(strategy);
    why = m_manager->CheckMigration(m_vm, to);
    if (!why.empty())
    {
        return "--target: " + why;
    }
    m_manager->Migrate(m_vm, to, m_strategy, Seconds(migrateAt));
    m_manager->TraceConnectWithoutContext("MigrationCompleted",
                                          MakeBoundCallback(&StopAtCompletion, Seconds(runAfter)));
    return "";
}

std::string
MigrationScenario::Run()
{
    NS_ABORT_MSG_UNLESS(m_manager, "MigrationScenario: Run() before a successful Build()");
    Simulator::Stop(Seconds(migrateAt) + MIGRATION_HORIZON);
    Simulator::Run();
    Collect();
    Simulator::Destroy();
    m_testbed = nullptr;
    m_vm = nullptr;
    m_strategy = nullptr;
    m_manager = nullptr;
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

std::string
MigrationScenario::WriteCsv(const std::string& directory) const
{
    std::string why =
        MigrationCsvWriter::WriteAtomically(directory + "/migrations.csv",
                                            MigrationCsvWriter::FormatMigrations(m_records));
    if (why.empty())
    {
        why = MigrationCsvWriter::WriteAtomically(directory + "/rounds.csv",
                                                  MigrationCsvWriter::FormatRounds(m_rounds));
    }
    return why;
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

} // namespace ns3
