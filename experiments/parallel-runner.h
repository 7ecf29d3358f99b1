/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARALLEL_RUNNER_H
#define PARALLEL_RUNNER_H

#include "ns3/strict-options.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief Runs independent simulations side by side, each in a child process.
 *
 * ns-3's simulator is one per process, so independent runs use more cores only as
 * processes.  Each run's body returns its result as text; the results come back in
 * run order, whatever order the runs finish in, so the output does not depend on
 * scheduling.
 */
class ParallelRunner
{
  public:
    /// Most runs at once: each is a process of its own, and more than the cores is no faster.
    static constexpr uint32_t MAX_JOBS = 1024;

    /**
     * @brief Register the `--jobs` option of a program that runs through Run: 0 (one run
     *        per core) to MAX_JOBS.
     * @param options the program's options
     * @param cmd its command line
     * @param jobs where the value goes
     */
    static void AddJobsOption(StrictOptions& options, CommandLine& cmd, uint32_t& jobs);

    /**
     * @brief Run @p body(0) ... @p body(count - 1), at most @p jobs at a time.
     * @param count number of runs
     * @param jobs runs at once (0: one per core)
     * @param body a run; it must not have started a simulation in the parent
     * @param order the runs in the order to start them (empty: 0 ... count - 1), e.g.
     *        the longest first, so that short runs fill the cores around them
     * @return each run's text, in run order, or nothing for a run that crashed or
     *         exited early
     */
    static std::vector<std::optional<std::string>> Run(
        size_t count,
        unsigned jobs,
        const std::function<std::string(size_t)>& body,
        const std::vector<size_t>& order = {});
};

} // namespace ns3

#endif /* PARALLEL_RUNNER_H */
