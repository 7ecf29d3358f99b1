/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-runner.h"

#include "atomic-file.h"
#include "sweep-plan.h"
#include "sweep-progress.h"
#include "sweep-run-index.h"
#include "tool-error.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sched.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace
{

/**
 * @brief Quote a word for a POSIX shell, for the human-readable command record.
 * @param word the word
 * @return the word, single-quoted if it needs it
 */
std::string
ShellQuote(const std::string& word)
{
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                                                "VWXYZ0123456789_-+=./:,@%") == std::string::npos)
    {
        return word;
    }
    std::string out = "'";
    for (char c : word)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

} // namespace

SweepRunner::SweepRunner(const SweepPlan& plan, const std::string& program)
    : m_plan(plan),
      m_layout(plan),
      m_program(program),
      m_jobs(GetDefaultJobs())
{
}

SweepRunner::~SweepRunner()
{
    if (m_lockFd >= 0)
    {
        close(m_lockFd);
    }
}

void
SweepRunner::SetJobs(unsigned jobs)
{
    if (jobs < 1 || jobs > MAX_JOBS)
    {
        throw ToolError("the number of jobs must be from 1 to " + std::to_string(MAX_JOBS));
    }
    m_jobs = jobs;
}

void
SweepRunner::SetTimeout(double seconds)
{
    // The deadlines convert seconds to steady_clock's nanoseconds; beyond the bound that
    // conversion would overflow (and NaN would never compare).
    if (!(seconds >= 0 && seconds <= MAX_TIMEOUT_SECONDS))
    {
        throw ToolError("the timeout must be from 0 (none) to " +
                        std::to_string(static_cast<long>(MAX_TIMEOUT_SECONDS)) + " seconds");
    }
    m_timeout = seconds;
}

unsigned
SweepRunner::GetDefaultJobs()
{
    // The affinity mask, not the machine's core count: under SLURM, taskset or a container
    // limit the process may use fewer CPUs than the machine has.
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
    {
        return static_cast<unsigned>(CPU_COUNT(&set));
    }
    return std::max(1U, std::thread::hardware_concurrency());
}

void
SweepRunner::Lock(bool exclusive)
{
    m_lockFd = open(m_layout.GetLockFile().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lockFd < 0)
    {
        throw ToolError("cannot open the lock file '" + m_layout.GetLockFile() +
                        "': " + std::strerror(errno));
    }
    if (flock(m_lockFd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    {
        if (errno == EWOULDBLOCK)
        {
            throw ToolError("another vm-migration-sweep is running this plan (" +
                            m_layout.GetPlanDir() + " is locked); wait for it or stop it");
        }
        // Some network file systems have no locks; run unprotected rather than not at all.
        std::fprintf(stderr,
                     "vm-migration-sweep: warning: cannot lock %s (%s); make sure no other sweep "
                     "runs this plan\n",
                     m_layout.GetLockFile().c_str(),
                     std::strerror(errno));
    }
}

int
SweepRunner::RunAll()
{
    m_layout.Prepare();
    Lock(true);
    SweepRunIndex runIndex(m_plan, m_layout);
    runIndex.Scan();

    std::vector<std::size_t> pending;
    std::size_t complete = 0;
    for (std::size_t i = 0; i < m_plan.GetRunCount(); ++i)
    {
        if (m_layout.IsComplete(i))
        {
            ++complete;
        }
        else
        {
            pending.push_back(i);
        }
    }
    std::fprintf(stderr,
                 "sweep: plan %s, %zu runs (%zu complete, %zu to run), %u jobs, results in %s\n",
                 m_plan.GetHash().c_str(),
                 m_plan.GetRunCount(),
                 complete,
                 pending.size(),
                 m_jobs,
                 m_layout.GetPlanDir().c_str());
    runIndex.Write();
    if (pending.empty())
    {
        std::fprintf(stderr, "sweep: all runs already complete\n");
        return 0;
    }

    SweepProgress progress(m_plan.GetRunCount(), complete);
    int rc = Execute(pending, &runIndex, progress);
    runIndex.Write();

    std::size_t ok = 0;
    std::size_t failed = 0;
    std::size_t timeout = 0;
    for (const auto& [index, record] : runIndex.GetRecords())
    {
        ok += record.status == "ok";
        failed += record.status == "failed";
        timeout += record.status == "timeout";
    }
    std::size_t missing = m_plan.GetRunCount() - ok - failed - timeout;
    std::fprintf(stderr,
                 "sweep: %zu ok, %zu failed, %zu timed out, %zu not run; index: %s\n",
                 ok,
                 failed,
                 timeout,
                 missing,
                 m_layout.GetRunsCsv().c_str());
    return rc;
}

int
SweepRunner::RunIndex(std::size_t index)
{
    if (index >= m_plan.GetRunCount())
    {
        throw ToolError("run index " + std::to_string(index) + " is out of range: the plan " +
                        m_plan.GetOrigin() + " has " + std::to_string(m_plan.GetRunCount()) +
                        " runs (0.." + std::to_string(m_plan.GetRunCount() - 1) + ")");
    }
    m_layout.Prepare();
    Lock(false);
    if (m_layout.IsComplete(index))
    {
        std::fprintf(stderr,
                     "sweep: run %zu already complete: %s\n",
                     index,
                     m_layout.GetRunDir(index).c_str());
        return 0;
    }
    SweepProgress progress(1, 0);
    return Execute({index}, nullptr, progress);
}

ProcessPool::Command
SweepRunner::Launch(std::size_t index)
{
    std::string tmp = m_layout.GetTmpDir(index);
    // Whatever is there is from an interrupted or failed attempt: start clean.
    for (const std::string& dir : {tmp, m_layout.GetFailedDir(index), m_layout.GetRunDir(index)})
    {
        std::error_code ec;
        fs::remove_all(dir, ec);
        if (ec)
        {
            throw ToolError("cannot remove the old folder '" + dir + "': " + ec.message());
        }
    }
    std::error_code ec;
    fs::create_directory(tmp, ec);
    if (ec)
    {
        throw ToolError("cannot create the run folder '" + tmp + "': " + ec.message());
    }
    std::string absoluteTmp = fs::absolute(tmp).lexically_normal().string();

    ProcessPool::Command command;
    command.argv = m_plan.GetRunArguments(index, m_program, m_layout.GetTmpOutputsDir(index));
    std::string line;
    for (const std::string& arg : command.argv)
    {
        line += (line.empty() ? "" : " ") + ShellQuote(arg);
    }
    AtomicFile::Write(tmp + "/sweep-command.txt", line + "\n");

    // No shell, so values need no quoting; its own process group, so that a timeout kills
    // whatever the program started; it dies with the runner.
    command.name = "a run";
    command.directory = absoluteTmp;
    command.stdinPath = "/dev/null";
    command.stdoutPath = tmp + "/stdout.txt";
    command.stderrPath = tmp + "/stderr.txt";
    command.ownGroup = true;
    command.dieWithParent = true;
    command.execErrorPrefix = "vm-migration-sweep: ";
    return command;
}

SweepRunRecord
SweepRunner::Finish(const ProcessPool::Result& result)
{
    SweepRunRecord record;
    record.index = result.index;
    record.wallSeconds = std::round(result.wallSeconds * 1000.0) / 1000.0;
    std::string name = m_plan.GetRunName(result.index);
    std::string tmp = m_layout.GetTmpDir(result.index);
    std::error_code ec;
    // A program may have removed its --out folder; keep the record anyway.
    fs::create_directories(tmp, ec);

    if (result.Succeeded())
    {
        record.status = "ok";
        record.exitCode = 0;
        record.dir = "runs/" + name;
        // Data first, marker last, rename to commit: a crash at any point leaves either a
        // .tmp folder (wiped on resume) or a complete run.
        AtomicFile::SyncTree(tmp);
        AtomicFile::Write(tmp + "/" + SweepLayout::COMPLETE_MARKER,
                          SweepRunIndex::FormatRecord(record));
        AtomicFile::Rename(tmp, m_layout.GetRunDir(result.index));
    }
    else
    {
        record.status = result.timedOut ? "timeout" : "failed";
        record.exitCode = result.GetExitCode();
        record.dir = "runs/" + name + ".failed";
        AtomicFile::Write(tmp + "/" + SweepLayout::FAILED_MARKER,
                          SweepRunIndex::FormatRecord(record));
        AtomicFile::Rename(tmp, m_layout.GetFailedDir(result.index));
    }
    return record;
}

int
SweepRunner::Execute(const std::vector<std::size_t>& pending,
                     SweepRunIndex* runIndex,
                     SweepProgress& progress)
{
    ProcessPool pool(m_jobs);
    pool.SetTimeout(m_timeout);
    pool.SetKillGrace(KILL_GRACE_SECONDS);
    pool.SetStopOnSignals([&progress](int signal, std::size_t running) {
        progress.Message("sweep: " + std::string(strsignal(signal)) + ": stopping " +
                         std::to_string(running) + " running runs; run the plan again to resume");
    });
    pool.SetTick([&progress]() { progress.Tick(); });

    std::size_t failures = 0;
    auto prepare = [&](std::size_t index) {
        if (runIndex != nullptr)
        {
            runIndex->Erase(index);
        }
        ProcessPool::Command command = Launch(index);
        progress.RunStarted();
        return command;
    };
    auto finish = [&](const ProcessPool::Result& result) {
        if (result.interrupted)
        {
            std::error_code ec;
            fs::remove_all(m_layout.GetTmpDir(result.index), ec);
            return;
        }
        SweepRunRecord record = Finish(result);
        bool ok = record.status == "ok";
        if (runIndex != nullptr)
        {
            runIndex->Set(record);
            runIndex->Write();
            progress.RunFinished(ok);
        }
        if (!ok)
        {
            ++failures;
            progress.Message("sweep: run " + std::to_string(result.index) + " " +
                             (record.status == "timeout"
                                  ? "timed out after " + SweepProgress::FormatDuration(m_timeout)
                                  : std::string("failed")) +
                             " (" + result.DescribeExit() +
                             "); stderr: " + m_layout.GetFailedDir(result.index) + "/stderr.txt");
        }
        else if (runIndex == nullptr)
        {
            progress.Message("sweep: run " + std::to_string(result.index) +
                             " complete: " + m_layout.GetRunDir(result.index));
        }
    };

    int stopSignal = 0;
    try
    {
        stopSignal = pool.Run(pending, prepare, finish);
    }
    catch (...)
    {
        progress.Finish();
        throw;
    }
    progress.Finish();
    if (stopSignal != 0)
    {
        return 128 + stopSignal;
    }
    return failures > 0 ? 1 : 0;
}
