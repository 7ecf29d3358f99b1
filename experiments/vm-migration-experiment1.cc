/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * The paper's experiment 1: idle VMs of 256, 512 and 1024 MiB migrated from host1 to
 * host2 of the paper's testbed with stop-and-copy and with Xen pre-copy.  Prints
 * downtime and total migration time beside the paper's measurements and writes
 * migrations.csv and rounds.csv (all six runs, in a fixed order) under --out.  The
 * runs are independent and run side by side (--jobs).
 */

#include "atomic-file.h"
#include "csv-table.h"
#include "experiment-options.h"
#include "paper-figures.h"
#include "parallel-runner.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/migration-monitor-columns.h"
#include "ns3/migration-monitor.h"
#include "ns3/migration-scenario.h"
#include "ns3/strict-options.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <vector>

using namespace ns3;

namespace
{

/// @return the data rows of a CSV text (its header dropped)
std::string
DataRows(const std::string& csv)
{
    return csv.substr(csv.find('\n') + 1);
}

/// @return column @p column of a one-row migrations.csv table
double
Value(const CsvTable& table, const char* column)
{
    int index = table.FindColumn(column);
    if (index < 0 || table.rows.size() != 1)
    {
        throw ToolError(std::string("a run's migrations.csv has no single ") + column);
    }
    return std::stod(table.rows[0][index]);
}

/**
 * @brief The program, but for its error reporting.
 * @param argc the argument count
 * @param argv the arguments
 * @return the exit code
 * @throws ToolError on a bad option, a failed run or an unwritable file
 */
int
Run(int argc, char* argv[])
{
    ExperimentOptions shared("results/exp1", "csma");
    uint32_t rngRun = 1;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    shared.Add(options, cmd, "Directory for migrations.csv and rounds.csv");
    options.Add(cmd, "RngRun", "Run number of the random streams", rngRun);
    shared.Parse(options, cmd, argc, argv);
    shared.PrepareOut();
    const std::string& linkModel = shared.linkModel;
    const std::string& out = shared.out;

    const auto& figures = PaperFigures::Experiment1();
    auto results = ParallelRunner::Run(figures.size(), shared.jobs, [&](size_t i) {
        MigrationScenario scenario;
        scenario.memoryMiB = figures[i].memoryMiB;
        scenario.strategy = figures[i].strategy;
        scenario.linkModel = linkModel;
        scenario.rngRun = rngRun;
        std::string why = scenario.Simulate();
        if (!why.empty())
        {
            std::cerr << "vm-migration-experiment1: error: " << why << std::endl;
            std::exit(1);
        }
        return DataRows(MigrationMonitor::FormatMigrations(scenario.GetRecords())) + '\n' +
               DataRows(MigrationMonitor::FormatRounds(scenario.GetRounds()));
    });

    std::string migrations = MigrationMonitor::FormatMigrations({});
    std::string rounds = MigrationMonitor::FormatRounds({});
    std::printf("Experiment 1: idle VM, paper testbed, %s links\n\n", linkModel.c_str());
    std::printf("%-14s %7s | %10s %8s %6s | %10s %8s %6s\n",
                "strategy",
                "MiB",
                "downtime s",
                "paper s",
                "error",
                "total s",
                "paper s",
                "error");
    double worst = 0;
    for (size_t i = 0; i < figures.size(); ++i)
    {
        if (!results[i])
        {
            throw ToolError("run " + std::to_string(i) + " failed");
        }
        const auto& figure = figures[i];
        size_t split = results[i]->find("\n\n");
        std::string row = results[i]->substr(0, split + 1);
        migrations += row;
        rounds += results[i]->substr(split + 2);
        CsvTable table = CsvTable::Parse(MigrationMonitor::FormatMigrations({}) + row,
                                         "run " + std::to_string(i) + "'s migrations.csv");
        double total = Value(table, MigrationMonitorColumns::TOTAL_S);
        double downtime = Value(table, MigrationMonitorColumns::DOWNTIME_S);
        double downtimeError = downtime / figure.downtime - 1;
        double totalError = total / figure.totalTime - 1;
        worst = std::max({worst, std::abs(downtimeError), std::abs(totalError)});
        std::printf("%-14s %7.0f | %10.2f %8.0f %+5.1f%% | %10.2f %8.0f %+5.1f%%\n",
                    figure.strategy.c_str(),
                    figure.memoryMiB,
                    downtime,
                    figure.downtime,
                    100 * downtimeError,
                    total,
                    figure.totalTime,
                    100 * totalError);
    }
    std::printf("\nlargest deviation from the paper: %.1f %% (target: within 10 %%)\n",
                100 * worst);

    AtomicFile::Write(out + "/migrations.csv", migrations);
    AtomicFile::Write(out + "/rounds.csv", rounds);
    std::printf("wrote %s/migrations.csv and %s/rounds.csv\n", out.c_str(), out.c_str());
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-experiment1", [&]() { return Run(argc, argv); });
}
