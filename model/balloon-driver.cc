/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "balloon-driver.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BalloonDriver");

NS_OBJECT_ENSURE_REGISTERED(BalloonDriver);

namespace
{
/**
 * @param mib a size in MiB
 * @return it in 4 KiB pages (xen-selfballoon.c's MB2PAGES), rounded down
 */
uint64_t
MibToPages(double mib)
{
    return static_cast<uint64_t>(std::floor(mib * GuestMemory::PAGES_PER_MIB));
}
} // namespace

TypeId
BalloonDriver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::BalloonDriver")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<BalloonDriver>()
            .AddAttribute("TargetMiB",
                          "Directed ballooning: the memory dom0 gives the guest at boot "
                          "(memory/target, as xm mem-set sets it); 0: no target",
                          DoubleValue(0),
                          MakeDoubleAccessor(&BalloonDriver::m_targetMiB),
                          MakeDoubleChecker<double>(0, 8.0 * 1024 * 1024))
            .AddAttribute("SelfBallooning",
                          "Whether the guest balloons itself towards its committed memory "
                          "(Linux's xen-selfballoon driver)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&BalloonDriver::m_selfBallooning),
                          MakeBooleanChecker())
            .AddAttribute("Interval",
                          "Time between two self-ballooning steps (xen-selfballoon.c: "
                          "selfballoon_interval, 5 s)",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&BalloonDriver::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DownHysteresis",
                          "A step gives the balloon 1/DownHysteresis of the memory above "
                          "the goal (xen-selfballoon.c: selfballoon_downhysteresis, 8)",
                          UintegerValue(8),
                          MakeUintegerAccessor(&BalloonDriver::m_downHysteresis),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("UpHysteresis",
                          "A step takes back 1/UpHysteresis of the memory below the goal "
                          "(xen-selfballoon.c: selfballoon_uphysteresis, 1)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&BalloonDriver::m_upHysteresis),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "MinUsableMiB",
                "The least memory self-ballooning leaves the guest (MiB); 0: "
                "xen-selfballoon.c's piecewise linear floor (selfballoon_min_usable_mb, 0)",
                DoubleValue(0),
                MakeDoubleAccessor(&BalloonDriver::m_minUsableMiB),
                MakeDoubleChecker<double>(0, 8.0 * 1024 * 1024))
            .AddAttribute("ReservedMiB",
                          "Memory added to the self-ballooning goal (MiB; xen-selfballoon.c: "
                          "selfballoon_reserved_mb, 0)",
                          DoubleValue(0),
                          MakeDoubleAccessor(&BalloonDriver::m_reservedMiB),
                          MakeDoubleChecker<double>(0, 8.0 * 1024 * 1024))
            .AddAttribute("CommittedMiB",
                          "The guest's committed memory, the self-ballooning goal "
                          "(Committed_AS, MiB); 0: the write model's working set",
                          DoubleValue(0),
                          MakeDoubleAccessor(&BalloonDriver::m_committedMiB),
                          MakeDoubleChecker<double>(0, 8.0 * 1024 * 1024))
            .AddTraceSource("BalloonPages",
                            "The pages the balloon holds",
                            MakeTraceSourceAccessor(&BalloonDriver::m_balloonPages),
                            "ns3::BalloonDriver::BalloonPagesTracedCallback");
    return tid;
}

BalloonDriver::BalloonDriver()
    : m_targetMiB(0),
      m_selfBallooning(false),
      m_downHysteresis(8),
      m_upHysteresis(1),
      m_minUsableMiB(0),
      m_reservedMiB(0),
      m_committedMiB(0),
      m_balloonPages(0)
{
    NS_LOG_FUNCTION(this);
}

void
BalloonDriver::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_step.Cancel();
    m_memory = nullptr;
    m_writes = nullptr;
    Object::DoDispose();
}

void
BalloonDriver::Start(Ptr<GuestMemory> memory, Ptr<DirtyPageModel> writes)
{
    NS_LOG_FUNCTION(this << memory << writes);
    m_memory = memory;
    m_writes = writes;
    m_taken.clear();
    m_cursor = memory->GetPageCount();
    m_running = true;
    if (m_targetMiB > 0)
    {
        SetTargetMiB(m_targetMiB);
    }
    if (m_selfBallooning)
    {
        m_step = Simulator::Schedule(m_interval, &BalloonDriver::SelfBalloonStep, this);
    }
}

void
BalloonDriver::SetTargetMiB(double mib)
{
    NS_LOG_FUNCTION(this << mib);
    NS_ABORT_MSG_UNLESS(m_memory, "BalloonDriver: the guest has not booted");
    uint64_t pages = MibToPages(mib);
    uint32_t wanted =
        mib == 0
            ? m_memory->GetPopulatedCount() + GetBalloonPages()
            : static_cast<uint32_t>(
                  std::min<uint64_t>(pages, m_memory->GetPopulatedCount() + GetBalloonPages()));
    Request(wanted);
}

void
BalloonDriver::Request(uint32_t populated)
{
    if (m_running)
    {
        MoveTo(populated);
    }
    else
    {
        m_pending = true;
        m_pendingPages = populated;
    }
}

void
BalloonDriver::SetRunning(bool running)
{
    NS_LOG_FUNCTION(this << running);
    m_running = running;
    if (running && m_pending)
    {
        ApplyPending();
    }
}

void
BalloonDriver::ApplyPending()
{
    m_pending = false;
    MoveTo(m_pendingPages);
}

uint32_t
BalloonDriver::GetBalloonPages() const
{
    return m_balloonPages;
}

uint32_t
BalloonDriver::GetSelfBalloonFloor(uint32_t pageCount)
{
    // xen-selfballoon.c, selfballoon_process, with totalreserve_pages 0: "piecewise
    // linear function ending in ~3% slope" of the useful pages (max_pfn).
    uint64_t useful = pageCount;
    uint64_t floor;
    if (useful < MibToPages(16))
    {
        floor = useful; // not worth ballooning
    }
    else if (useful < MibToPages(64))
    {
        floor = MibToPages(16) + ((useful - MibToPages(16)) >> 1);
    }
    else if (useful < MibToPages(512))
    {
        floor = MibToPages(40) + ((useful - MibToPages(40)) >> 3);
    }
    else
    {
        floor = MibToPages(99) + ((useful - MibToPages(99)) >> 5);
    }
    return static_cast<uint32_t>(floor);
}

void
BalloonDriver::SelfBalloonStep()
{
    NS_LOG_FUNCTION(this);
    m_step = Simulator::Schedule(m_interval, &BalloonDriver::SelfBalloonStep, this);
    uint64_t current = m_memory->GetPopulatedCount();
    uint64_t committed =
        m_committedMiB > 0 ? MibToPages(m_committedMiB) : uint64_t{m_writes->GetWorkingSetSize()};
    uint64_t goal = committed + MibToPages(m_reservedMiB);
    uint64_t target = current;
    if (current > goal)
    {
        target = current - (current - goal) / m_downHysteresis;
    }
    else if (current < goal)
    {
        target = current + (goal - current) / m_upHysteresis;
    }
    uint64_t floor = m_minUsableMiB > 0 ? MibToPages(m_minUsableMiB)
                                        : GetSelfBalloonFloor(m_memory->GetPageCount());
    target = std::max(target, floor);
    target = std::min<uint64_t>(target, current + GetBalloonPages()); // what it can give back
    Request(static_cast<uint32_t>(target));
}

void
BalloonDriver::MoveTo(uint32_t populated)
{
    NS_LOG_FUNCTION(this << populated);
    // Inflate: free pages from the top down, never a working-set page.
    while (m_memory->GetPopulatedCount() > populated && m_cursor > 0)
    {
        uint32_t page = --m_cursor;
        if (m_memory->IsPopulated(page) && !m_writes->IsWorkingSetPage(page))
        {
            m_memory->SetPopulated(page, false);
            m_taken.push_back(page);
        }
    }
    // Deflate: the pages taken last come back first.
    while (m_memory->GetPopulatedCount() < populated && !m_taken.empty())
    {
        uint32_t page = m_taken.back();
        m_taken.pop_back();
        m_memory->SetPopulated(page, true);
        m_cursor = page + 1;
    }
    m_balloonPages = static_cast<uint32_t>(m_taken.size());
    NS_LOG_INFO("balloon " << m_taken.size() << " pages, guest " << m_memory->GetPopulatedCount()
                           << " populated (target " << populated << ")");
}

} // namespace ns3
