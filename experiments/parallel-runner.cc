/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "parallel-runner.h"

#include "ns3/abort.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

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
    char pattern[] = "/tmp/vm-migration-runs-XXXXXX";
    NS_ABORT_MSG_UNLESS(mkdtemp(pattern), "ParallelRunner: cannot make a temporary directory");
    std::string directory = pattern;
    auto resultPath = [&directory](size_t run) {
        return directory + "/run-" + std::to_string(run);
    };

    std::vector<std::optional<std::string>> results(count);
    std::map<pid_t, size_t> running;
    size_t next = 0;
    while (next < count || !running.empty())
    {
        if (next < count && running.size() < jobs)
        {
            size_t run = order.empty() ? next : order[next];
            ++next;
            std::fflush(nullptr); // a child must not print the parent's buffered output
            pid_t child = fork();
            NS_ABORT_MSG_IF(child < 0, "ParallelRunner: fork failed");
            if (child == 0)
            {
                std::string text = body(run);
                std::ofstream(resultPath(run), std::ios::binary) << text;
                std::fflush(nullptr);
                _exit(0);
            }
            running[child] = run;
            continue;
        }
        int status = 0;
        pid_t done = wait(&status);
        NS_ABORT_MSG_IF(done < 0, "ParallelRunner: wait failed");
        size_t run = running.at(done);
        running.erase(done);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        {
            std::ifstream file(resultPath(run), std::ios::binary);
            std::ostringstream text;
            text << file.rdbuf();
            results[run] = text.str();
        }
        std::remove(resultPath(run).c_str());
    }
    rmdir(directory.c_str());
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
