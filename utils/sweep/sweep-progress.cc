/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-progress.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unistd.h>

SweepProgress::SweepProgress(std::size_t total, std::size_t skipped)
    : m_total(total),
      m_skipped(skipped),
      m_terminal(isatty(STDERR_FILENO) != 0),
      m_start(std::chrono::steady_clock::now()),
      m_lastDraw(m_start)
{
}

void
SweepProgress::Tick()
{
    if (m_terminal && std::chrono::steady_clock::now() - m_lastDraw >= std::chrono::seconds(1))
    {
        Draw();
    }
}

void
SweepProgress::RunStarted()
{
    ++m_running;
    if (m_terminal)
    {
        Draw();
    }
}

void
SweepProgress::RunFinished(bool ok)
{
    if (m_running > 0)
    {
        --m_running;
    }
    ++m_finished;
    if (!ok)
    {
        ++m_failed;
    }
    Draw();
}

void
SweepProgress::Message(const std::string& text)
{
    if (m_terminal && m_drawn)
    {
        std::fprintf(stderr, "\r\033[K");
    }
    std::fprintf(stderr, "%s\n", text.c_str());
    if (m_terminal && m_drawn)
    {
        Draw();
    }
}

void
SweepProgress::Finish()
{
    if (m_terminal && m_drawn)
    {
        std::fprintf(stderr, "\n");
        m_drawn = false;
    }
}

std::string
SweepProgress::FormatDuration(double seconds)
{
    long s = std::lround(std::max(0.0, seconds));
    char buffer[32];
    if (s >= 3600)
    {
        std::snprintf(buffer, sizeof(buffer), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    }
    else
    {
        std::snprintf(buffer, sizeof(buffer), "%ld:%02ld", s / 60, s % 60);
    }
    return buffer;
}

std::string
SweepProgress::Line() const
{
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    std::size_t done = m_skipped + m_finished;
    std::string eta = "estimating";
    if (m_finished > 0)
    {
        // Wall time per finished run already reflects the parallelism of the pool.
        double left =
            elapsed / static_cast<double>(m_finished) * static_cast<double>(m_total - done);
        eta = "about " + FormatDuration(left) + " left";
    }
    char buffer[256];
    std::snprintf(buffer,
                  sizeof(buffer),
                  "sweep: %zu/%zu runs done (%zu skipped), %zu failed, %zu running, %s elapsed, %s",
                  done,
                  m_total,
                  m_skipped,
                  m_failed,
                  m_running,
                  FormatDuration(elapsed).c_str(),
                  done == m_total ? "finished" : eta.c_str());
    return buffer;
}

void
SweepProgress::Draw()
{
    m_lastDraw = std::chrono::steady_clock::now();
    if (m_terminal)
    {
        std::fprintf(stderr, "\r\033[K%s", Line().c_str());
        std::fflush(stderr);
        m_drawn = true;
    }
    else
    {
        std::fprintf(stderr, "%s\n", Line().c_str());
    }
}
