/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * One migration of one VM between the two Xen hosts of the paper's testbed, with
 * every knob on the command line.  Writes migrations.csv and rounds.csv under --out.
 *
 *   vm-migration-scenario --memory=512 --strategy=pre-copy --pageWriteRate=2000 \
 *       --workingSet=64 --out=results/one
 *
 * Any attribute is set with --ns3::Class::Attribute=value; --saveConfig=FILE saves the
 * run's attribute defaults with ns-3's ConfigStore and --loadConfig=FILE loads them into
 * another run.
 */

#include "ns3/core-module.h"
#include "ns3/migration-scenario.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    MigrationScenario scenario;
    CommandLine cmd(__FILE__);
    scenario.AddToCommandLine(cmd);
    scenario.Parse(cmd, argc, argv);

    std::string error = scenario.Execute();
    if (!error.empty())
    {
        std::cerr << "vm-migration-scenario: error: " << error << std::endl;
        return 1;
    }
    for (const auto& r : scenario.GetRecords())
    {
        std::cout << r.vm << " " << r.strategy << " " << r.source << " -> " << r.target
                  << ": total " << r.GetTotalTime().GetSeconds() << " s, downtime "
                  << r.GetDowntime().GetSeconds() << " s, " << r.bytesSent << " bytes in "
                  << r.rounds << " rounds (" << r.GetStatus() << ")" << std::endl;
    }
    return 0;
}
