/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_EMITTER_H
#define SWEEP_EMITTER_H

#include <string>

class SweepPlan;

/**
 * @file
 * @ingroup vm-migration-sweep
 * Scripts that run a plan on a cluster, one run per task.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief Writes a SLURM job-array script or a GNU parallel job list for a plan.
 *
 * Each task runs `vm-migration-sweep run-index PLAN i`, which fills the same per-run folders
 * as a local sweep (resumable: resubmitting skips complete runs), so `aggregate` works on
 * the collected folders.  The scripts use absolute paths to the sweep binary, the plan and
 * the folder "out" is relative to (the current folder at emit time), so they run from
 * anywhere; the nodes must see those paths (a shared file system).
 */
class SweepEmitter
{
  public:
    /**
     * @brief Construct for a plan.
     * @param plan the plan (its program must resolve: a cluster task would fail otherwise)
     * @param timeout the per-run timeout passed to run-index, 0 for none
     */
    SweepEmitter(const SweepPlan& plan, double timeout);

    /**
     * @brief Write OUT/<hash>/sweep.sbatch, a job array with one task per run.
     * @return the path written
     * @throws ToolError if it cannot be written
     */
    std::string EmitSlurm() const;

    /**
     * @brief Write OUT/<hash>/jobs.txt, one run-index command per line, for GNU parallel.
     * @return the path written
     * @throws ToolError if it cannot be written
     */
    std::string EmitParallel() const;

    /**
     * @brief Quote a word for a POSIX shell.
     * @param word the word
     * @return the word in single quotes
     */
    static std::string Quote(const std::string& word);

  private:
    /// @return the command of run @p index, with absolute paths, without cd
    /// @param index the run index (or a shell expression)
    std::string Command(const std::string& index) const;

    /// @return " --max-runs N" if the plan was read with a run limit other than the default
    std::string MaxRunsOption() const;

    const SweepPlan& m_plan; //!< the plan
    double m_timeout;        //!< per-run timeout, 0 for none
    std::string m_sweep;     //!< absolute path of this binary
    std::string m_planPath;  //!< absolute path of the plan
    std::string m_cwd;       //!< absolute folder "out" is relative to
};

#endif /* SWEEP_EMITTER_H */
