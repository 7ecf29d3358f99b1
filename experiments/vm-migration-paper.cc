/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * The main job: the paper's six experiments, with their CSV files, plots and a report.
 *
 *   vm-migration-paper [--out=results] [--full] [--ablation] [--jobs=N]
 *
 * Writes, under --out, one folder per experiment (exp1 ... exp6) with the
 * migrations.csv, rounds.csv, events.csv and, under load, requests.csv,
 * timeseries.csv, summary.csv and operations.csv of its runs (columns `run,case` in
 * front), the experiment's plots as PNG, and summary.md: each headline figure beside
 * the paper's and whether each of the paper's claims holds (also in claims.csv).
 * By default the steady states are shorter and the runs fewer than the paper's (the
 * report says which); --full runs the paper's lengths.  --ablation (always with --full) runs
 * experiments 4-6's pre-copy again with each of Xen's I/O-path costs left out in turn, for
 * the report's ablation tables: nine more migrations of a loaded 512 MiB VM beside the
 * default run's four, which more than triples the cost of experiments 4-6.
 */

#include "atomic-file.h"
#include "experiment-options.h"
#include "paper-plots.h"
#include "paper-reproduction.h"
#include "paper-summary.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/output-folder.h"
#include "ns3/strict-options.h"

#include <chrono>
#include <iostream>
#include <vector>

using namespace ns3;

namespace
{

/**
 * @brief The program, but for its error reporting.
 * @param argc the argument count
 * @param argv the arguments
 * @return the exit code
 * @throws ToolError on a bad option, a failed run, an unwritable file or a failed plot
 */
int
Run(int argc, char* argv[])
{
    ExperimentOptions shared("results", "full-duplex");
    bool full = false;
    bool quick = false;
    bool ablation = false;
    bool dryRun = false;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    shared.Add(options, cmd, "Folder for the experiments' folders and summary.md");
    options.Add(cmd, "full", "Run the paper's lengths (10 runs, 10-minute steady states)", full);
    options.Add(cmd, "quick", "A short check of every file and claim (for tests)", quick);
    options.Add(cmd,
                "ablation",
                "Also run experiments 4-6's pre-copy with each of Xen's I/O-path costs left out "
                "in turn (always with --full)",
                ablation);
    options.Add(cmd,
                "dryRun",
                "Print the runs (experiment, case, run number) and exit without running them",
                dryRun);
    shared.Parse(options, cmd, argc, argv);
    if (full && quick)
    {
        throw ToolError("--full and --quick exclude each other");
    }
    auto start = std::chrono::steady_clock::now();
    PaperReproduction reproduction(full    ? PaperReproduction::FULL
                                   : quick ? PaperReproduction::QUICK
                                           : PaperReproduction::DEFAULT,
                                   shared.linkModel,
                                   ablation);
    if (dryRun)
    {
        for (const auto& run : reproduction.GetRuns())
        {
            std::cout << run.experiment << " " << run.caseName << " " << run.run << "\n";
        }
        return 0;
    }
    shared.PrepareOut();
    const std::string& out = shared.out;
    std::cout << reproduction.DescribeLengths() << "\n"
              << reproduction.GetRuns().size() << " runs; progress on stderr." << std::endl;
    std::map<std::string, PaperReproduction::ExperimentFiles> files;
    reproduction.Execute(shared.jobs, files);
    for (const auto& [experiment, experimentFiles] : files)
    {
        std::string dir = out + "/" + experiment;
        std::string error = OutputFolder::Prepare(dir);
        if (!error.empty())
        {
            throw ToolError(error);
        }
        for (const auto& [name, text] : experimentFiles)
        {
            AtomicFile::Write(dir + "/" + name, text);
        }
    }
    try
    {
        PaperPlots::PlotAll(out);
    }
    catch (const ToolError& e)
    {
        throw ToolError(std::string("plots: ") + e.what());
    }

    PaperSummary summary(files);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    AtomicFile::Write(out + "/summary.md",
                      summary.FormatMarkdown(reproduction.DescribeLengths(), wall));
    AtomicFile::Write(out + "/claims.csv", summary.FormatClaims());
    size_t holding = 0;
    for (const auto& claim : summary.GetClaims())
    {
        holding += claim.holds;
        std::cout << (claim.holds ? "  holds      " : "  DOES NOT   ") << claim.id << std::endl;
    }
    std::cout << holding << " of " << summary.GetClaims().size() << " claims hold; report in "
              << out << "/summary.md (" << static_cast<int>(wall) << " s)" << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-paper", [&]() { return Run(argc, argv); });
}
