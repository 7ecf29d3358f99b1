/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * @ingroup vm-migration-tools
 * Unit test of ProcessPool: the J limit, the start order, timeouts that kill a child's
 * whole process group, failed and crashed children, output larger than a pipe's buffer,
 * a stop by signal, a program that cannot be executed, and the processor time reported.
 */

#include "process-pool.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace
{

int g_failures = 0; //!< number of failed checks

/**
 * @brief Check a condition.
 * @param what the description
 * @param ok the condition
 */
void
Check(const std::string& what, bool ok)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    std::fflush(stdout);
    g_failures += ok ? 0 : 1;
}

/// @return the steady clock now, in nanoseconds (the same clock in every process)
long long
Now()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/**
 * @brief Read a whole file.
 * @param path the file
 * @return its contents ("" if unreadable)
 */
std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/**
 * @param pid a process id
 * @return true if the process exists and is not a zombie
 */
bool
IsRunning(long pid)
{
    std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    std::size_t paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
}

/// Eight sleeping function children, at most three at a time, started in a given order.
void
TestLimitAndOrder()
{
    const unsigned jobs = 3;
    const std::vector<std::size_t> order = {5, 2, 7, 0, 6, 1, 4, 3};
    std::vector<std::size_t> prepared;
    std::vector<std::pair<long long, long long>> spans(order.size(), {-1, -1});
    ProcessPool pool(jobs);
    int stop = pool.Run(
        order,
        [&prepared](std::size_t index) {
            prepared.push_back(index);
            ProcessPool::Command command;
            command.function = []() {
                long long start = Now();
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                return std::to_string(start) + " " + std::to_string(Now());
            };
            return command;
        },
        [&spans](const ProcessPool::Result& result) {
            std::istringstream in(result.output);
            long long start = -1;
            long long end = -1;
            in >> start >> end;
            if (result.Succeeded())
            {
                spans.at(result.index) = {start, end};
            }
        });
    Check("no stop signal", stop == 0);
    Check("the children are prepared in the given order", prepared == order);
    bool all = std::all_of(spans.begin(), spans.end(), [](const auto& s) { return s.first >= 0; });
    Check("every child ran and gave back its times", all);
    // Most children alive at once, from their own clocks.
    std::size_t most = 0;
    for (const auto& [start, end] : spans)
    {
        std::size_t alive = std::count_if(spans.begin(), spans.end(), [&](const auto& s) {
            return s.first <= start && start < s.second;
        });
        most = std::max(most, alive);
    }
    Check("at most " + std::to_string(jobs) + " children at once (saw " + std::to_string(most) +
              ")",
          most <= jobs);
    Check("the pool does run " + std::to_string(jobs) + " at once", most == jobs);
    // The first J children start before any later one.
    bool ordered = true;
    for (std::size_t i = 0; i < jobs; ++i)
    {
        for (std::size_t j = jobs; j < order.size(); ++j)
        {
            ordered = ordered && spans[order[i]].first < spans[order[j]].first;
        }
    }
    Check("the first children in the order start first", ordered);

    // One at a time: the children run strictly in the order given.
    ProcessPool serial(1);
    std::vector<long long> starts(order.size(), -1);
    serial.Run(
        order,
        [](std::size_t) {
            ProcessPool::Command command;
            command.function = []() { return std::to_string(Now()); };
            return command;
        },
        [&starts](const ProcessPool::Result& result) {
            starts.at(result.index) = std::stoll(result.output);
        });
    bool serialOrdered = true;
    for (std::size_t i = 1; i < order.size(); ++i)
    {
        serialOrdered = serialOrdered && starts[order[i - 1]] < starts[order[i]];
    }
    Check("with one job, the children run in the given order", serialOrdered);
}

/// A program that ignores SIGTERM and leaves a grandchild: both die at the timeout.
void
TestTimeoutKillsGroup()
{
    char pattern[] = "/tmp/process-pool-test-XXXXXX";
    std::string dir = mkdtemp(pattern);
    std::string pidFile = dir + "/grandchild.pid";
    ProcessPool::Command command;
    command.argv = {"/bin/sh",
                    "-c",
                    "trap '' TERM; sleep 100 & echo $! > " + pidFile + "; wait; sleep 100"};
    command.ownGroup = true;
    ProcessPool pool(1);
    pool.SetTimeout(0.5);
    pool.SetKillGrace(0.5);
    ProcessPool::Result result;
    auto started = std::chrono::steady_clock::now();
    pool.Run(
        {0},
        [&command](std::size_t) { return command; },
        [&result](const ProcessPool::Result& ended) { result = ended; });
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Check("the timed-out child is reported as timed out", result.timedOut);
    Check("it is not a success", !result.Succeeded());
    Check("it ignored SIGTERM, so SIGKILL ended it (" + result.DescribeExit() + ")",
          WIFSIGNALED(result.status) && WTERMSIG(result.status) == SIGKILL);
    Check("it ended after the timeout and the grace period, not long after (" +
              std::to_string(wall) + " s)",
          wall >= 0.9 && wall < 5);
    long grandchild = std::atol(ReadFile(pidFile).c_str());
    bool gone = false;
    for (int i = 0; i < 100 && !gone; ++i)
    {
        gone = grandchild > 0 && !IsRunning(grandchild);
        if (!gone)
        {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    Check("its grandchild (pid " + std::to_string(grandchild) + ") was killed with its group",
          gone);
    std::remove(pidFile.c_str());
    rmdir(dir.c_str());
}

/// Children that crash, exit early or throw are failures, with their status.
void
TestFailures()
{
    std::vector<ProcessPool::Result> results(3);
    ProcessPool pool(3);
    pool.Run(
        {0, 1, 2},
        [](std::size_t index) {
            ProcessPool::Command command;
            command.function = [index]() -> std::string {
                if (index == 0)
                {
                    std::signal(SIGABRT, SIG_DFL);
                    std::abort();
                }
                if (index == 1)
                {
                    std::exit(3);
                }
                throw std::runtime_error("process-pool-test: a thrown error, as expected");
            };
            return command;
        },
        [&results](const ProcessPool::Result& result) { results.at(result.index) = result; });
    Check("a crashing function child fails (" + results[0].DescribeExit() + ")",
          !results[0].Succeeded() && WIFSIGNALED(results[0].status) &&
              WTERMSIG(results[0].status) == SIGABRT && results[0].GetExitCode() == -SIGABRT);
    Check("a function child that exits early fails with its status (" + results[1].DescribeExit() +
              ")",
          !results[1].Succeeded() && results[1].GetExitCode() == 3);
    Check("a function child that throws fails (" + results[2].DescribeExit() + ")",
          !results[2].Succeeded() && results[2].GetExitCode() == 1);
    Check("no timeout reported for them",
          !results[0].timedOut && !results[1].timedOut && !results[2].timedOut);
}

/// Output far larger than a pipe's buffer comes back whole, from a function and a program.
void
TestLargeOutput()
{
    std::string expected;
    for (int i = 0; expected.size() < (4U << 20); ++i)
    {
        expected += std::to_string(i) + (i % 17 == 0 ? "\n" : ",");
    }
    std::vector<ProcessPool::Result> results(3);
    ProcessPool pool(3);
    pool.Run(
        {0, 1, 2},
        [&expected](std::size_t index) {
            ProcessPool::Command command;
            if (index < 2)
            {
                command.function = [&expected]() { return expected; };
            }
            else
            {
                command.argv = {"/bin/sh", "-c", "head -c 1048576 /dev/zero | tr '\\0' x >&2"};
                command.captureStderr = true;
            }
            return command;
        },
        [&results](const ProcessPool::Result& result) { results.at(result.index) = result; });
    Check("two function children give back 4 MiB each, intact",
          results[0].Succeeded() && results[0].output == expected && results[1].Succeeded() &&
              results[1].output == expected);
    Check("a program's 1 MiB of standard error is captured whole",
          results[2].Succeeded() && results[2].output == std::string(1U << 20, 'x'));
}

/// SIGTERM to the pool's process stops it: running children interrupted, no new ones.
void
TestStopSignal()
{
    std::vector<std::size_t> prepared;
    std::vector<ProcessPool::Result> results;
    std::size_t toldRunning = 0;
    int toldSignal = 0;
    ProcessPool pool(2);
    pool.SetKillGrace(0.5);
    pool.SetStopOnSignals([&](int signal, std::size_t running) {
        toldSignal = signal;
        toldRunning = running;
    });
    auto started = std::chrono::steady_clock::now();
    bool sent = false;
    pool.SetTick([&]() {
        if (!sent && std::chrono::steady_clock::now() - started > std::chrono::milliseconds(300))
        {
            sent = true;
            kill(getpid(), SIGTERM);
        }
    });
    int stop = pool.Run(
        {0, 1, 2, 3},
        [&prepared](std::size_t index) {
            prepared.push_back(index);
            ProcessPool::Command command;
            command.argv = {"/bin/sleep", "30"};
            command.ownGroup = true;
            return command;
        },
        [&results](const ProcessPool::Result& result) { results.push_back(result); });
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Check("the pool returns the stop signal", stop == SIGTERM);
    Check("the stop callback is told the signal and the running children",
          toldSignal == SIGTERM && toldRunning == 2);
    Check("no child starts after the stop", prepared.size() == 2);
    Check("both running children are reported interrupted",
          results.size() == 2 && results[0].interrupted && results[1].interrupted &&
              !results[0].Succeeded());
    Check("they ended promptly (" + std::to_string(wall) + " s)", wall < 5);
}

/// A program that does not exist: exit status 127 and a message with the prefix.
void
TestExecFailure()
{
    char pattern[] = "/tmp/process-pool-test-XXXXXX";
    std::string dir = mkdtemp(pattern);
    ProcessPool::Command command;
    command.argv = {dir + "/no-such-program"};
    command.stderrPath = dir + "/stderr.txt";
    command.execErrorPrefix = "process-pool-test: ";
    ProcessPool::Result result = ProcessPool::RunOne(command);
    std::string message = ReadFile(command.stderrPath);
    Check("a missing program exits " + std::to_string(ProcessPool::EXEC_FAILED),
          result.GetExitCode() == ProcessPool::EXEC_FAILED);
    Check("with the message '" + message.substr(0, message.size() - 1) + "'",
          message == "process-pool-test: cannot execute " + command.argv[0] +
                         ": No such file or directory\n");
    std::remove(command.stderrPath.c_str());
    rmdir(dir.c_str());
}

/**
 * A child that spins until its own processor clock reads 0.3 s, and one that sleeps
 * 0.3 s: the processor time reported is the one the kernel kept for each (the spinner's
 * at least what its clock read, less the microsecond the rounding takes; the sleeper's
 * far below its 0.3 s of wall time: a fork and an exit take milliseconds).
 */
void
TestProcessorTime()
{
    const double spin = 0.3;
    ProcessPool::Command spinner;
    spinner.function = [spin]() {
        timespec cpu{};
        do
        {
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
        } while (cpu.tv_sec + cpu.tv_nsec / 1e9 < spin);
        return std::string();
    };
    ProcessPool::Command sleeper;
    sleeper.function = [spin]() {
        std::this_thread::sleep_for(std::chrono::duration<double>(spin));
        return std::string();
    };
    ProcessPool::Result spun = ProcessPool::RunOne(spinner);
    ProcessPool::Result slept = ProcessPool::RunOne(sleeper);
    Check("a child that spun 0.3 s of processor time reports it (" +
              std::to_string(spun.cpuSeconds) + " s)",
          spun.Succeeded() && spun.cpuSeconds >= spin - 1e-6 &&
              spun.cpuSeconds <= spun.wallSeconds + 1e-3);
    Check("a child that slept 0.3 s reports its wall time (" + std::to_string(slept.wallSeconds) +
              " s) but almost no processor time (" + std::to_string(slept.cpuSeconds) + " s)",
          slept.Succeeded() && slept.wallSeconds >= spin && slept.cpuSeconds < 0.1);
}

} // namespace

int
main()
{
    TestLimitAndOrder();
    TestTimeoutKillsGroup();
    TestFailures();
    TestLargeOutput();
    TestStopSignal();
    TestExecFailure();
    TestProcessorTime();
    std::printf("%s\n", g_failures == 0 ? "PASS" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
