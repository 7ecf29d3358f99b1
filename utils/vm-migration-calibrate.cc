/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Fits the `paper` testbed's parameters to the paper's experiment 1, for each link
 * model, and checks the fit by simulating the experiment with the fitted values.
 *
 * The model of an idle-VM migration on the paper testbed (all times in seconds,
 * M the VM's memory in MiB):
 *   transfer(M)        = M tau (e + f (1 - e))   pages with data plus type markers
 *   downtime           = o + transfer(M)         stop-and-copy
 *   downtime           = o + d                   pre-copy (nothing dirty is left to send)
 *   total              = p0 + p1 M + o + transfer(M)   both strategies
 * where tau is the simulated link's time per MiB of pages (measured here on the
 * paper hosts, no phases, all populated), d the idle pre-copy's final round (measured
 * per figure with the preset's values: the stream still in the socket buffer and the
 * NIC's queue when the VM is paused, which the final round waits behind, and the device
 * state), e = 8/4104 the share of a page's bytes that a type marker
 * costs, f the populated fraction, o = suspend + resume, p0 + p1 M the preparation and reservation
 * on the target.  The twelve figures fix the four unknowns (p0, p1, o, f) by weighted linear least
 * squares (gsl_multifit_wlinear), each residual relative to its figure.  Only suspend + resume is
 * identifiable; the suspend time is set to 0.2 s and the resume time gets the rest.
 */

#include "paper-figures.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/migration-scenario.h"
#include "ns3/strict-options.h"

#include <cmath>
#include <cstdio>
#include <gsl/gsl_multifit.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

/// Suspend time, not identifiable from experiment 1.
const Time SUSPEND_TIME = MilliSeconds(200);
/// Bytes of a page on the stream, and of a type marker.
constexpr double PAGE_BYTES = 4096 + 8;
constexpr double MARKER_SHARE = 8 / PAGE_BYTES;

/// @return a migration record of an idle VM under @p preset
MigrationRecord
Simulate(const std::string& linkModel,
         const std::string& strategy,
         double memoryMiB,
         const TestbedPreset& preset)
{
    MigrationScenario scenario;
    scenario.linkModel = linkModel;
    scenario.strategy = strategy;
    scenario.memoryMiB = memoryMiB;
    scenario.SetPreset(preset);
    std::string error = scenario.Simulate();
    if (!error.empty())
    {
        throw ToolError(error);
    }
    return scenario.GetRecords().front();
}

/// @brief Fit and check one link model.
void
Calibrate(const std::string& linkModel, double probeMiB)
{
    // The stream's own time per MiB: the paper's hosts (CPUs, dom0's per-page costs)
    // with no toolstack phases and every page populated.
    TestbedHelper::LinkModel model;
    TestbedHelper::ParseLinkModel(linkModel, model);
    TestbedPreset paper;
    TestbedPreset::Find("paper", model, paper);
    TestbedPreset probe = paper;
    probe.preparationTime = probe.reservationTimePerMiB = Seconds(0);
    probe.suspendTime = probe.resumeTime = Seconds(0);
    probe.populatedFraction = 1;
    double tau =
        Simulate(linkModel, "stop-and-copy", probeMiB, probe).GetDowntime().GetSeconds() / probeMiB;
    // The final round depends on what the end of round 1 leaves in flight, so on the
    // VM's size and where its populated pages end: measured per figure, with the
    // preset's values (the fit moves them too little to change it).
    auto finalRound = [&](double memoryMiB) {
        return Simulate(linkModel, "pre-copy", memoryMiB, paper).GetDowntime().GetSeconds() -
               (paper.suspendTime + paper.resumeTime).GetSeconds();
    };

    const auto& figures = PaperFigures::Experiment1();
    size_t n = 2 * figures.size();
    gsl_matrix* X = gsl_matrix_calloc(n, 4);
    gsl_vector* y = gsl_vector_alloc(n);
    gsl_vector* w = gsl_vector_alloc(n);
    size_t row = 0;
    for (const auto& figure : figures)
    {
        double m = figure.memoryMiB;
        bool stopAndCopy = figure.strategy == "stop-and-copy";
        double d = stopAndCopy ? 0 : finalRound(m);
        // Downtime row: o [+ transfer for stop-and-copy, + d for pre-copy].
        gsl_matrix_set(X, row, 2, 1);
        gsl_matrix_set(X, row, 3, stopAndCopy ? m * tau * (1 - MARKER_SHARE) : 0);
        gsl_vector_set(y, row, figure.downtime - (stopAndCopy ? m * tau * MARKER_SHARE : d));
        gsl_vector_set(w, row, 1 / (figure.downtime * figure.downtime));
        ++row;
        // Total-time row: p0 + p1 M + o + transfer.
        gsl_matrix_set(X, row, 0, 1);
        gsl_matrix_set(X, row, 1, m);
        gsl_matrix_set(X, row, 2, 1);
        gsl_matrix_set(X, row, 3, m * tau * (1 - MARKER_SHARE));
        gsl_vector_set(y, row, figure.totalTime - m * tau * MARKER_SHARE);
        gsl_vector_set(w, row, 1 / (figure.totalTime * figure.totalTime));
        ++row;
    }
    gsl_vector* c = gsl_vector_alloc(4);
    gsl_matrix* cov = gsl_matrix_alloc(4, 4);
    double chisq;
    gsl_multifit_linear_workspace* work = gsl_multifit_linear_alloc(n, 4);
    gsl_multifit_wlinear(X, w, y, c, cov, &chisq, work);
    double p0 = gsl_vector_get(c, 0);
    double p1 = gsl_vector_get(c, 1);
    double o = gsl_vector_get(c, 2);
    double f = gsl_vector_get(c, 3);
    auto sd = [cov, chisq, n](size_t i) {
        return std::sqrt(gsl_matrix_get(cov, i, i) * chisq / (n - 4));
    };

    std::printf("\n== link model %s ==\n", linkModel.c_str());
    std::printf("measured: %.4f s per MiB of pages (%.2f Mb/s of stream)\n",
                tau,
                1024 * 1024 * 8 / tau / 1e6);
    std::printf("fitted (value +- standard error):\n");
    std::printf("  preparation      p0 = %8.3f s      +- %.3f\n", p0, sd(0));
    std::printf("  reservation      p1 = %8.2f ms/MiB +- %.2f\n", 1000 * p1, 1000 * sd(1));
    std::printf("  suspend+resume   o  = %8.3f s      +- %.3f\n", o, sd(2));
    std::printf("  populated        f  = %8.4f        +- %.4f\n", f, sd(3));
    std::printf("  weighted residual sum of squares: %.3g (relative residuals)\n", chisq);

    TestbedPreset fitted = paper;
    fitted.preparationTime = Seconds(p0);
    fitted.reservationTimePerMiB = Seconds(p1);
    fitted.suspendTime = SUSPEND_TIME;
    fitted.resumeTime = Seconds(o) - SUSPEND_TIME;
    fitted.populatedFraction = f;
    std::printf("\nsimulated with the fitted values:\n");
    std::printf("%-14s %6s | %9s %7s %7s | %9s %7s %7s\n",
                "strategy",
                "MiB",
                "downtime",
                "paper",
                "error",
                "total",
                "paper",
                "error");
    double worst = 0;
    for (const auto& figure : figures)
    {
        MigrationRecord r = Simulate(linkModel, figure.strategy, figure.memoryMiB, fitted);
        double down = r.GetDowntime().GetSeconds();
        double total = r.GetTotalTime().GetSeconds();
        worst = std::max(
            {worst, std::abs(down / figure.downtime - 1), std::abs(total / figure.totalTime - 1)});
        std::printf("%-14s %6.0f | %9.2f %7.0f %+6.1f%% | %9.2f %7.0f %+6.1f%%\n",
                    figure.strategy.c_str(),
                    figure.memoryMiB,
                    down,
                    figure.downtime,
                    100 * (down / figure.downtime - 1),
                    total,
                    figure.totalTime,
                    100 * (total / figure.totalTime - 1));
    }
    std::printf("largest deviation: %.1f %%\n", 100 * worst);
    std::printf("preset: Seconds(%.3f), MilliSeconds(%.2f), MilliSeconds(%.0f), "
                "Seconds(%.3f), %.4f\n",
                p0,
                1000 * p1,
                SUSPEND_TIME.GetMilliSeconds() * 1.0,
                o - SUSPEND_TIME.GetSeconds(),
                f);

    gsl_multifit_linear_free(work);
    gsl_matrix_free(cov);
    gsl_vector_free(c);
    gsl_vector_free(w);
    gsl_vector_free(y);
    gsl_matrix_free(X);
}

} // namespace

int
Run(int argc, char* argv[])
{
    std::string linkModels = "csma,full-duplex";
    double probeMiB = 256;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    options.Add(cmd, "linkModels", "Comma-separated link models to calibrate", linkModels);
    options.Add(cmd,
                "probe",
                "VM size (MiB) of the run that measures the link (paper hosts, no phases)",
                probeMiB,
                1,
                1024);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    if (!options.GetError().empty())
    {
        return StrictOptions::Refuse("vm-migration-calibrate", options.GetError());
    }
    std::vector<std::string> names;
    for (size_t start = 0; start <= linkModels.size();)
    {
        size_t comma = linkModels.find(',', start);
        names.push_back(linkModels.substr(start, comma - start));
        start = comma == std::string::npos ? linkModels.size() + 1 : comma + 1;
    }
    for (const auto& name : names)
    {
        TestbedHelper::LinkModel model;
        if (!TestbedHelper::ParseLinkModel(name, model))
        {
            return StrictOptions::Refuse("vm-migration-calibrate",
                                         "--linkModels: unknown link model '" + name +
                                             "' (csma | full-duplex)");
        }
    }
    for (const auto& name : names)
    {
        Calibrate(name, probeMiB);
    }
    return 0;
}

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-calibrate", [&]() { return Run(argc, argv); });
}
