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
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace
{

/// The signals the runner waits for instead of letting them act.
const int HANDLED_SIGNALS[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP};

/// A SIGCHLD handler that does nothing: with the default disposition the kernel may discard
/// SIGCHLD instead of leaving it pending for sigtimedwait().
void
IgnoreSignal(int)
{
}

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

/**
 * @brief Open a file for a child's standard stream.
 * @param path the file
 * @param flags open flags
 * @return the descriptor (close-on-exec: only the dup2'ed copy reaches the child)
 */
int
OpenForChild(const std::string& path, int flags)
{
    int fd = open(path.c_str(), flags | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw ToolError("cannot open '" + path + "': " + std::strerror(errno));
    }
    return fd;
}

/**
 * @brief Describe how a run ended.
 * @param record the record
 * @return e.g. "exit status 3", "killed by signal 11 (Segmentation fault)"
 */
std::string
DescribeExit(const SweepRunRecord& record)
{
    if (record.exitCode < 0)
    {
        return "killed by signal " + std::to_string(-record.exitCode) + " (" +
               strsignal(-record.exitCode) + ")";
    }
    return "exit status " + std::to_string(record.exitCode);
}

} // namespace

SweepRunner::SweepRunner(const SweepPlan& plan, const std::string& program)
    : m_plan(plan),
      m_layout(plan),
      m_program(program),
      m_jobs(GetDefaultJobs())
{
    sigemptyset(&m_savedMask);
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

    std::deque<std::size_t> pending;
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

void
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
    std::vector<std::string> args = m_plan.GetRunArguments(index, m_program, absoluteTmp);

    std::string command;
    for (const std::string& arg : args)
    {
        command += (command.empty() ? "" : " ") + ShellQuote(arg);
    }
    AtomicFile::Write(tmp + "/sweep-command.txt", command + "\n");

    std::vector<char*> argv;
    for (std::string& arg : args)
    {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);

    int in = OpenForChild("/dev/null", O_RDONLY);
    int out = OpenForChild(tmp + "/stdout.txt", O_WRONLY | O_CREAT | O_TRUNC);
    int err = OpenForChild(tmp + "/stderr.txt", O_WRONLY | O_CREAT | O_TRUNC);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
    {
        int saved = errno;
        close(in);
        close(out);
        close(err);
        throw ToolError(std::string("cannot start a run: fork: ") + std::strerror(saved));
    }
    if (pid == 0)
    {
        // The child: only async-signal-safe calls until exec.  Own process group, so a
        // timeout can kill whatever the program started; dies with the runner.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
        {
            _exit(127); // the runner died before prctl took effect
        }
        signal(SIGPIPE, SIG_DFL);
        sigprocmask(SIG_SETMASK, &m_savedMask, nullptr);
        if (chdir(absoluteTmp.c_str()) != 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
            dup2(err, 2) < 0)
        {
            _exit(127);
        }
        execv(argv[0], argv.data());
        const char* what = "vm-migration-sweep: cannot execute ";
        [[maybe_unused]] ssize_t n = write(2, what, std::strlen(what));
        n = write(2, argv[0], std::strlen(argv[0]));
        const char* why = strerror(errno);
        n = write(2, ": ", 2);
        n = write(2, why, std::strlen(why));
        n = write(2, "\n", 1);
        _exit(127);
    }
    // Also from the parent, so the group exists before any kill(-pid) (no race with the
    // child's own setpgid).
    setpgid(pid, pid);
    close(in);
    close(out);
    close(err);

    Child child;
    child.index = index;
    child.pid = pid;
    child.start = Clock::now();
    m_children[pid] = child;
}

SweepRunRecord
SweepRunner::Finish(const Child& child, int status)
{
    SweepRunRecord record;
    record.index = child.index;
    double wall = std::chrono::duration<double>(Clock::now() - child.start).count();
    record.wallSeconds = std::round(wall * 1000.0) / 1000.0;
    std::string name = m_plan.GetRunName(child.index);
    std::string tmp = m_layout.GetTmpDir(child.index);
    std::error_code ec;
    // A program may have removed its --out folder; keep the record anyway.
    fs::create_directories(tmp, ec);

    if (!child.timedOut && WIFEXITED(status) && WEXITSTATUS(status) == 0)
    {
        record.status = "ok";
        record.exitCode = 0;
        record.dir = "runs/" + name;
        // Data first, marker last, rename to commit: a crash at any point leaves either a
        // .tmp folder (wiped on resume) or a complete run.
        AtomicFile::SyncTree(tmp);
        AtomicFile::Write(tmp + "/" + SweepLayout::COMPLETE_MARKER,
                          SweepRunIndex::FormatRecord(record));
        AtomicFile::Rename(tmp, m_layout.GetRunDir(child.index));
    }
    else
    {
        record.status = child.timedOut ? "timeout" : "failed";
        record.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
        record.dir = "runs/" + name + ".failed";
        AtomicFile::Write(tmp + "/" + SweepLayout::FAILED_MARKER,
                          SweepRunIndex::FormatRecord(record));
        AtomicFile::Rename(tmp, m_layout.GetFailedDir(child.index));
    }
    return record;
}

void
SweepRunner::Signal(const Child& child, int signal)
{
    // The whole group: a program that is a script (or forks) must not leave workers behind.
    kill(-child.pid, signal);
}

void
SweepRunner::KillAll()
{
    for (const auto& [pid, child] : m_children)
    {
        Signal(child, SIGKILL);
    }
    for (const auto& [pid, child] : m_children)
    {
        int status;
        waitpid(pid, &status, 0);
    }
    m_children.clear();
}

int
SweepRunner::Execute(std::deque<std::size_t> pending,
                     SweepRunIndex* runIndex,
                     SweepProgress& progress)
{
    // Signals are taken synchronously with sigtimedwait(): no handler races with the pool.
    sigset_t handled;
    sigemptyset(&handled);
    for (int s : HANDLED_SIGNALS)
    {
        sigaddset(&handled, s);
    }
    sigprocmask(SIG_BLOCK, &handled, &m_savedMask);
    struct sigaction action = {};
    struct sigaction oldChld = {};
    action.sa_handler = IgnoreSignal;
    sigaction(SIGCHLD, &action, &oldChld);
    struct sigaction ignorePipe = {};
    struct sigaction oldPipe = {};
    ignorePipe.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignorePipe, &oldPipe);

    std::size_t failures = 0;
    int stopSignal = 0;
    try
    {
        while ((!pending.empty() && stopSignal == 0) || !m_children.empty())
        {
            while (stopSignal == 0 && !pending.empty() && m_children.size() < m_jobs)
            {
                std::size_t index = pending.front();
                pending.pop_front();
                if (runIndex != nullptr)
                {
                    runIndex->Erase(index);
                }
                Launch(index);
                progress.RunStarted();
            }

            // Sleep until a signal, the next deadline, or a progress tick.
            auto now = Clock::now();
            auto wake = now + std::chrono::milliseconds(250);
            for (const auto& [pid, child] : m_children)
            {
                if (child.timedOut || child.interrupted)
                {
                    wake = std::min(wake, child.killAfter);
                }
                else if (m_timeout > 0)
                {
                    wake = std::min(wake,
                                    child.start + std::chrono::duration_cast<Clock::duration>(
                                                      std::chrono::duration<double>(m_timeout)));
                }
            }
            auto wait = std::max(std::chrono::nanoseconds(1000000),
                                 std::chrono::duration_cast<std::chrono::nanoseconds>(wake - now));
            timespec ts;
            ts.tv_sec = static_cast<time_t>(wait.count() / 1000000000);
            ts.tv_nsec = static_cast<long>(wait.count() % 1000000000);
            siginfo_t info;
            int sig = sigtimedwait(&handled, &info, &ts);
            if ((sig == SIGINT || sig == SIGTERM || sig == SIGHUP) && stopSignal == 0)
            {
                stopSignal = sig;
                progress.Message("sweep: " + std::string(strsignal(sig)) + ": stopping " +
                                 std::to_string(m_children.size()) +
                                 " running runs; run the plan again to resume");
                for (auto& [pid, child] : m_children)
                {
                    child.interrupted = true;
                    child.killAfter =
                        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(KILL_GRACE_SECONDS));
                    Signal(child, SIGTERM);
                }
            }

            // Reap.  WNOWAIT first: while the exited leader is an unreaped zombie its pid
            // cannot be reused, so killing its group cannot hit an unrelated process.
            while (true)
            {
                siginfo_t exited = {};
                if (waitid(P_ALL, 0, &exited, WEXITED | WNOHANG | WNOWAIT) != 0 ||
                    exited.si_pid == 0)
                {
                    break;
                }
                pid_t pid = exited.si_pid;
                kill(-pid, SIGKILL); // leftovers of the run's process group
                int status = 0;
                waitpid(pid, &status, 0);
                auto it = m_children.find(pid);
                if (it == m_children.end())
                {
                    continue;
                }
                Child child = it->second;
                m_children.erase(it);
                if (child.interrupted)
                {
                    std::error_code ec;
                    fs::remove_all(m_layout.GetTmpDir(child.index), ec);
                    continue;
                }
                SweepRunRecord record = Finish(child, status);
                bool ok = record.status == "ok";
                if (runIndex != nullptr)
                {
                    runIndex->Set(record);
                    runIndex->Write();
                }
                if (runIndex != nullptr)
                {
                    progress.RunFinished(ok);
                }
                if (!ok)
                {
                    ++failures;
                    progress.Message(
                        "sweep: run " + std::to_string(child.index) + " " +
                        (record.status == "timeout"
                             ? "timed out after " + SweepProgress::FormatDuration(m_timeout)
                             : std::string("failed")) +
                        " (" + DescribeExit(record) +
                        "); stderr: " + m_layout.GetFailedDir(child.index) + "/stderr.txt");
                }
                else if (runIndex == nullptr)
                {
                    progress.Message("sweep: run " + std::to_string(child.index) +
                                     " complete: " + m_layout.GetRunDir(child.index));
                }
            }

            // Deadlines.
            now = Clock::now();
            for (auto& [pid, child] : m_children)
            {
                bool terminating = child.timedOut || child.interrupted;
                if (!terminating && m_timeout > 0 &&
                    now - child.start >= std::chrono::duration<double>(m_timeout))
                {
                    child.timedOut = true;
                    child.killAfter = now + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(KILL_GRACE_SECONDS));
                    Signal(child, SIGTERM);
                }
                else if (terminating && now >= child.killAfter)
                {
                    Signal(child, SIGKILL);
                }
            }
            progress.Tick();
        }
    }
    catch (...)
    {
        KillAll();
        progress.Finish();
        sigaction(SIGCHLD, &oldChld, nullptr);
        sigaction(SIGPIPE, &oldPipe, nullptr);
        sigprocmask(SIG_SETMASK, &m_savedMask, nullptr);
        throw;
    }
    progress.Finish();
    sigaction(SIGCHLD, &oldChld, nullptr);
    sigaction(SIGPIPE, &oldPipe, nullptr);
    sigprocmask(SIG_SETMASK, &m_savedMask, nullptr);
    if (stopSignal != 0)
    {
        return 128 + stopSignal;
    }
    return failures > 0 ? 1 : 0;
}
