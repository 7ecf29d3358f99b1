/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_PROGRESS_H
#define SWEEP_PROGRESS_H

#include <chrono>
#include <cstddef>
#include <string>

/**
 * @file
 * @ingroup vm-migration-sweep
 * The progress line of a running sweep.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief Shows on stderr how far a sweep is: runs done / total, failures, time left.
 *
 * On a terminal one line is redrawn in place; otherwise (a log file, a batch job) one line is
 * printed per finished run, so the log shows the same information without control
 * characters.  The estimate of the time left uses only runs finished by this invocation:
 * runs skipped because a previous invocation completed them took no time now.
 */
class SweepProgress
{
  public:
    /**
     * @brief Start the clock.
     * @param total the number of runs in the plan
     * @param skipped the runs already complete (counted as done, not timed)
     */
    SweepProgress(std::size_t total, std::size_t skipped);

    /// Note that a run was launched.
    void RunStarted();

    /// Redraw the terminal line if a second has passed (keeps the elapsed time moving).
    void Tick();

    /**
     * @brief Note that a run finished and redraw.
     * @param ok whether it succeeded
     */
    void RunFinished(bool ok);

    /**
     * @brief Print a message on its own line without garbling the progress line.
     * @param text the message (no trailing newline)
     */
    void Message(const std::string& text);

    /// End the progress line (a newline on a terminal).
    void Finish();

    /**
     * @brief Format a duration as [h:]mm:ss.
     * @param seconds the duration
     * @return the text
     */
    static std::string FormatDuration(double seconds);

  private:
    /// Draw the progress line.
    void Draw();

    /// @return the progress text without line control
    std::string Line() const;

    std::size_t m_total;                              //!< runs in the plan
    std::size_t m_skipped;                            //!< already complete at start
    std::size_t m_finished{0};                        //!< finished by this invocation
    std::size_t m_failed{0};                          //!< failed or timed out
    std::size_t m_running{0};                         //!< running now
    bool m_terminal;                                  //!< stderr is a terminal
    bool m_drawn{false};                              //!< a progress line is on screen
    std::chrono::steady_clock::time_point m_start;    //!< when the sweep started
    std::chrono::steady_clock::time_point m_lastDraw; //!< when the line was last drawn
};

#endif /* SWEEP_PROGRESS_H */
