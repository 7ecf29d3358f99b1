/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Fits each workload profile's background page-write rate to the paper's experiment 2.
 *
 * Experiment 2 migrates a 256 MB VM under netperf, SampleWeb and Olio; the pre-copy total
 * migration time grows with how much the workload writes memory (31.943, 42.650 and
 * 45.540 s).  With the working set and the per-request writes of a profile fixed, its
 * background write rate W is the one unknown those figures fix: pre-copy's total T(W)
 * rises with W (more pages dirtied again each round, more rounds), so T(W) = T_paper
 * has one root, found by Brent's method (gsl_root_fsolver_brent).  T(W) is the mean of
 * --runs simulated migrations on the paper testbed (full-duplex links), run side by
 * side; the migration starts 5 s into the steady state, as in vm-migration-paper.
 * Stop-and-copy's figures do not depend on W (the VM is paused) and fix nothing here.
 */

#include "paper-figures.h"
#include "parallel-runner.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/migration-scenario.h"
#include "ns3/strict-options.h"

#include <cstdio>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// What one evaluation of T(W) needs.
struct Fit
{
    std::string workload; //!< the profile
    double target;        //!< the paper's pre-copy total (s)
    uint32_t runs;        //!< runs averaged per evaluation
};

/**
 * @brief T(W) - T_paper for gsl_root_fsolver.
 * @param rate W, background page writes per second
 * @param params the Fit
 * @return the mean simulated pre-copy total minus the paper's
 */
double
Residual(double rate, void* params)
{
    const Fit& fit = *static_cast<const Fit*>(params);
    auto results = ParallelRunner::Run(fit.runs, 0, [&](size_t i) {
        MigrationScenario s;
        s.linkModel = "full-duplex";
        s.memoryMiB = 256;
        s.workload = fit.workload;
        s.strategy = "pre-copy";
        s.pageWriteRate = rate;
        // As vm-migration-paper's experiment 2: 5 s into the load, which goes on until
        // the migration ends.
        s.rampUp = 10;
        s.steady = 3600;
        s.rampDown = 0;
        s.migrateAt = 15;
        s.endWithMigration = true;
        s.rngRun = i + 1;
        std::string why = s.Simulate();
        if (!why.empty())
        {
            throw ToolError(why);
        }
        return std::to_string(s.GetRecords().front().GetTotalTime().GetSeconds());
    });
    double sum = 0;
    for (const auto& r : results)
    {
        if (!r)
        {
            throw ToolError(fit.workload + ": a run failed");
        }
        sum += std::stod(*r);
    }
    double total = sum / fit.runs;
    std::printf("  %-9s W = %8.1f writes/s: pre-copy total %.3f s (paper %.3f s)\n",
                fit.workload.c_str(),
                rate,
                total,
                fit.target);
    std::fflush(stdout);
    return total - fit.target;
}

} // namespace

int
Run(int argc, char* argv[])
{
    uint32_t runs = 2;
    double maxRate = 20000;
    double tolerance = 25;
    std::string only;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    options.Add(cmd, "workload", "Fit only this workload (netperf | sampleweb | olio)", only);
    options.Add(cmd, "runs", "Runs averaged per evaluation", runs, 1, 1000);
    options.Add(cmd,
                "maxRate",
                "Upper end of the bracket (writes/s)",
                maxRate,
                0,
                DirtyPageModel::MAX_PAGE_WRITE_RATE);
    options.Add(cmd,
                "tolerance",
                "Stop when the root is bracketed within this (writes/s) or the "
                "residual is under 0.1 s",
                tolerance,
                0,
                DirtyPageModel::MAX_PAGE_WRITE_RATE);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    std::string why = options.GetError();
    if (why.empty() && !only.empty() && only != "netperf" && only != "sampleweb" && only != "olio")
    {
        why = "--workload: '" + only + "' is not netperf, sampleweb or olio";
    }
    if (why.empty() && !(maxRate > 0))
    {
        why = "--maxRate: must be above 0 writes/s";
    }
    if (!why.empty())
    {
        return StrictOptions::Refuse("vm-migration-calibrate-workloads", why);
    }

    std::printf("Experiment 2, pre-copy: background write rate per workload\n");
    for (const auto& figure : PaperFigures::Experiment2())
    {
        if (figure.strategy != "pre-copy" || (!only.empty() && figure.workload != only))
        {
            continue;
        }
        Fit fit{figure.workload, figure.totalTime, runs};
        gsl_function f{&Residual, &fit};
        gsl_root_fsolver* solver = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        double low = 0;
        double high = maxRate;
        if (Residual(low, &fit) > 0)
        {
            std::printf("%s: even W = 0 takes longer than the paper: W = 0\n",
                        figure.workload.c_str());
            gsl_root_fsolver_free(solver);
            continue;
        }
        gsl_root_fsolver_set(solver, &f, low, high);
        double root = 0;
        for (int iteration = 0; iteration < 30; ++iteration)
        {
            gsl_root_fsolver_iterate(solver);
            root = gsl_root_fsolver_root(solver);
            low = gsl_root_fsolver_x_lower(solver);
            high = gsl_root_fsolver_x_upper(solver);
            if (gsl_root_test_interval(low, high, tolerance, 0) == GSL_SUCCESS)
            {
                break;
            }
        }
        std::printf("%s: W = %.0f writes/s (bracket %.0f..%.0f)\n",
                    figure.workload.c_str(),
                    root,
                    low,
                    high);
        gsl_root_fsolver_free(solver);
    }
    return 0;
}

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-calibrate-workloads", [&]() { return Run(argc, argv); });
}
