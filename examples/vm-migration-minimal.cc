/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * The smallest complete use of the module (the README's snippet): two Xen hosts and a
 * load generator on a switched 100 Mb/s LAN, a 256 MiB VM writing 500 pages/s over a
 * 64 MiB working set, migrated live from host1 to host2 at 10 s.
 *
 * `--testbed=paper` makes the paper testbed's toolstack phases, dom0 costs and host CPUs
 * the attribute defaults before anything is built; any `--ns3::Class::Attribute=value`
 * still overrides them, e.g.
 *
 *     vm-migration-minimal --testbed=paper --pageWriteRate=20000 \
 *         --ns3::XenPreCopyStrategy::MaxIterations=5       # 6 rounds
 */

#include "ns3/core-module.h"
#include "ns3/vm-migration-module.h"

#include <iostream>
#include <vector>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string strategy = "ns3::XenPreCopyStrategy";
    std::string testbedName = "ideal";
    double pageWriteRate = 500;
    double memoryMiB = 256;
    CommandLine cmd(__FILE__);
    cmd.AddValue("strategy", "The strategy: its TypeId name or its name (pre-copy, ...)", strategy);
    cmd.AddValue("testbed", "Testbed preset: ideal | paper", testbedName);
    cmd.AddValue("pageWriteRate", "The VM's page writes per second", pageWriteRate);
    cmd.AddValue("memory", "The VM's memory in MiB (1 to 1024: the hosts have 2048)", memoryMiB);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    StrictOptions attributes;
    std::vector<char*> args = attributes.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    TestbedPreset preset;
    std::string error;
    if (!attributes.GetError().empty())
    {
        error = attributes.GetError();
    }
    else if (TypeId tid; !MigrationHelper::LookupStrategy(strategy, tid))
    {
        error = "--strategy: '" + strategy + "' is not a MigrationStrategy (" +
                MigrationHelper::GetStrategyNames() + ", or a TypeId name)";
    }
    else if (!TestbedPreset::Find(testbedName, TestbedHelper::CSMA, preset))
    {
        error = "--testbed: unknown testbed '" + testbedName + "' (ideal | paper)";
    }
    else if (!(pageWriteRate >= 0))
    {
        error = "--pageWriteRate: must be a number >= 0";
    }
    else if (!(memoryMiB >= 1 && memoryMiB <= 1024))
    {
        error = "--memory: must be a number of MiB from 1 to 1024";
    }
    if (!error.empty())
    {
        std::cerr << "vm-migration-minimal: error: " << error << std::endl;
        return 1;
    }
    preset.given = TestbedPreset::AttributesGiven(argc, argv); // the command line's stand
    ScopedAttributeDefaults presetDefaults;
    preset.SetDefaults(presetDefaults);

    TestbedHelper testbedHelper; // 100 Mb/s switched CSMA LAN
    testbedHelper.AddMachine("load-generator");
    testbedHelper.AddHost("host1", 2048); // Xen hosts: memory in MiB
    testbedHelper.AddHost("host2", 2048);
    testbedHelper.SetGivenAttributes(preset.given); // its Linux TCP defaults leave them too
    Ptr<Testbed> testbed = testbedHelper.Install();
    preset.ConfigureHosts(testbed); // host2 is faster than host1 in the paper's testbed

    auto vm = CreateObject<VirtualMachine>();
    vm->SetAttribute("MemoryMiB", DoubleValue(memoryMiB));
    vm->GetDirtyPageModel()->SetAttribute("PageWriteRate", DoubleValue(pageWriteRate));
    // A working set of a quarter of the memory (4 KiB pages: 256 a MiB).
    vm->GetDirtyPageModel()->SetAttribute("WorkingSetPages",
                                          UintegerValue(static_cast<uint64_t>(memoryMiB * 64)));
    testbed->AddVm("host1", vm);

    MigrationHelper migration; // the strategy by TypeId or name; attributes by name
    migration.SetStrategyType(strategy);
    migration.Migrate(vm, testbed->GetHypervisor("host2"), Seconds(10));

    MigrationMonitorHelper monitorHelper; // the records, from the manager's trace sources
    Ptr<MigrationMonitor> monitor = monitorHelper.Install(migration.GetManager());
    Simulator::Run();
    for (const MigrationRecord& r : monitor->GetRecords())
    {
        std::cout << r.vm << ": " << r.rounds << " rounds, total " << r.GetTotalTime().GetSeconds()
                  << " s, downtime " << r.GetDowntime().GetSeconds() << " s" << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
