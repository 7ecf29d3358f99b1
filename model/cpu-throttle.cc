/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cpu-throttle.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CpuThrottle");
NS_OBJECT_ENSURE_REGISTERED(CpuThrottle);

TypeId
CpuThrottle::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CpuThrottle")
                            .SetParent<Object>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<CpuThrottle>();
    return tid;
}

CpuThrottle::CpuThrottle()
{
    NS_LOG_FUNCTION(this);
}

void
CpuThrottle::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Simulator::Cancel(m_tick);
    Simulator::Cancel(m_wake);
    m_vm = nullptr;
    Object::DoDispose();
}

void
CpuThrottle::Attach(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    m_vm = vm;
}

bool
CpuThrottle::VmRuns() const
{
    VirtualMachine::State state = m_vm->GetState();
    return state == VirtualMachine::RUNNING || state == VirtualMachine::MIGRATING;
}

void
CpuThrottle::SetPercentage(uint32_t percent)
{
    NS_LOG_FUNCTION(this << percent);
    NS_ABORT_MSG_UNLESS(m_vm || percent == 0, "CpuThrottle: no VM attached");
    NS_ABORT_MSG_IF(percent > 99, "CpuThrottle: " << percent << " % (at most 99)");
    bool wasOn = m_percent > 0;
    m_percent = percent;
    if (percent == 0)
    {
        Simulator::Cancel(m_tick);
        if (m_sleeping)
        {
            Simulator::Cancel(m_wake);
            Wake();
        }
    }
    else if (!wasOn)
    {
        // cpu_throttle_set ticks the timer at once when the throttle was off; a change
        // of an active throttle acts from the next tick.
        Tick();
    }
}

uint32_t
CpuThrottle::GetPercentage() const
{
    return m_percent;
}

bool
CpuThrottle::IsSleeping() const
{
    return m_sleeping;
}

void
CpuThrottle::Tick()
{
    double pct = m_percent / 100.0;
    // cpu_throttle_thread: sleep throttle_ratio * timeslice (+1 ns against rounding);
    // cpu_throttle_timer_tick: the next tick after timeslice / (1 - pct).
    Time sleep = NanoSeconds(static_cast<int64_t>(pct / (1 - pct) * TIMESLICE_MS * 1e6 + 1));
    Time period = NanoSeconds(static_cast<int64_t>(TIMESLICE_MS * 1e6 / (1 - pct)));
    if (!m_sleeping && VmRuns())
    {
        m_sleeping = true;
        m_vm->GetDirtyPageModel()->Pause();
        m_vm->GetCpu()->Pause();
        m_wake = Simulator::Schedule(sleep, &CpuThrottle::Wake, this);
    }
    m_tick = Simulator::Schedule(std::max(period, sleep), &CpuThrottle::Tick, this);
}

void
CpuThrottle::Wake()
{
    m_sleeping = false;
    if (VmRuns())
    {
        m_vm->GetDirtyPageModel()->Resume();
        m_vm->GetCpu()->Resume();
    }
}

} // namespace ns3
