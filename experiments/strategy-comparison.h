/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STRATEGY_COMPARISON_H
#define STRATEGY_COMPARISON_H

#include "sample-statistics.h"

#include "ns3/migration-scenario.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief Every registered migration strategy on the paper's loads, several seeds each:
 *        what each costs the VM (downtime, total time, bytes) and its clients (the
 *        interval with no response, failed requests, throughput and response time while
 *        the migration runs), as means with Student t intervals over the seeds.
 *
 * The loads are the idle VM of experiment 1, experiment 4's SampleWeb (300 users) and
 * experiment 6's Olio (150 users), on a 512 MiB VM of the paper's testbed.  The loaded
 * runs migrate BEFORE_S after the users' ramp-up and go on AFTER_S after the migration,
 * as the paper reproduction's experiments 4-6 do.  A migration not over 300 s after its
 * request (a strategy that does not converge) stops the run and counts as not
 * completed; its bytes and rounds are those sent by then.  The strategies are every
 * MigrationStrategy subclass registered (MigrationHelper::GetStrategyNames), so a new
 * strategy joins the comparison with no edit here, and QEMU's pre-copy once more with
 * auto-converge on.  Each run is a process of its own (ParallelRunner); a seed is a
 * run number (RngRun).
 */
class StrategyComparison
{
  public:
    /// Seconds of load before the migration request: the "before" window.
    static constexpr double BEFORE_S = 10;
    /// Seconds of load after the migration ends.
    static constexpr double AFTER_S = 10;

    /// One strategy on one load.
    struct Case
    {
        std::string workload;                          //!< idle | sampleweb | olio
        std::string strategy;                          //!< the strategy's name (--strategy)
        std::string label;                             //!< how the report names it
        std::map<std::string, std::string> attributes; //!< attribute defaults it sets
    };

    /// One run's figures; NaN where the run has none (an idle VM has no clients).
    struct RunResult
    {
        double completed{0};             //!< 1 if it ended within 300 s of its request, else 0
        double downtimeS{NAN};           //!< the toolstack's downtime (s; NaN if not completed)
        double totalS{NAN};              //!< total migration time (s; NaN if not completed)
        double mbSent{NAN};              //!< stream bytes handed to TCP (MB, 10^6 bytes)
        double rounds{NAN};              //!< rounds, the final one included
        double pagesPulled{NAN};         //!< post-copy: pages sent because the target faulted
        double faults{NAN};              //!< post-copy: the guest's faults on missing pages
        double faultStallS{NAN};         //!< post-copy: vCPU seconds stalled in those faults
        double clientDowntimeS{NAN};     //!< the clients' longest interval with no response (s)
        double failed{NAN};              //!< requests that failed from the request to the end
        double throughputBeforeRps{NAN}; //!< OK requests/s in the BEFORE_S before the request
        double throughputDuringRps{NAN}; //!< OK requests/s from the request to the release
        double responseBeforeMs{NAN};    //!< mean response time before (ms)
        double responseDuringMs{NAN};    //!< mean response time during (ms)
    };

    /**
     * @param seeds runs of each case (RngRun 1 ... seeds)
     * @param memoryMiB the VM's memory (MiB)
     * @param linkModel the LAN's link model (full-duplex | csma)
     * @param loads the loads to run, a subset of GetLoadNames() in any order (the
     *        report keeps the order of GetLoadNames)
     */
    StrategyComparison(uint32_t seeds,
                       double memoryMiB,
                       const std::string& linkModel,
                       const std::vector<std::string>& loads);

    /// @return every load's name: idle, sampleweb (experiment 4), olio (experiment 6)
    static std::vector<std::string> GetLoadNames();

    /// @return every case, in report order: by load, then by strategy
    const std::vector<Case>& GetCases() const;

    /**
     * @brief Check every case's scenario before any runs (e.g. a VM too small for a
     *        load's working set).
     * @return an empty string, or the first case's problem, naming the option
     */
    std::string Validate() const;

    /**
     * @brief Run every case's seeds, @p jobs at a time.
     * @param jobs runs at once (0: one per core)
     * @throws ToolError naming the first run that failed
     */
    void Execute(unsigned jobs);

    /// @return runs.csv: one row per run, its case and figures
    std::string FormatRuns() const;

    /// @return comparison.csv: per case and figure, n, mean, sd and the 95 % interval
    std::string FormatComparison() const;

    /// @return comparison.md: a table per load, mean +- the 95 % half-width
    std::string FormatMarkdown() const;

    /**
     * @brief Write a gnuplot script, its data and its PNG per migration cost (downtime,
     *        total time, MB sent, the clients' interval with no response; the last only
     *        with a loaded case) into @p dir.
     * @param dir an existing folder
     * @throws ToolError when gnuplot fails
     */
    void Plot(const std::string& dir) const;

  private:
    /// One figure of the report: its column, how the report names it, its unit.
    struct Figure
    {
        std::string column;       //!< column in runs.csv
        std::string title;        //!< name in the report
        double RunResult::*field; //!< where a run keeps it
    };

    /// @return the report's figures, in order
    static const std::vector<Figure>& GetFigures();

    /**
     * @brief Set a scenario's knobs for one case's seed.
     * @param c the case
     * @param seed its run number
     * @param [out] s the scenario
     */
    void Configure(const Case& c, uint32_t seed, MigrationScenario& s) const;

    /**
     * @brief Run one case's seed.
     * @param c the case
     * @param seed its run number
     * @return the run's figures
     */
    RunResult RunOne(const Case& c, uint32_t seed) const;

    /**
     * @param c a case
     * @param field a figure
     * @return the figure's values over the case's runs that have it, in seed order
     */
    std::vector<double> Values(size_t c, double RunResult::*field) const;

    uint32_t m_seeds;                              //!< runs per case
    double m_memoryMiB;                            //!< the VM's memory
    std::string m_linkModel;                       //!< the LAN's link model
    std::vector<std::string> m_loads;              //!< the loads, in report order
    std::vector<Case> m_cases;                     //!< the cases
    std::vector<std::vector<RunResult>> m_results; //!< per case, per seed
    /// per case, per figure (GetFigures' order): the estimate over the case's runs
    std::vector<std::vector<SampleStatistics>> m_estimates;
};

} // namespace ns3

#endif /* STRATEGY_COMPARISON_H */
