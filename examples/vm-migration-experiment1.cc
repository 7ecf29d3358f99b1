/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * PAPER.md's experiment 1: idle VMs of 256, 512 and 1024 MiB migrated from host1 to
 * host2 of the paper's testbed with stop-and-copy and with Xen pre-copy.  Prints
 * downtime and total migration time beside the paper's measurements and writes
 * migrations.csv and rounds.csv (all six runs) under --out.
 */

#include "ns3/core-module.h"
#include "ns3/migration-csv-writer.h"
#include "ns3/migration-scenario.h"
#include "ns3/paper-figures.h"

#include <cmath>
#include <cstdio>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string linkModel = "csma";
    std::string out = "results/exp1";
    uint32_t rngRun = 1;
    CommandLine cmd(__FILE__);
    cmd.AddValue("linkModel", "Link model: csma | full-duplex", linkModel);
    cmd.AddValue("out", "Directory for migrations.csv and rounds.csv", out);
    cmd.AddValue("RngRun", "Run number of the random streams", rngRun);
    cmd.Parse(argc, argv);

    std::string error = MigrationCsvWriter::PrepareDirectory(out);
    if (!error.empty())
    {
        std::cerr << "vm-migration-experiment1: error: --out: " << error << std::endl;
        return 1;
    }

    std::vector<MigrationRecord> records;
    std::vector<MigrationRoundRecord> rounds;
    std::printf("Experiment 1: idle VM, paper testbed, %s links\n\n", linkModel.c_str());
    std::printf("%-14s %7s | %10s %8s %6s | %10s %8s %6s\n",
                "strategy", "MiB", "downtime s", "paper s", "error",
                "total s", "paper s", "error");
    double worst = 0;
    for (const auto& figure : PaperFigures::Experiment1())
    {
        MigrationScenario scenario;
        scenario.memoryMiB = figure.memoryMiB;
        scenario.strategy = figure.strategy;
        scenario.linkModel = linkModel;
        scenario.rngRun = rngRun;
        error = scenario.Build();
        error = error.empty() ? scenario.Run() : error;
        if (!error.empty())
        {
            std::cerr << "vm-migration-experiment1: error: " << error << std::endl;
            return 1;
        }
        const MigrationRecord& r = scenario.GetRecords().front();
        double downtime = r.GetDowntime().GetSeconds();
        double total = r.GetTotalTime().GetSeconds();
        double downtimeError = downtime / figure.downtime - 1;
        double totalError = total / figure.totalTime - 1;
        worst = std::max({worst, std::abs(downtimeError), std::abs(totalError)});
        std::printf("%-14s %7.0f | %10.2f %8.0f %+5.1f%% | %10.2f %8.0f %+5.1f%%\n",
                    figure.strategy.c_str(), figure.memoryMiB, downtime, figure.downtime,
                    100 * downtimeError, total, figure.totalTime, 100 * totalError);
        std::fflush(stdout);
        records.push_back(r);
        rounds.insert(rounds.end(), scenario.GetRounds().begin(), scenario.GetRounds().end());
    }
    std::printf("\nlargest deviation from the paper: %.1f %% (target: within 10 %%)\n",
                100 * worst);

    for (const auto& [name, contents] :
         {std::pair{"/migrations.csv", MigrationCsvWriter::FormatMigrations(records)},
          std::pair{"/rounds.csv", MigrationCsvWriter::FormatRounds(rounds)}})
    {
        error = MigrationCsvWriter::WriteAtomically(out + name, contents);
        if (!error.empty())
        {
            std::cerr << "vm-migration-experiment1: error: " << error << std::endl;
            return 1;
        }
    }
    std::printf("wrote %s/migrations.csv and %s/rounds.csv\n", out.c_str(), out.c_str());
    return 0;
}
