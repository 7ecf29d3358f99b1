/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Every registered migration strategy on an idle VM and on the paper's experiment-4
 * (SampleWeb, 300 users) and experiment-6 (Olio, 150 users) loads, several seeds each:
 * downtime, total time, bytes sent, the clients' interval with no response, failed
 * requests, throughput and response time before and during the migration, as means with
 * 95 % Student t intervals.  Writes runs.csv, comparison.csv, comparison.md and one
 * figure per migration cost under --out.
 *
 *   vm-migration-strategies --out=strategies --seeds=5 [--loads=idle,sampleweb,olio]
 */

#include "atomic-file.h"
#include "experiment-options.h"
#include "strategy-comparison.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/strict-options.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{

/**
 * @brief The program.
 * @param argc the argument count
 * @param argv the arguments
 * @return the exit status
 */
int
Run(int argc, char* argv[])
{
    ExperimentOptions shared("strategies", "full-duplex");
    uint32_t seeds = 5;
    double memoryMiB = 512;
    std::string loads = "idle,sampleweb,olio";
    CommandLine cmd(__FILE__);
    StrictOptions options;
    shared.Add(options, cmd, "Folder of the tables and figures");
    options.Add(cmd, "seeds", "Runs of each strategy on each load (RngRun 1...)", seeds, 1, 1000);
    options.Add(cmd,
                "memory",
                "The VM's memory (MiB; the paper's experiments 4-6: 512)",
                memoryMiB,
                4,
                1024);
    options.Add(cmd, "loads", "Loads, comma-separated: idle, sampleweb, olio", loads);
    shared.Parse(options, cmd, argc, argv);
    std::vector<std::string> loadList;
    std::istringstream items(loads);
    std::vector<std::string> known = StrategyComparison::GetLoadNames();
    for (std::string load; std::getline(items, load, ',');)
    {
        if (std::find(known.begin(), known.end(), load) == known.end() ||
            std::find(loadList.begin(), loadList.end(), load) != loadList.end())
        {
            throw ToolError("--loads: '" + load +
                            "' is not a load, or is given twice (idle, sampleweb, olio)");
        }
        loadList.push_back(load);
    }
    if (loadList.empty())
    {
        throw ToolError("--loads: no load (idle, sampleweb, olio)");
    }
    StrategyComparison comparison(seeds, memoryMiB, shared.linkModel, loadList);
    std::string error = comparison.Validate();
    if (!error.empty())
    {
        throw ToolError(error);
    }
    shared.PrepareOut();
    const std::string& out = shared.out;
    auto start = std::chrono::steady_clock::now();
    std::cout << comparison.GetCases().size() << " cases x " << seeds
              << " seeds; progress on stderr." << std::endl;
    comparison.Execute(shared.jobs);
    AtomicFile::Write(out + "/runs.csv", comparison.FormatRuns());
    AtomicFile::Write(out + "/comparison.csv", comparison.FormatComparison());
    AtomicFile::Write(out + "/comparison.md", comparison.FormatMarkdown());
    comparison.Plot(out);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "report in " << out << "/comparison.md (" << static_cast<int>(wall) << " s)"
              << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-strategies", [&]() { return Run(argc, argv); });
}
