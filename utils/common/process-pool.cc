/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "process-pool.h"

#include "tool-error.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

using Clock = std::chrono::steady_clock;

namespace
{

/// The signals that stop the pool when it is asked to stop on them.
const int STOP_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};

/// How often the tick callback runs while children run.
constexpr auto TICK = std::chrono::milliseconds(250);

/// A SIGCHLD handler that does nothing: with the default disposition the kernel may discard
/// SIGCHLD instead of leaving it pending for the signalfd.
void
IgnoreSignal(int)
{
}

/**
 * @param seconds a duration
 * @return it as the steady clock's duration
 */
Clock::duration
ToDuration(double seconds)
{
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

/**
 * @brief Write all of @p size bytes, from a child (async-signal-safe).
 * @param fd where
 * @param data what
 * @param size how much
 * @return true if all was written
 */
bool
WriteAll(int fd, const char* data, std::size_t size)
{
    while (size > 0)
    {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
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

/// Descriptors opened for one child, closed in the parent once it is forked.
struct ChildFds
{
    int in{-1};       //!< its standard input
    int out{-1};      //!< its standard output
    int err{-1};      //!< its standard error
    int readEnd{-1};  //!< the output pipe, the parent's end
    int writeEnd{-1}; //!< the output pipe, the child's end

    /// Close every descriptor but the pipe's read end.
    void CloseChildSide()
    {
        for (int* fd : {&in, &out, &err, &writeEnd})
        {
            if (*fd >= 0)
            {
                close(*fd);
                *fd = -1;
            }
        }
    }

    ~ChildFds()
    {
        CloseChildSide();
        if (readEnd >= 0)
        {
            close(readEnd);
        }
    }
};

} // namespace

bool
ProcessPool::Result::Succeeded() const
{
    return !timedOut && !interrupted && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int
ProcessPool::Result::GetExitCode() const
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

std::string
ProcessPool::Result::DescribeExit() const
{
    int code = GetExitCode();
    if (code < 0)
    {
        return "killed by signal " + std::to_string(-code) + " (" + strsignal(-code) + ")";
    }
    return "exit status " + std::to_string(code);
}

ProcessPool::ProcessPool(unsigned jobs)
    : m_jobs(std::max(1U, jobs))
{
    sigemptyset(&m_savedMask);
    m_savedChld = {};
}

void
ProcessPool::SetTimeout(double seconds)
{
    m_timeout = seconds;
}

void
ProcessPool::SetKillGrace(double seconds)
{
    m_killGrace = seconds;
}

void
ProcessPool::SetStopOnSignals(StopCallback onStop)
{
    m_stopOnSignals = true;
    m_onStop = std::move(onStop);
}

void
ProcessPool::SetTick(TickCallback onTick)
{
    m_onTick = std::move(onTick);
}

void
ProcessPool::Start(std::size_t index, const Command& command)
{
    // Everything the child needs is made before fork(): after it, a child that execs may
    // make only async-signal-safe calls.
    ChildFds fds;
    if (!command.stdinPath.empty())
    {
        fds.in = OpenForChild(command.stdinPath, O_RDONLY);
    }
    if (!command.stdoutPath.empty())
    {
        fds.out = OpenForChild(command.stdoutPath, O_WRONLY | O_CREAT | O_TRUNC);
    }
    if (!command.stderrPath.empty())
    {
        fds.err = OpenForChild(command.stderrPath, O_WRONLY | O_CREAT | O_TRUNC);
    }
    bool isFunction = static_cast<bool>(command.function);
    if (isFunction || command.captureStderr)
    {
        int ends[2];
        if (pipe2(ends, O_CLOEXEC) != 0)
        {
            throw ToolError("cannot start " + command.name + ": pipe: " + std::strerror(errno));
        }
        fds.readEnd = ends[0];
        fds.writeEnd = ends[1];
        fcntl(fds.readEnd, F_SETFL, O_NONBLOCK);
    }
    std::vector<std::string> args = command.argv;
    std::vector<char*> argv;
    for (std::string& arg : args)
    {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    if (!isFunction && args.empty())
    {
        throw ToolError("cannot start " + command.name + ": no program given");
    }
    const char* directory = command.directory.empty() ? nullptr : command.directory.c_str();
    const std::string& prefix = command.execErrorPrefix;

    std::fflush(nullptr); // a child must not print the parent's buffered output again
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
    {
        throw ToolError("cannot start " + command.name + ": fork: " + std::strerror(errno));
    }
    if (pid == 0)
    {
        // The child: only async-signal-safe calls until exec (or the function).
        if (command.ownGroup)
        {
            setpgid(0, 0);
        }
        if (command.dieWithParent)
        {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() != parent)
            {
                _exit(SETUP_FAILED); // the pool's process died before prctl took effect
            }
        }
        close(m_signalFd);
        signal(SIGPIPE, SIG_DFL);
        sigaction(SIGCHLD, &m_savedChld, nullptr);
        sigprocmask(SIG_SETMASK, &m_savedMask, nullptr);
        if ((directory != nullptr && chdir(directory) != 0) ||
            (fds.in >= 0 && dup2(fds.in, STDIN_FILENO) < 0) ||
            (fds.out >= 0 && dup2(fds.out, STDOUT_FILENO) < 0) ||
            (fds.err >= 0 && dup2(fds.err, STDERR_FILENO) < 0) ||
            (!isFunction && fds.writeEnd >= 0 && dup2(fds.writeEnd, STDERR_FILENO) < 0))
        {
            _exit(SETUP_FAILED);
        }
        if (isFunction)
        {
            std::string text;
            try
            {
                text = command.function();
            }
            catch (const std::exception& e)
            {
                // Not past here: the copy of the pool's caller must not go on in the child.
                WriteAll(STDERR_FILENO, e.what(), std::strlen(e.what()));
                WriteAll(STDERR_FILENO, "\n", 1);
                std::fflush(nullptr);
                _exit(1);
            }
            catch (...)
            {
                std::fflush(nullptr);
                _exit(1);
            }
            bool written = WriteAll(fds.writeEnd, text.data(), text.size());
            std::fflush(nullptr);
            _exit(written ? 0 : 1);
        }
        if (command.searchPath)
        {
            execvp(argv[0], argv.data());
        }
        else
        {
            execv(argv[0], argv.data());
        }
        if (!prefix.empty())
        {
            const char* why = strerror(errno);
            WriteAll(STDERR_FILENO, prefix.data(), prefix.size());
            const char* what = "cannot execute ";
            WriteAll(STDERR_FILENO, what, std::strlen(what));
            WriteAll(STDERR_FILENO, argv[0], std::strlen(argv[0]));
            WriteAll(STDERR_FILENO, ": ", 2);
            WriteAll(STDERR_FILENO, why, std::strlen(why));
            WriteAll(STDERR_FILENO, "\n", 1);
        }
        _exit(EXEC_FAILED);
    }
    if (command.ownGroup)
    {
        // Also from the parent, so the group exists before any kill(-pid) (no race with
        // the child's own setpgid).
        setpgid(pid, pid);
    }
    // The write end must close here, or the pipe would never reach end of file.
    fds.CloseChildSide();
    Child child;
    child.index = index;
    child.pid = pid;
    child.ownGroup = command.ownGroup;
    child.outputFd = fds.readEnd;
    fds.readEnd = -1;
    child.start = Clock::now();
    m_children[pid] = std::move(child);
}

void
ProcessPool::Drain(Child& child)
{
    char buffer[65536];
    while (child.outputFd >= 0)
    {
        ssize_t n = read(child.outputFd, buffer, sizeof(buffer));
        if (n > 0)
        {
            child.output.append(buffer, static_cast<std::size_t>(n));
        }
        else if (n < 0 && errno == EINTR)
        {
            continue;
        }
        else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
            return;
        }
        else
        {
            close(child.outputFd);
            child.outputFd = -1;
        }
    }
}

void
ProcessPool::Signal(const Child& child, int signal)
{
    // The whole group when it has one: a program that is a script (or forks) must not
    // leave workers behind.
    kill(child.ownGroup ? -child.pid : child.pid, signal);
}

void
ProcessPool::Reap(const FinishCallback& finish)
{
    std::vector<pid_t> exited;
    for (const auto& [pid, child] : m_children)
    {
        // WNOWAIT first: while the exited leader is an unreaped zombie its pid cannot be
        // reused, so killing its group cannot hit an unrelated process.
        siginfo_t info = {};
        if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        {
            exited.push_back(pid);
        }
    }
    for (pid_t pid : exited)
    {
        Child& child = m_children.at(pid);
        if (child.ownGroup)
        {
            kill(-pid, SIGKILL); // leftovers of its process group
        }
        // Everything the child wrote is in the pipe by now.
        Drain(child);
        if (child.outputFd >= 0)
        {
            close(child.outputFd);
        }
        Result result;
        struct rusage usage = {};
        while (wait4(pid, &result.status, 0, &usage) < 0 && errno == EINTR)
        {
        }
        result.index = child.index;
        result.timedOut = child.timedOut;
        result.interrupted = child.interrupted;
        result.output = std::move(child.output);
        result.wallSeconds = std::chrono::duration<double>(Clock::now() - child.start).count();
        result.cpuSeconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                            (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
        result.maxResidentKiB = usage.ru_maxrss;
        m_children.erase(pid);
        finish(result);
    }
}

void
ProcessPool::KillAll()
{
    for (const auto& [pid, child] : m_children)
    {
        Signal(child, SIGKILL);
    }
    for (auto& [pid, child] : m_children)
    {
        if (child.outputFd >= 0)
        {
            close(child.outputFd);
        }
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        {
        }
    }
    m_children.clear();
}

int
ProcessPool::Run(const std::vector<std::size_t>& order,
                 const PrepareCallback& prepare,
                 const FinishCallback& finish)
{
    // Signals are taken synchronously from a signalfd; blocked, they wait there for the
    // loop instead of acting.
    sigset_t handled;
    sigemptyset(&handled);
    sigaddset(&handled, SIGCHLD);
    if (m_stopOnSignals)
    {
        for (int s : STOP_SIGNALS)
        {
            sigaddset(&handled, s);
        }
    }
    sigprocmask(SIG_BLOCK, &handled, &m_savedMask);
    struct sigaction action = {};
    action.sa_handler = IgnoreSignal;
    sigaction(SIGCHLD, &action, &m_savedChld);
    struct sigaction ignorePipe = {};
    struct sigaction oldPipe = {};
    ignorePipe.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ignorePipe, &oldPipe);
    m_signalFd = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
    auto restore = [&]() {
        if (m_signalFd >= 0)
        {
            close(m_signalFd);
            m_signalFd = -1;
        }
        sigaction(SIGCHLD, &m_savedChld, nullptr);
        sigaction(SIGPIPE, &oldPipe, nullptr);
        sigprocmask(SIG_SETMASK, &m_savedMask, nullptr);
    };

    int stopSignal = 0;
    std::size_t next = 0;
    try
    {
        if (m_signalFd < 0)
        {
            throw ToolError(std::string("cannot start child processes: signalfd: ") +
                            std::strerror(errno));
        }
        while ((next < order.size() && stopSignal == 0) || !m_children.empty())
        {
            while (stopSignal == 0 && next < order.size() && m_children.size() < m_jobs)
            {
                std::size_t index = order[next++];
                Start(index, prepare(index));
            }

            // Sleep until a signal, output, the next deadline, or a tick.
            auto now = Clock::now();
            auto wake = now + TICK;
            std::vector<pollfd> polled{{m_signalFd, POLLIN, 0}};
            std::vector<Child*> readers;
            for (auto& [pid, child] : m_children)
            {
                if (child.timedOut || child.interrupted)
                {
                    wake = std::min(wake, child.killAfter);
                }
                else if (m_timeout > 0)
                {
                    wake = std::min(wake, child.start + ToDuration(m_timeout));
                }
                if (child.outputFd >= 0)
                {
                    polled.push_back({child.outputFd, POLLIN, 0});
                    readers.push_back(&child);
                }
            }
            auto wait = std::max(std::chrono::milliseconds(1),
                                 std::chrono::ceil<std::chrono::milliseconds>(wake - now));
            int ready = poll(polled.data(), polled.size(), static_cast<int>(wait.count()));
            if (ready < 0 && errno != EINTR)
            {
                throw ToolError(std::string("cannot wait for child processes: poll: ") +
                                std::strerror(errno));
            }
            for (std::size_t i = 0; ready > 0 && i < readers.size(); ++i)
            {
                if (polled[i + 1].revents != 0)
                {
                    Drain(*readers[i]);
                }
            }

            signalfd_siginfo info;
            while (read(m_signalFd, &info, sizeof(info)) == sizeof(info))
            {
                int sig = static_cast<int>(info.ssi_signo);
                if (sig == SIGCHLD || stopSignal != 0)
                {
                    continue;
                }
                stopSignal = sig;
                if (m_onStop)
                {
                    m_onStop(sig, m_children.size());
                }
                for (auto& [pid, child] : m_children)
                {
                    child.interrupted = true;
                    child.killAfter = Clock::now() + ToDuration(m_killGrace);
                    Signal(child, SIGTERM);
                }
            }

            Reap(finish);

            // Deadlines.
            now = Clock::now();
            for (auto& [pid, child] : m_children)
            {
                bool terminating = child.timedOut || child.interrupted;
                if (!terminating && m_timeout > 0 && now - child.start >= ToDuration(m_timeout))
                {
                    child.timedOut = true;
                    child.killAfter = now + ToDuration(m_killGrace);
                    Signal(child, SIGTERM);
                }
                else if (terminating && now >= child.killAfter)
                {
                    Signal(child, SIGKILL);
                }
            }
            if (m_onTick)
            {
                m_onTick();
            }
        }
    }
    catch (...)
    {
        KillAll();
        restore();
        throw;
    }
    restore();
    return stopSignal;
}

ProcessPool::Result
ProcessPool::RunOne(const Command& command)
{
    ProcessPool pool(1);
    Result result;
    pool.Run(
        {0},
        [&command](std::size_t) { return command; },
        [&result](const Result& ended) { result = ended; });
    return result;
}
