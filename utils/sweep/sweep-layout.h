/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_LAYOUT_H
#define SWEEP_LAYOUT_H

#include <cstddef>
#include <string>

class SweepPlan;

/**
 * @file
 * @ingroup vm-migration-sweep
 * Where a sweep keeps its files.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief The folder layout of a plan's results; the one place that knows the file names.
 *
 * @verbatim
   OUT/aggregate.csv                    copy of the last aggregate written under OUT
   OUT/<hash>/plan.json                 the plan (canonical content, indented)
   OUT/<hash>/runs.csv                  one row per finished run
   OUT/<hash>/aggregate.csv             statistics per grid point and column
   OUT/<hash>/plot-*.png, .gp, .dat     plots and the gnuplot script and data behind them
   OUT/<hash>/sweep.sbatch, jobs.txt    emitted cluster scripts
   OUT/<hash>/runs/<name>/              a complete run: outputs/ (the program's --out),
                                        sweep-command.txt, stdout.txt, stderr.txt,
                                        sweep-complete.json (the marker)
   OUT/<hash>/runs/<name>.tmp/          a run in progress (or interrupted: wiped on resume)
   OUT/<hash>/runs/<name>.failed/       a failed or timed-out run: outputs/, stdout.txt,
                                        stderr.txt, sweep-failed.json (redone on resume)
   @endverbatim
 *
 * The folder <name> without suffix only ever appears through the rename of a <name>.tmp
 * folder that already holds the marker, so "folder present" and "run complete" coincide.
 */
class SweepLayout
{
  public:
    /// File name of the completion marker, the last file written into a successful run.
    static constexpr const char* COMPLETE_MARKER = "sweep-complete.json";
    /// File name of the record of a failed or timed-out run.
    static constexpr const char* FAILED_MARKER = "sweep-failed.json";
    /// Folder, inside a run's folder, that the program writes its outputs into (its
    /// --out).  The scenario programs replace their output folder as a whole and refuse
    /// one that holds files they do not write, such as the runner's stdout.txt.
    static constexpr const char* OUTPUTS = "outputs";

    /**
     * @brief Construct for a plan.
     * @param plan the plan (its "out" and hash decide the folder)
     */
    explicit SweepLayout(const SweepPlan& plan);

    /// @return OUT (as written in the plan)
    std::string GetOutRoot() const;
    /// @return OUT/<hash>
    std::string GetPlanDir() const;
    /// @return OUT/<hash>/runs
    std::string GetRunsDir() const;
    /// @return OUT/<hash>/plan.json
    std::string GetPlanCopy() const;
    /// @return OUT/<hash>/runs.csv
    std::string GetRunsCsv() const;
    /// @return OUT/<hash>/aggregate.csv
    std::string GetAggregateCsv() const;
    /// @return OUT/<hash>/.lock
    std::string GetLockFile() const;

    /**
     * @brief The folder of a complete run.
     * @param index the run index
     * @return OUT/<hash>/runs/<name>
     */
    std::string GetRunDir(std::size_t index) const;
    /**
     * @brief The folder a run writes into while it runs.
     * @param index the run index
     * @return OUT/<hash>/runs/<name>.tmp
     */
    std::string GetTmpDir(std::size_t index) const;
    /**
     * @brief The folder a failed run is kept in.
     * @param index the run index
     * @return OUT/<hash>/runs/<name>.failed
     */
    std::string GetFailedDir(std::size_t index) const;
    /**
     * @brief The folder a complete run's program wrote its outputs into.
     * @param index the run index
     * @return OUT/<hash>/runs/<name>/outputs
     */
    std::string GetOutputsDir(std::size_t index) const;
    /**
     * @brief The folder the program writes its outputs into while it runs (its --out).
     * @param index the run index
     * @return OUT/<hash>/runs/<name>.tmp/outputs, as an absolute path (the program runs
     *         in the run's folder)
     */
    std::string GetTmpOutputsDir(std::size_t index) const;

    /**
     * @brief Whether a run is complete (its folder holds the marker).
     * @param index the run index
     * @return true if complete
     */
    bool IsComplete(std::size_t index) const;

    /**
     * @brief Create OUT/<hash>/runs and write the plan copy, or check the existing copy.
     * @throws ToolError if a folder cannot be created, or if OUT/<hash>/plan.json holds a
     *         different plan (a hash collision: never mix two plans' results)
     */
    void Prepare() const;

  private:
    const SweepPlan& m_plan; //!< the plan
    std::string m_planDir;   //!< OUT/<hash>
};

#endif /* SWEEP_LAYOUT_H */
