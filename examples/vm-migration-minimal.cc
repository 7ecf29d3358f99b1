/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * The smallest complete use of the module (the README's snippet): two Xen hosts and a
 * load generator on a switched 100 Mb/s LAN, a 256 MiB VM writing 500 pages/s over a
 * 64 MiB working set, migrated live from host1 to host2 at 10 s.
 */

#include "ns3/core-module.h"
#include "ns3/vm-migration-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string strategy = "ns3::XenPreCopyStrategy";
    CommandLine cmd(__FILE__);
    cmd.AddValue("strategy", "The strategy's TypeId name", strategy);
    cmd.Parse(argc, argv);
    if (!MigrationHelper::IsStrategyType(strategy))
    {
        std::cerr << "vm-migration-minimal: error: --strategy: '" << strategy
                  << "' is not a MigrationStrategy's TypeId name" << std::endl;
        return 1;
    }

    TestbedHelper testbedHelper; // 100 Mb/s switched CSMA LAN
    testbedHelper.AddMachine("load-generator");
    testbedHelper.AddHost("host1", 2048); // Xen hosts: memory in MiB
    testbedHelper.AddHost("host2", 2048);
    Ptr<Testbed> testbed = testbedHelper.Install();

    auto vm = CreateObject<VirtualMachine>();
    vm->SetAttribute("MemoryMiB", DoubleValue(256));
    vm->GetDirtyPageModel()->SetAttribute("PageWriteRate", DoubleValue(500));
    vm->GetDirtyPageModel()->SetAttribute("WorkingSetPages", UintegerValue(64 * 256));
    testbed->AddVm("host1", vm);

    MigrationHelper migration; // the strategy by its TypeId; attributes by name
    migration.SetStrategyType(strategy);
    migration.Migrate(vm, testbed->GetHypervisor("host2"), Seconds(10));
    Simulator::Run();
    for (const MigrationRecord& r : migration.GetManager()->GetRecords())
    {
        std::cout << r.vm << ": " << r.rounds << " rounds, total " << r.GetTotalTime().GetSeconds()
                  << " s, downtime " << r.GetDowntime().GetSeconds() << " s" << std::endl;
    }
    Simulator::Destroy();
    return 0;
}
