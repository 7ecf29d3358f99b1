/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dirty-page-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DirtyPageModel");
NS_OBJECT_ENSURE_REGISTERED(DirtyPageModel);

TypeId
DirtyPageModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DirtyPageModel")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<DirtyPageModel>()
            .AddAttribute("PageWriteRate",
                          "Mean number of page writes per second (a Poisson process); read when "
                          "the VM boots.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DirtyPageModel::m_rate),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("WorkingSetPages",
                          "Pages of the writable working set, spread evenly over the populated "
                          "memory; 0 means every populated page.  Read when the VM boots.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DirtyPageModel::m_workingSetAttribute),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RequestHotSetPages",
                          "Pages of the working set (its first ones) that per-request writes "
                          "(WriteNow) land on, uniformly; 0: the whole working set, drawn as "
                          "the Poisson writes are.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DirtyPageModel::m_requestHotSet),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Distribution",
                          "How writes are spread over the working set.",
                          EnumValue(DirtyPageModel::UNIFORM),
                          MakeEnumAccessor(&DirtyPageModel::m_distribution),
                          MakeEnumChecker(DirtyPageModel::UNIFORM,
                                          "uniform",
                                          DirtyPageModel::HOT_COLD,
                                          "hot-cold"))
            .AddAttribute("HotFraction",
                          "With hot-cold writes, the share of the working set that is hot.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&DirtyPageModel::m_hotFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("HotWriteFraction",
                          "With hot-cold writes, the share of writes that land in the hot part.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&DirtyPageModel::m_hotWriteFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("LogDirtyFaults",
                            "Log-dirty write faults caused by a batch of writes just applied "
                            "(only when there were some).",
                            MakeTraceSourceAccessor(&DirtyPageModel::m_faultsTrace),
                            "ns3::DirtyPageModel::LogDirtyFaultsTracedCallback");
    return tid;
}

DirtyPageModel::DirtyPageModel()
    : m_rate(0.0),
      m_workingSetAttribute(0),
      m_workingSet(0),
      m_requestHotSet(0),
      m_distribution(UNIFORM),
      m_hotFraction(0.2),
      m_hotWriteFraction(0.8),
      m_interval(CreateObject<ExponentialRandomVariable>()),
      m_uniform(CreateObject<UniformRandomVariable>()),
      m_running(false),
      m_writes(0)
{
}

void
DirtyPageModel::DoDispose()
{
    m_memory = nullptr;
    Object::DoDispose();
}

void
DirtyPageModel::Attach(Ptr<GuestMemory> memory)
{
    m_memory = memory;
    uint32_t populated = memory->GetPopulatedCount();
    m_workingSet =
        m_workingSetAttribute == 0 ? populated : std::min(m_workingSetAttribute, populated);
    NS_LOG_INFO("working set " << m_workingSet << " pages, " << m_rate << " writes/s");
}

void
DirtyPageModel::ScheduleNextWrite(Time after)
{
    m_nextWrite = after + Seconds(m_interval->GetValue(1.0 / m_rate, 0));
}

void
DirtyPageModel::Resume()
{
    Update();
    if (m_running)
    {
        return;
    }
    m_running = true;
    if (m_rate > 0 && m_workingSet > 0)
    {
        // Inter-write times are memoryless, so a fresh draw from now is exact.
        ScheduleNextWrite(Simulator::Now());
    }
}

void
DirtyPageModel::Pause()
{
    Update();
    m_running = false;
}

void
DirtyPageModel::Update()
{
    if (!m_running || m_rate <= 0 || m_workingSet == 0)
    {
        return;
    }
    Time now = Simulator::Now();
    uint64_t faults = m_memory->GetLogDirtyFaults();
    while (m_nextWrite <= now)
    {
        m_memory->Write(DrawPage());
        ++m_writes;
        ScheduleNextWrite(m_nextWrite);
    }
    ReportFaults(faults);
}

void
DirtyPageModel::WriteNow(uint32_t pages)
{
    Update();
    // A paused guest runs nothing, so it cannot write either; without a working set
    // (no memory attached, or nothing populated) there is nowhere to write.
    if (!m_running || m_workingSet == 0)
    {
        return;
    }
    uint64_t faults = m_memory->GetLogDirtyFaults();
    for (uint32_t i = 0; i < pages; ++i)
    {
        m_memory->Write(DrawRequestPage());
        ++m_writes;
    }
    ReportFaults(faults);
}

void
DirtyPageModel::ReportFaults(uint64_t before)
{
    uint64_t faults = m_memory->GetLogDirtyFaults() - before;
    if (faults > 0)
    {
        // A batch faults at most once per page, and a VM has fewer than 2^32 pages.
        m_faultsTrace(static_cast<uint32_t>(faults));
    }
}

uint32_t
DirtyPageModel::DrawRequestPage()
{
    if (m_requestHotSet == 0)
    {
        return DrawPage(); // no hot set of its own: as the Poisson writes
    }
    uint32_t hot = std::min(m_requestHotSet, m_workingSet);
    return WorkingSetPage(m_uniform->GetInteger(0, hot - 1));
}

uint32_t
DirtyPageModel::DrawPage()
{
    uint32_t index;
    if (m_distribution == HOT_COLD)
    {
        uint32_t hot = std::max<uint32_t>(1, static_cast<uint32_t>(m_hotFraction * m_workingSet));
        bool toHot = hot >= m_workingSet || m_uniform->GetValue() < m_hotWriteFraction;
        index = toHot ? m_uniform->GetInteger(0, hot - 1)
                      : m_uniform->GetInteger(hot, m_workingSet - 1);
    }
    else
    {
        index = m_uniform->GetInteger(0, m_workingSet - 1);
    }
    return WorkingSetPage(index);
}

uint32_t
DirtyPageModel::WorkingSetPage(uint32_t index) const
{
    // Spread the working set evenly over the populated pages (a prefix of memory).
    return static_cast<uint32_t>(static_cast<uint64_t>(index) * m_memory->GetPopulatedCount() /
                                 m_workingSet);
}

uint64_t
DirtyPageModel::GetWriteCount() const
{
    return m_writes;
}

int64_t
DirtyPageModel::AssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    return 2;
}

} // namespace ns3
