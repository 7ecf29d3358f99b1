/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PROCESS_POOL_H
#define PROCESS_POOL_H

#include <chrono>
#include <csignal>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

/**
 * @file
 * @ingroup vm-migration-tools
 * The one place the programs start, watch and reap child processes.
 */

/**
 * @ingroup vm-migration-tools
 * @brief Runs child processes, at most J at a time: a function in a forked copy of the
 *        program, or a program with fork/exec.
 *
 * ns-3's simulator is one per process, so independent simulations use more cores only as
 * processes; the sweep runs whole programs; the plots run gnuplot.  All of them go through
 * here, so that starting, capturing, timing out, killing and reaping a child exist once.
 *
 * Children start in the order given.  What a child gives back (a function's returned
 * text, or a program's standard error when asked) comes through a pipe that the pool
 * drains while it waits, so a child never blocks on a full pipe, whatever it writes.  A
 * child that exceeds the timeout, or every child when the pool is stopped by SIGINT,
 * SIGTERM or SIGHUP (if asked), gets SIGTERM and, after a grace period, SIGKILL -- its
 * whole process group when it has one of its own.  Signals are taken synchronously
 * through a signalfd while the pool runs: no handler races with the bookkeeping.
 */
class ProcessPool
{
  public:
    /// The default time between SIGTERM and SIGKILL.
    static constexpr double DEFAULT_KILL_GRACE_SECONDS = 2.0;

    /// Exit status of a child whose set-up (folder, streams) failed before it could run.
    static constexpr int SETUP_FAILED = 126;

    /// Exit status of a child whose program could not be executed.
    static constexpr int EXEC_FAILED = 127;

    /// What one child runs, and where its standard streams go.
    struct Command
    {
        /// Run in the forked child (when set); its returned text is the child's output,
        /// and the child exits 0 after it.  It may end the child itself (std::exit, abort).
        std::function<std::string()> function;
        std::vector<std::string> argv;       //!< otherwise: the program and its arguments
        bool searchPath{false};              //!< look argv[0] up on PATH (execvp), else execv
        std::string name{"a child process"}; //!< for messages: "cannot start <name>: ..."
        std::string directory;               //!< the child's working folder; empty: the pool's own
        std::string stdinPath;               //!< a file for standard input; empty: inherited
        std::string stdoutPath;              //!< a file (created, truncated) for standard output
        std::string stderrPath;              //!< a file (created, truncated) for standard error
        bool captureStderr{false};           //!< a program's standard error is its output instead
        bool ownGroup{false};                //!< own process group: kills reach whatever it started
        bool dieWithParent{false}; //!< killed when the pool's process dies (even by SIGKILL)
        /// Written to standard error, before "cannot execute PROGRAM: why", when exec
        /// fails; empty: nothing is written.
        std::string execErrorPrefix;
    };

    /// How one child ended.
    struct Result
    {
        std::size_t index{0};    //!< the index the child was started for
        int status{0};           //!< its wait status
        bool timedOut{false};    //!< the timeout sent it SIGTERM
        bool interrupted{false}; //!< the pool was stopped while it ran
        std::string output;      //!< what it gave back (see Command)
        double wallSeconds{0};   //!< from fork to exit
        /// Processor time it used, user and system (with that of the children it waited
        /// for): unlike the wall time, other processes on the machine leave it alone.
        double cpuSeconds{0};
        long maxResidentKiB{0}; //!< its peak resident set size

        /// @return true if it exited 0, neither timed out nor interrupted
        bool Succeeded() const;

        /// @return its exit status, or minus the signal that killed it
        int GetExitCode() const;

        /// @return e.g. "exit status 3", "killed by signal 11 (Segmentation fault)"
        std::string DescribeExit() const;
    };

    /// Makes the command of a child just before it starts (it may prepare its folder).
    typedef std::function<Command(std::size_t index)> PrepareCallback;
    /// Told of each child that ended, in the order they end.
    typedef std::function<void(const Result& result)> FinishCallback;
    /// Told when a stop signal arrives, before the running children are sent SIGTERM.
    typedef std::function<void(int signal, std::size_t running)> StopCallback;
    /// Called about every 250 ms while children run (e.g. to redraw a progress line).
    typedef std::function<void()> TickCallback;

    /**
     * @brief Construct a pool.
     * @param jobs the most children at once (at least 1)
     */
    explicit ProcessPool(unsigned jobs);

    /**
     * @brief Set the time limit of each child.
     * @param seconds the limit; 0 for none
     */
    void SetTimeout(double seconds);

    /**
     * @brief Set the time between SIGTERM and SIGKILL.
     * @param seconds the grace period
     */
    void SetKillGrace(double seconds);

    /**
     * @brief Let SIGINT, SIGTERM and SIGHUP stop the pool: no child is started any more,
     *        the running ones are terminated and reported as interrupted, and Run returns
     *        the signal.
     * @param onStop called with the signal and the number of running children; may be empty
     */
    void SetStopOnSignals(StopCallback onStop);

    /**
     * @brief Set what is called about every 250 ms while children run.
     * @param onTick the callback
     */
    void SetTick(TickCallback onTick);

    /**
     * @brief Run one child per index of @p order, in that order, at most J at a time.
     *
     * An exception from a callback (or a child that cannot be started: ToolError) kills
     * and reaps every running child, restores the signal state, and propagates.
     * @param order the indices, in the order to start them
     * @param prepare makes each index's command
     * @param finish told of each ended child
     * @return the signal that stopped the pool, or 0
     */
    int Run(const std::vector<std::size_t>& order,
            const PrepareCallback& prepare,
            const FinishCallback& finish);

    /**
     * @brief Run one child and wait for it.
     * @param command what it runs
     * @return how it ended
     */
    static Result RunOne(const Command& command);

  private:
    /// A child in progress.
    struct Child
    {
        std::size_t index{0};                            //!< its index
        pid_t pid{0};                                    //!< its process id
        bool ownGroup{false};                            //!< it leads its own group
        int outputFd{-1};                                //!< read end of its output
        std::string output;                              //!< what was read so far
        std::chrono::steady_clock::time_point start;     //!< when it was forked
        bool timedOut{false};                            //!< the timeout sent SIGTERM
        bool interrupted{false};                         //!< the pool is being stopped
        std::chrono::steady_clock::time_point killAfter; //!< when SIGKILL follows
    };

    /**
     * @brief Fork a child.
     * @param index its index
     * @param command what it runs
     */
    void Start(std::size_t index, const Command& command);

    /**
     * @brief Read what a child's output pipe holds now, closing it at end of file.
     * @param child the child
     */
    static void Drain(Child& child);

    /**
     * @brief Reap the children that have exited and report them.
     * @param finish told of each
     */
    void Reap(const FinishCallback& finish);

    /**
     * @brief Send a signal to a child (its group if it has one).
     * @param child the child
     * @param signal the signal
     */
    static void Signal(const Child& child, int signal);

    /// Kill every running child and reap it (when the pool itself fails).
    void KillAll();

    unsigned m_jobs;                                //!< most children at once
    double m_timeout{0};                            //!< per-child limit in seconds, 0 for none
    double m_killGrace{DEFAULT_KILL_GRACE_SECONDS}; //!< SIGTERM to SIGKILL
    bool m_stopOnSignals{false};                    //!< SIGINT, SIGTERM and SIGHUP stop the pool
    StopCallback m_onStop;                          //!< told of a stop
    TickCallback m_onTick;                          //!< called while children run
    std::map<pid_t, Child> m_children;              //!< children in progress
    sigset_t m_savedMask;                           //!< the signal mask to give the children
    struct sigaction m_savedChld;                   //!< SIGCHLD's disposition before Run
    int m_signalFd{-1};                             //!< the signals taken while running
};

#endif /* PROCESS_POOL_H */
