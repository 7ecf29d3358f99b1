/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_PLOTS_H
#define PAPER_PLOTS_H

#include "gnuplot-text.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief Draws the paper's figures from the CSV files of a reproduction run.
 *
 * Every method reads CSV files from an experiment's folder and writes, into the same
 * folder, for each figure NAME: NAME.dat (the numbers plotted, derived from the CSVs),
 * NAME.gp (the gnuplot script; `cd FOLDER && gnuplot NAME.gp` redraws the figure by
 * hand) and NAME.png (pngcairo).  The .dat and .gp files depend only on the CSV
 * contents, not on the folder's path, so that identical inputs give identical bytes.
 * The PNG is drawn into NAME.png.tmp and renamed, so a reader never sees half a
 * figure, and a failed plot leaves no partial PNG (an older one stays as it was).
 *
 * Every CSV starts with the columns run,case; missing cells (empty) are written as NaN,
 * which gnuplot draws as a gap.  Means over runs come with 95 % Student t confidence
 * intervals where stated (none for a single run).
 *
 * gnuplot must be on the PATH; it runs with -d (default settings, so that a user's
 * ~/.gnuplot cannot change the figures).
 */
class PaperPlots
{
  public:
    /**
     * @brief Experiment 1: downtime and total migration time against VM memory.
     *
     * Reads migrations.csv (columns strategy, memory_mib, downtime_s, total_s; the case
     * column is not used).  Writes exp1-downtime and exp1-total: per strategy, the mean
     * over all rows of a memory size with its 95 % CI, and PaperFigures::Experiment1()
     * as separate points.
     *
     * @param dir the experiment's folder
     * @throws ToolError naming the file or figure that failed
     */
    static void PlotMemorySweep(const std::string& dir);

    /**
     * @brief Experiment 2: downtime and total migration time per workload.
     *
     * Reads migrations.csv (case = "<workload>" or "<workload>/<strategy>"; columns
     * strategy, downtime_s, total_s).  Writes exp2-downtime and exp2-total: bars of the
     * mean over runs per workload, the strategies side by side, 95 % CI error bars, and
     * PaperFigures::Experiment2() as black markers.  Workloads appear in the order of
     * their first row in the CSV; workloads only in the paper's figures are appended.
     *
     * @param dir the experiment's folder
     * @throws ToolError naming the file or figure that failed
     */
    static void PlotWorkloads(const std::string& dir);

    /**
     * @brief Experiment 3: response time and failed requests against users.
     *
     * Reads summary.csv (case = users-N; columns mean_response_ms, p90_response_ms,
     * timeout, reset, refused).  Writes exp3-response: top panel mean and 90th percentile
     * response time (mean over the rows of a case, empty cells skipped) with the SLA as a
     * horizontal line; bottom panel the failed requests (timeout + reset + refused, mean
     * over runs).  The response axis is logarithmic when the values span more than a
     * factor of 50.  Expects one summary row per run and case (the steady state).
     *
     * @param dir the experiment's folder
     * @param slaMs the SLA on response time (ms), drawn as a line; <= 0: none
     * @throws ToolError naming the file or figure that failed
     */
    static void PlotStress(const std::string& dir, double slaMs);

    /**
     * @brief Experiments 4, 5, 6: response time and throughput over time, one run.
     *
     * Reads timeseries.csv and events.csv, the lowest run number only (normally run 1;
     * the title says which).  Writes NAME: two panels sharing the time axis, response
     * time (mean solid, p90 dashed; logarithmic when the peak is over 20 times the
     * median) above, throughput below, one colour per case, each case's migration
     * window shaded light and its downtime darker in the case's colour, and the
     * client-view gap (client_gap_start_s, client_gap_end_s: the longest interval
     * without an OK response that overlaps the downtime) as two dotted vertical lines
     * in that colour, keyed "client-view gap".  The gap's ends are written to NAME.dat
     * and plotted from it, never into the script's commands.  A case named after a
     * strategy gets that strategy's colour in every figure.
     *
     * Both files must exist; events.csv may have no rows (no shading), except with
     * @p zoom, which also writes NAME-zoom: the same over [first suspended_s or
     * client_gap_start_s - 10 s, last resumed_s or client_gap_end_s + 20 s] of that run,
     * over all cases (an error if the run has no downtime).  The zoom's response axis is
     * chosen again from the values it shows.  An events.csv without the gap columns
     * (written before they existed) or with empty gap cells draws no gap lines.
     *
     * @param dir the experiment's folder
     * @param name the figure's file name, without extension (e.g. exp4-timeseries)
     * @param title the figure's title; " (run N)" is appended
     * @param zoom whether to draw NAME-zoom too
     * @throws ToolError naming the file or figure that failed
     */
    static void PlotTimeseries(const std::string& dir,
                               const std::string& name,
                               const std::string& title,
                               bool zoom);

    /**
     * @brief Every figure of a reproduction: exp1 ... exp6 under @p out.
     * @param out the folder holding the experiments' folders
     * @throws ToolError at the first failure
     */
    static void PlotAll(const std::string& out);
};

} // namespace ns3

#endif /* PAPER_PLOTS_H */
