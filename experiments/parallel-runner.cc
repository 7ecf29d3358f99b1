/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "parallel-runner.h"

#include "process-pool.h"
#include "tool-error.h"

#include "ns3/abort.h"

#include <algorithm>
#include <numeric>
#include <thread>

namespace ns3
{

std::vector<std::optional<std::string>>
ParallelRunner::Run(size_t count,
                    unsigned jobs,
                    const std::function<std::string(size_t)>& body,
                    const std::vector<size_t>& order)
{
    NS_ABORT_MSG_UNLESS(order.empty() || order.size() == count,
                        "ParallelRunner: an order of " << order.size() << " runs for " << count);
    if (jobs == 0)
    {
        jobs = std::max(1u, std::thread::hardware_concurrency());
    }
    std::vector<size_t> starts = order;
    if (starts.empty())
    {
        starts.resize(count);
        std::iota(starts.begin(), starts.end(), 0);
    }
    std::vector<std::optional<std::string>> results(count);
    ProcessPool pool(jobs);
    try
    {
        pool.Run(
            starts,
            [&body](size_t run) {
                ProcessPool::Command command;
                command.name = "a run";
                command.function = [&body, run]() { return body(run); };
                return command;
            },
            [&results](const ProcessPool::Result& result) {
                if (result.Succeeded())
                {
                    results[result.index] = result.output;
                }
            });
    }
    catch (const ToolError& e)
    {
        NS_ABORT_MSG("ParallelRunner: " << e.what());
    }
    return results;
}

void
ParallelRunner::AddJobsOption(StrictOptions& options, CommandLine& cmd, uint32_t& jobs)
{
    options.Add(cmd,
                "jobs",
                "Runs at once (0: one per core; at most " + std::to_string(MAX_JOBS) + ")",
                jobs,
                0,
                MAX_JOBS);
}

} // namespace ns3
