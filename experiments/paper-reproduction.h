/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_REPRODUCTION_H
#define PAPER_REPRODUCTION_H

#include "ns3/migration-scenario.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief The six experiments of the paper, as runs of MigrationScenario.
 *
 * Each run is one scenario (an experiment, a case such as "olio" or "users-300", and a
 * run number, which is its RngRun).  The runs are independent: Run executes them in
 * child processes side by side and gathers, per experiment, their CSV files with two
 * columns `run,case` in front, plus `events.csv` (each migration's request, suspend,
 * resume and release times).
 */
class PaperReproduction
{
  public:
    /// How long and how often.
    enum Length
    {
        QUICK,   //!< a check that every claim can be evaluated (tests)
        DEFAULT, //!< shorter steady states and fewer runs: minutes on two cores
        FULL,    //!< the paper's lengths: 10 runs, 10-minute steady states
    };

    /// One run.
    struct RunSpec
    {
        std::string experiment;                            //!< exp1 ... exp6
        std::string caseName;                              //!< e.g. "pre-copy-512"
        uint32_t run;                                      //!< 1..n, also the RngRun
        std::function<void(MigrationScenario&)> configure; //!< sets the scenario's knobs
    };

    /// The column in front of every gathered file: the run number.
    static constexpr const char* RUN_COLUMN = "run";
    /// The column after it: the case.
    static constexpr const char* CASE_COLUMN = "case";

    /// The files of one experiment, each the text of a CSV with `run,case` in front.
    typedef std::map<std::string, std::string> ExperimentFiles;

    /**
     * @param length how long and how often
     * @param linkModel the LAN's link model
     * @param ablation whether experiments 4-6 also run pre-copy with each of Xen's I/O-path
     *        costs left out in turn (always at FULL length)
     */
    PaperReproduction(Length length, const std::string& linkModel, bool ablation);

    /// @return every run, in order
    const std::vector<RunSpec>& GetRuns() const;

    /// @return a sentence on the lengths used, for the report
    std::string DescribeLengths() const;

    /**
     * @brief Run every run, @p jobs at a time, and gather the files.
     * @param jobs runs at once (0: one per core)
     * @param [out] files per experiment, per file name, the CSV text
     * @throws ToolError naming the first run that failed
     */
    void Execute(unsigned jobs, std::map<std::string, ExperimentFiles>& files) const;

  private:
    /**
     * @brief Add @p runs runs of one case.
     * @param experiment its experiment
     * @param caseName its case
     * @param runs how many
     * @param configure sets its knobs
     */
    void Add(const std::string& experiment,
             const std::string& caseName,
             uint32_t runs,
             std::function<void(MigrationScenario&)> configure);

    Length m_length;             //!< how long and how often
    std::string m_linkModel;     //!< the LAN's link model
    bool m_ablation;             //!< whether experiments 4-6 run the ablation
    std::vector<RunSpec> m_runs; //!< every run
};

} // namespace ns3

#endif /* PAPER_REPRODUCTION_H */
