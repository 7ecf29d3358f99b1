/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_RUNNER_H
#define SWEEP_RUNNER_H

#include "process-pool.h"
#include "sweep-layout.h"

#include <cstddef>
#include <string>
#include <vector>

class SweepPlan;
class SweepProgress;
class SweepRunIndex;
struct SweepRunRecord;

/**
 * @file
 * @ingroup vm-migration-sweep
 * Running a plan's runs as a pool of child processes, with timeouts and resumption.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief Runs the runs of a plan: N child processes at a time, each in its own folder.
 *
 * Each run is started with fork/exec (no shell, so values need no quoting) in its own process
 * group, with its working folder, --out, stdout and stderr all in OUT/<hash>/runs/<name>.tmp.
 * When it exits 0 the runner flushes the folder, writes the completion marker, and renames
 * the folder to <name>: that rename is the commit.  A run that exits non-zero, dies of a
 * signal or exceeds the timeout is moved to <name>.failed with a failure record; the other
 * runs go on.  A later invocation skips complete runs and wipes and redoes everything else.
 *
 * The children die with the runner (PR_SET_PDEATHSIG), so a sweep killed with SIGKILL leaves
 * no orphan writing into a folder that the next invocation wipes.  SIGINT, SIGTERM and SIGHUP
 * stop the running runs (SIGTERM, then SIGKILL after a grace period), discard their folders,
 * and write runs.csv before exiting.  A lock file keeps two sweeps off the same plan.
 */
class SweepRunner
{
  public:
    /// Time a run gets between SIGTERM (timeout or interruption) and SIGKILL.
    static constexpr double KILL_GRACE_SECONDS = ProcessPool::DEFAULT_KILL_GRACE_SECONDS;

    /// The most runs at once: Linux's largest CPU count (NR_CPUS with MAXSMP); more runs
    /// than CPUs only queue for them.
    static constexpr unsigned MAX_JOBS = 8192;

    /// The longest timeout (about 11.6 days): longer than any run or cluster time limit,
    /// and far below the 292 years at which the steady clock's nanosecond count overflows.
    static constexpr double MAX_TIMEOUT_SECONDS = 1e6;

    /**
     * @brief Construct for a plan.
     * @param plan the plan
     * @param program the resolved program path
     */
    SweepRunner(const SweepPlan& plan, const std::string& program);

    ~SweepRunner();

    SweepRunner(const SweepRunner&) = delete;
    SweepRunner& operator=(const SweepRunner&) = delete;

    /**
     * @brief Set the number of runs executed at once.
     * @param jobs 1 to MAX_JOBS
     * @throws ToolError if @p jobs is out of range
     */
    void SetJobs(unsigned jobs);

    /**
     * @brief Set the time limit of each run.
     * @param seconds the limit, up to MAX_TIMEOUT_SECONDS; 0 for none
     * @throws ToolError if @p seconds is out of range
     */
    void SetTimeout(double seconds);

    /**
     * @brief Run every run of the plan that is not complete yet.
     * @return 0 if every run is complete, 1 if some failed or timed out, 128 + signal if
     *         interrupted
     * @throws ToolError if the results folder cannot be prepared or written
     */
    int RunAll();

    /**
     * @brief Run one run (the SLURM / GNU parallel entry point); nothing if already complete.
     *
     * Writes no shared file other than the plan copy (written once, atomically): concurrent
     * tasks on several nodes must not race on runs.csv, which `aggregate` rebuilds from the
     * run folders.
     * @param index the run index
     * @return 0 if the run is complete, 1 if it failed or timed out, 128 + signal if
     *         interrupted
     * @throws ToolError if the index is out of range or the folder cannot be prepared
     */
    int RunIndex(std::size_t index);

    /// @return the CPUs this process may use (its affinity mask), at least 1
    static unsigned GetDefaultJobs();

  private:
    /**
     * @brief Run a list of runs with the pool.
     * @param pending the runs to execute, in order
     * @param runIndex where to record finished runs and write runs.csv; null for none
     * @param progress the progress display
     * @return as RunAll()
     */
    int Execute(const std::vector<std::size_t>& pending,
                SweepRunIndex* runIndex,
                SweepProgress& progress);

    /**
     * @brief Wipe a run's folders and make the command that starts it.
     * @param index the run index
     * @return the command
     */
    ProcessPool::Command Launch(std::size_t index);

    /**
     * @brief Record the outcome of an exited run and commit or park its folder.
     * @param result how the run ended
     * @return its record
     */
    SweepRunRecord Finish(const ProcessPool::Result& result);

    /**
     * @brief Take the plan's lock.
     * @param exclusive true for a whole sweep, false for one index (several may run at once)
     * @throws ToolError if another sweep holds it
     */
    void Lock(bool exclusive);

    const SweepPlan& m_plan; //!< the plan
    SweepLayout m_layout;    //!< its folders
    std::string m_program;   //!< the program to run
    unsigned m_jobs;         //!< concurrent runs
    double m_timeout{0};     //!< per-run limit in seconds, 0 for none
    int m_lockFd{-1};        //!< the lock file, while held
};

#endif /* SWEEP_RUNNER_H */
