/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "processor-sharing-cpu.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ProcessorSharingCpu");
NS_OBJECT_ENSURE_REGISTERED(ProcessorSharingCpu);

namespace
{
/**
 * Remaining work at or below this, relative to the virtual work counter (at least 1),
 * counts as done.  Tags and counter are sums of doubles, so two jobs that finish at
 * the same instant in exact arithmetic can differ by a few ulps of the counter.
 */
constexpr double DONE_TOLERANCE = 1e-12;
} // namespace

TypeId
ProcessorSharingCpu::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ProcessorSharingCpu")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<ProcessorSharingCpu>()
            .AddAttribute("Cores",
                          "Number of cores; a job runs on at most one core at a time.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ProcessorSharingCpu::SetCores,
                                               &ProcessorSharingCpu::GetCores),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "Speed",
                "Work units per second of each core (> 0); a job's demand is in "
                "seconds of a speed-1 core.  Changing it at run time keeps the "
                "remaining work.",
                DoubleValue(1.0),
                MakeDoubleAccessor(&ProcessorSharingCpu::SetSpeed, &ProcessorSharingCpu::GetSpeed),
                MakeDoubleChecker<double>(std::numeric_limits<double>::min()))
            .AddTraceSource("JobCompleted",
                            "A job received all its demand (cancelled jobs are not reported).",
                            MakeTraceSourceAccessor(&ProcessorSharingCpu::m_completedTrace),
                            "ns3::ProcessorSharingCpu::JobCompletedTracedCallback")
            .AddTraceSource("BusyCores",
                            "The number of busy cores, min(active jobs, cores not stalled) or 0 "
                            "while paused, changed.",
                            MakeTraceSourceAccessor(&ProcessorSharingCpu::m_busyCoresTrace),
                            "ns3::ProcessorSharingCpu::BusyCoresTracedCallback");
    return tid;
}

ProcessorSharingCpu::ProcessorSharingCpu()
    : m_cores(1),
      m_speed(1.0),
      m_paused(false),
      m_stalledCores(0),
      m_virtualWork(0.0),
      m_lastUpdate(Simulator::Now()),
      m_busy(Time(0)),
      m_nextId(1),
      m_reportedBusy(0)
{
    NS_LOG_FUNCTION(this);
}

void
ProcessorSharingCpu::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_completion.Cancel();
    // Callbacks may hold pointers to their owners, which may hold this CPU.
    m_jobs.clear();
    m_byTag.clear();
    Object::DoDispose();
}

uint32_t
ProcessorSharingCpu::RunningCores() const
{
    return m_paused || m_stalledCores >= m_cores ? 0 : m_cores - m_stalledCores;
}

double
ProcessorSharingCpu::JobRate() const
{
    auto n = static_cast<double>(m_jobs.size());
    uint32_t cores = RunningCores();
    return n <= cores ? m_speed : m_speed * cores / n;
}

double
ProcessorSharingCpu::VirtualWorkNow() const
{
    Time elapsed = Simulator::Now() - m_lastUpdate;
    if (RunningCores() == 0 || m_jobs.empty() || !elapsed.IsStrictlyPositive())
    {
        return m_virtualWork;
    }
    return m_virtualWork + elapsed.GetSeconds() * JobRate();
}

void
ProcessorSharingCpu::Advance()
{
    Time now = Simulator::Now();
    Time elapsed = now - m_lastUpdate;
    if (RunningCores() > 0 && !m_jobs.empty() && elapsed.IsStrictlyPositive())
    {
        m_busy += elapsed * static_cast<int64_t>(GetBusyCores());
        m_virtualWork += elapsed.GetSeconds() * JobRate();
    }
    m_lastUpdate = now;
}

void
ProcessorSharingCpu::Reschedule()
{
    // Removed, not cancelled: every job's arrival on a busy CPU moves the next completion,
    // and a cancelled event would stay in the scheduler until its time came.
    Simulator::Remove(m_completion);
    uint32_t cores = RunningCores();
    if (cores == 0 || m_byTag.empty())
    {
        return;
    }
    double remaining = std::max(0.0, m_byTag.begin()->first - m_virtualWork);
    auto n = static_cast<double>(m_jobs.size());
    // remaining / JobRate(), written so that n equal jobs take exactly n times as long
    // as one (1 / n is not exact in binary; multiplying by n is).
    double seconds = n <= cores ? remaining / m_speed : remaining * n / (m_speed * cores);
    m_completion = Simulator::Schedule(Seconds(seconds), &ProcessorSharingCpu::Complete, this);
}

void
ProcessorSharingCpu::Erase(std::map<uint64_t, Job>::iterator it)
{
    m_byTag.erase({it->second.finishTag, it->first});
    m_jobs.erase(it);
    if (m_jobs.empty())
    {
        // Start the next busy period from 0 so that tags keep their full precision.
        m_virtualWork = 0.0;
    }
}

uint64_t
ProcessorSharingCpu::Submit(double demand, Callback<void> done)
{
    NS_LOG_FUNCTION(this << demand);
    NS_ABORT_MSG_IF(!std::isfinite(demand) || demand < 0,
                    "ProcessorSharingCpu::Submit: demand " << demand
                                                           << " must be a finite number >= 0");
    Advance();
    uint64_t id = m_nextId++;
    double tag = m_virtualWork + demand;
    m_jobs.emplace(id, Job{tag, Simulator::Now(), done});
    m_byTag.emplace(tag, id);
    // Even a zero-demand job goes through an event, never a synchronous callback.
    Reschedule();
    NotifyBusyCores();
    return id;
}

bool
ProcessorSharingCpu::Cancel(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_jobs.find(id);
    if (it == m_jobs.end())
    {
        return false;
    }
    Advance();
    Erase(it);
    Reschedule();
    NotifyBusyCores();
    return true;
}

void
ProcessorSharingCpu::Complete()
{
    NS_LOG_FUNCTION(this);
    Advance();
    if (m_byTag.empty())
    {
        return;
    }
    // This event was scheduled for the earliest tag, and any change since would have
    // rescheduled it: that job is due.  Its instant was rounded to the time resolution,
    // so snap the counter to its tag rather than leave a sliver of work.
    m_virtualWork = std::max(m_virtualWork, m_byTag.begin()->first);
    double tolerance = DONE_TOLERANCE * std::max(1.0, std::abs(m_virtualWork));
    std::vector<uint64_t> ids;
    for (const auto& [tag, id] : m_byTag)
    {
        if (tag - m_virtualWork > tolerance)
        {
            break;
        }
        ids.push_back(id);
    }
    // Ties within the tolerance may come out of tag order: report in submission order.
    std::sort(ids.begin(), ids.end());

    // Remove every finished job before calling anybody back, so that callbacks (which
    // may submit or cancel jobs) see a consistent CPU.
    Time now = Simulator::Now();
    std::vector<std::pair<Time, Callback<void>>> finished;
    finished.reserve(ids.size());
    for (uint64_t id : ids)
    {
        auto it = m_jobs.find(id);
        finished.emplace_back(now - it->second.submitted, it->second.done);
        Erase(it);
    }
    Reschedule();
    NotifyBusyCores();
    NS_LOG_INFO(ids.size() << " job(s) completed, " << m_jobs.size() << " still active");

    for (size_t i = 0; i < ids.size(); ++i)
    {
        m_completedTrace(ids[i], finished[i].first);
        if (!finished[i].second.IsNull())
        {
            finished[i].second();
        }
    }
}

void
ProcessorSharingCpu::Pause()
{
    NS_LOG_FUNCTION(this);
    if (m_paused)
    {
        return;
    }
    Advance();
    m_paused = true;
    Reschedule();
    NotifyBusyCores();
}

void
ProcessorSharingCpu::Resume()
{
    NS_LOG_FUNCTION(this);
    if (!m_paused)
    {
        return;
    }
    Advance();
    m_paused = false;
    Reschedule();
    NotifyBusyCores();
}

bool
ProcessorSharingCpu::IsPaused() const
{
    return m_paused;
}

void
ProcessorSharingCpu::StallCore()
{
    NS_LOG_FUNCTION(this);
    Advance();
    ++m_stalledCores;
    Reschedule();
    NotifyBusyCores();
}

void
ProcessorSharingCpu::UnstallCore()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_stalledCores == 0, "ProcessorSharingCpu::UnstallCore: no core is stalled");
    Advance();
    --m_stalledCores;
    Reschedule();
    NotifyBusyCores();
}

uint32_t
ProcessorSharingCpu::GetStalledCores() const
{
    return m_stalledCores;
}

void
ProcessorSharingCpu::SetSpeed(double speed)
{
    NS_LOG_FUNCTION(this << speed);
    NS_ABORT_MSG_IF(!(speed > 0) || !std::isfinite(speed),
                    "ProcessorSharingCpu::SetSpeed: speed " << speed << " must be > 0");
    Advance();
    m_speed = speed;
    Reschedule();
}

double
ProcessorSharingCpu::GetSpeed() const
{
    return m_speed;
}

void
ProcessorSharingCpu::SetCores(uint32_t cores)
{
    NS_LOG_FUNCTION(this << cores);
    NS_ABORT_MSG_IF(cores < 1, "ProcessorSharingCpu::SetCores: cores must be >= 1");
    Advance();
    m_cores = cores;
    Reschedule();
    NotifyBusyCores();
}

uint32_t
ProcessorSharingCpu::GetCores() const
{
    return m_cores;
}

uint32_t
ProcessorSharingCpu::GetActiveJobs() const
{
    return static_cast<uint32_t>(m_jobs.size());
}

double
ProcessorSharingCpu::GetRemainingWork(uint64_t id) const
{
    auto it = m_jobs.find(id);
    if (it == m_jobs.end())
    {
        return 0.0;
    }
    return std::max(0.0, it->second.finishTag - VirtualWorkNow());
}

uint32_t
ProcessorSharingCpu::GetBusyCores() const
{
    return static_cast<uint32_t>(std::min<size_t>(m_jobs.size(), RunningCores()));
}

void
ProcessorSharingCpu::NotifyBusyCores()
{
    uint32_t busy = GetBusyCores();
    if (busy != m_reportedBusy)
    {
        m_reportedBusy = busy;
        m_busyCoresTrace(busy);
    }
}

double
ProcessorSharingCpu::GetBusyCoreSeconds() const
{
    Time busy = m_busy;
    Time elapsed = Simulator::Now() - m_lastUpdate;
    if (!m_jobs.empty() && elapsed.IsStrictlyPositive())
    {
        busy += elapsed * static_cast<int64_t>(GetBusyCores());
    }
    return busy.GetSeconds();
}

} // namespace ns3
