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
#include <cmath>
#include <limits>
#include <numeric>

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
                          "the VM boots.  At most 1e10 (MAX_PAGE_WRITE_RATE): ten page writes "
                          "per ns, more stores than any core retires, so a larger value is an "
                          "input mistake.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DirtyPageModel::m_rate),
                          MakeDoubleChecker<double>(0.0, MAX_PAGE_WRITE_RATE))
            .AddAttribute("PageAccessRate",
                          "Mean number of page reads per second in the background (a Poisson "
                          "process, uniform over the working set), on top of PageWriteRate's "
                          "writes.  They change nothing in memory; a host that does not have "
                          "the page yet (a post-copy target) faults on them.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&DirtyPageModel::m_accessRate),
                          MakeDoubleChecker<double>(0.0, MAX_PAGE_WRITE_RATE))
            .AddAttribute("RequestAccessPages",
                          "Pages each request reads, drawn uniformly from the per-request hot "
                          "set (RequestHotSetPages), on top of the pages it writes.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&DirtyPageModel::m_requestAccessPages),
                          MakeUintegerChecker<uint32_t>())
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
                          MakeUintegerAccessor(&DirtyPageModel::SetRequestHotSetPages,
                                               &DirtyPageModel::GetRequestHotSetPages),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Distribution",
                          "How writes are spread over the working set.  Read when the VM boots.",
                          EnumValue(DirtyPageModel::UNIFORM),
                          MakeEnumAccessor(&DirtyPageModel::m_distribution),
                          MakeEnumChecker(DirtyPageModel::UNIFORM,
                                          "uniform",
                                          DirtyPageModel::HOT_COLD,
                                          "hot-cold"))
            .AddAttribute("HotFraction",
                          "With hot-cold writes, the share of the working set that is hot.  "
                          "Read when the VM boots.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&DirtyPageModel::m_hotFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("HotWriteFraction",
                          "With hot-cold writes, the share of writes that land in the hot part.  "
                          "Read when the VM boots.",
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
      m_accessRate(0.0),
      m_requestAccessPages(0),
      m_workingSetAttribute(0),
      m_workingSet(0),
      m_populated(0),
      m_stride(0),
      m_requestHotSet(0),
      m_distribution(UNIFORM),
      m_hotFraction(0.2),
      m_hotWriteFraction(0.8),
      m_interval(CreateObject<ExponentialRandomVariable>()),
      m_uniform(CreateObject<UniformRandomVariable>()),
      m_running(false),
      m_nextTransition(std::numeric_limits<double>::infinity()),
      m_accountedUntil(0),
      m_writes(0),
      m_dirtyPageWrites(0),
      m_draws(0)
{
    NS_LOG_FUNCTION(this);
}

void
DirtyPageModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_memory)
    {
        m_memory->SetWriterCallbacks(Callback<void>(), Callback<void>());
    }
    m_memory = nullptr;
    m_touched = AccessCallback();
    Object::DoDispose();
}

double
DirtyPageModel::Horizon()
{
    static const double horizon = Time::Max().GetSeconds();
    return horizon;
}

void
DirtyPageModel::Attach(Ptr<GuestMemory> memory)
{
    NS_LOG_FUNCTION(this << memory);
    if (m_memory)
    {
        Update(); // the writes so far went to the memory attached before
        m_memory->SetWriterCallbacks(Callback<void>(), Callback<void>());
    }
    m_memory = memory;
    // Fixed from now on, so that working-set indices keep standing for the same pages.
    m_populated = memory->GetPopulatedCount();
    m_workingSet =
        m_workingSetAttribute == 0 ? m_populated : std::min(m_workingSetAttribute, m_populated);
    m_stride = GoldenStride(m_workingSet);
    BuildParts();
    memory->SetWriterCallbacks(MakeCallback(&DirtyPageModel::BeforeLogChange, this),
                               MakeCallback(&DirtyPageModel::LogCleaned, this));
    if (m_running)
    {
        m_accountedUntil = Simulator::Now().GetSeconds();
        DrawNextTransition(m_accountedUntil);
    }
    NS_LOG_INFO("working set " << m_workingSet << " pages, " << m_rate << " writes/s");
}

void
DirtyPageModel::BuildParts()
{
    uint32_t hot = m_workingSet;
    double hotShare = 1;
    if (m_distribution == HOT_COLD && m_workingSet > 0)
    {
        auto hotPages = std::max<uint32_t>(1, static_cast<uint32_t>(m_hotFraction * m_workingSet));
        if (hotPages < m_workingSet)
        {
            hot = hotPages;
            hotShare = m_hotWriteFraction;
        }
    }
    m_parts[HOT] = Part{0, hot, 0, hotShare};
    m_parts[COLD] = Part{hot, m_workingSet - hot, 0, 1 - hotShare};
    m_parts[REQUEST] = Part{0, std::min(m_requestHotSet, m_workingSet), 0, 1};
    CountDirtyPages();
}

void
DirtyPageModel::BuildRequestPart()
{
    Part& request = m_parts[REQUEST];
    request = Part{0, std::min(m_requestHotSet, m_workingSet), 0, 1};
    for (uint32_t index = 0; index < request.size; ++index)
    {
        request.dirty += m_memory->IsDirty(WorkingSetPage(index)) ? 1 : 0;
    }
}

void
DirtyPageModel::CountDirtyPages()
{
    for (Part& part : m_parts)
    {
        part.dirty = 0;
    }
    for (uint32_t index = 0; index < m_workingSet; ++index)
    {
        if (m_memory->IsDirty(WorkingSetPage(index)))
        {
            for (Part& part : m_parts)
            {
                part.dirty += part.Contains(index) ? 1 : 0;
            }
        }
    }
}

void
DirtyPageModel::SetRequestHotSetPages(uint32_t pages)
{
    NS_LOG_FUNCTION(this << pages);
    m_requestHotSet = pages;
    if (m_memory)
    {
        BuildRequestPart(); // may change while the guest runs
    }
}

uint32_t
DirtyPageModel::GetRequestHotSetPages() const
{
    return m_requestHotSet;
}

DirtyPageModel::PartRange
DirtyPageModel::PoissonParts() const
{
    return {HOT, COLD + 1};
}

DirtyPageModel::PartRange
DirtyPageModel::RequestParts() const
{
    return m_requestHotSet == 0 ? PoissonParts() : PartRange{REQUEST, REQUEST + 1};
}

double
DirtyPageModel::CleanWeight(PartRange parts) const
{
    double weight = 0;
    for (int k = parts.first; k < parts.last; ++k)
    {
        weight += m_parts[k].CleanWeight();
    }
    return weight;
}

void
DirtyPageModel::DrawNextTransition(double from)
{
    // Each clean page is a Poisson process of its own; the first of them to fire
    // comes after an exponential time of the summed rate.
    double rate = m_rate * CleanWeight(PoissonParts());
    m_nextTransition = std::numeric_limits<double>::infinity();
    if (!(rate > 0))
    {
        return; // nothing clean, or no writes: only a CLEAN or a Resume changes that
    }
    ++m_draws;
    double interval = m_interval->GetValue(1.0, 0) / rate; // +inf if rate is subnormal
    if (interval < Horizon() - from)
    {
        m_nextTransition = from + interval;
    }
}

void
DirtyPageModel::AccountDirtyWrites(double until)
{
    if (until > m_accountedUntil)
    {
        double dirtyWeight = 0;
        for (int k = PoissonParts().first; k < PoissonParts().last; ++k)
        {
            dirtyWeight += m_parts[k].DirtyWeight();
        }
        m_dirtyPageWrites += m_rate * dirtyWeight * (until - m_accountedUntil);
        m_accountedUntil = until;
    }
}

void
DirtyPageModel::Resume()
{
    NS_LOG_FUNCTION(this);
    Update();
    if (m_running)
    {
        return;
    }
    m_running = true;
    // The writes are memoryless, so a fresh draw from now is exact.
    m_accountedUntil = Simulator::Now().GetSeconds();
    DrawNextTransition(m_accountedUntil);
}

void
DirtyPageModel::Pause()
{
    NS_LOG_FUNCTION(this);
    Update();
    m_running = false;
    m_nextTransition = std::numeric_limits<double>::infinity();
}

void
DirtyPageModel::Update()
{
    if (!m_running || !m_memory || m_workingSet == 0)
    {
        return;
    }
    double now = Simulator::Now().GetSeconds();
    uint64_t faults = m_memory->GetLogDirtyFaults();
    while (m_nextTransition <= now)
    {
        double at = m_nextTransition;
        AccountDirtyWrites(at);
        DirtyCleanPage(PoissonParts(), CleanWeight(PoissonParts()));
        ++m_writes;
        DrawNextTransition(at);
    }
    AccountDirtyWrites(now);
    ReportFaults(faults);
}

void
DirtyPageModel::WriteNow(uint32_t pages)
{
    NS_LOG_FUNCTION(this << pages);
    Update();
    // A paused guest runs nothing, so it cannot write either; without a working set
    // (no memory attached, or nothing populated) there is nowhere to write.
    if (!m_running || !m_memory || m_workingSet == 0)
    {
        return;
    }
    uint64_t faults = m_memory->GetLogDirtyFaults();
    PartRange parts = RequestParts();
    uint32_t left = pages;
    bool dirtied = false;
    while (left > 0)
    {
        // Each write finds a clean page with probability p, independently given the
        // pages dirty so far: the misses before the next hit are geometric.
        double p = CleanWeight(parts);
        uint32_t misses = DrawMisses(p, left);
        if (misses == left)
        {
            break; // the remaining writes all land on dirty pages: nothing to change
        }
        left -= misses + 1;
        DirtyCleanPage(parts, p);
        dirtied = true;
    }
    m_writes += pages;
    if (dirtied)
    {
        // Fewer clean pages: the rate of first writes dropped (memoryless: redraw).
        DrawNextTransition(Simulator::Now().GetSeconds());
    }
    ReportFaults(faults);
}

uint32_t
DirtyPageModel::DrawMisses(double p, uint32_t cap)
{
    if (p >= 1)
    {
        return 0;
    }
    if (!(p > 0))
    {
        return cap;
    }
    ++m_draws;
    // Inversion: P(misses >= n) = (1 - p)^n.
    double misses = std::floor(std::log(m_uniform->GetValue()) / std::log1p(-p));
    return misses >= cap ? cap : static_cast<uint32_t>(misses);
}

void
DirtyPageModel::DirtyCleanPage(PartRange parts, double cleanWeight)
{
    int chosen = parts.first;
    if (parts.last - parts.first > 1)
    {
        ++m_draws;
        double u = m_uniform->GetValue() * cleanWeight;
        for (int k = parts.first; k < parts.last; ++k)
        {
            double weight = m_parts[k].CleanWeight();
            if (weight > 0)
            {
                chosen = k; // the last part with clean pages takes what rounding leaves
                if (u < weight)
                {
                    break;
                }
                u -= weight;
            }
        }
    }
    WriteCleanPage(DrawCleanIndex(m_parts[chosen]));
}

uint32_t
DirtyPageModel::DrawCleanIndex(const Part& part)
{
    NS_ASSERT(part.dirty < part.size);
    // Uniform draws over the part until a clean page: size / clean draws on average,
    // and the result is uniform among the clean pages.  Missing a clean page in
    // 64 x size draws has probability below e^-64: the counts are wrong then.
    for (uint64_t tries = 0; tries < 64 * uint64_t{part.size}; ++tries)
    {
        ++m_draws;
        uint32_t index = part.begin + m_uniform->GetInteger(0, part.size - 1);
        if (!m_memory->IsDirty(WorkingSetPage(index)))
        {
            return index;
        }
    }
    NS_FATAL_ERROR("DirtyPageModel: no clean page among "
                   << part.size << " working-set pages counted with " << part.size - part.dirty
                   << " clean ones: something else wrote the guest's memory");
}

void
DirtyPageModel::WriteCleanPage(uint32_t index)
{
    m_memory->Write(WorkingSetPage(index));
    for (Part& part : m_parts)
    {
        part.dirty += part.Contains(index) ? 1 : 0;
    }
}

void
DirtyPageModel::BeforeLogChange()
{
    NS_LOG_FUNCTION(this);
    Update();
}

void
DirtyPageModel::LogCleaned()
{
    NS_LOG_FUNCTION(this);
    for (Part& part : m_parts)
    {
        part.dirty = 0;
    }
    if (m_running)
    {
        // More clean pages: the rate of first writes rose (memoryless: redraw).
        DrawNextTransition(Simulator::Now().GetSeconds());
    }
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
DirtyPageModel::WorkingSetPage(uint32_t index) const
{
    // The stride is coprime with the working set's size: a one-to-one scramble.
    return PositionPage(static_cast<uint32_t>(uint64_t{index} * m_stride % m_workingSet));
}

uint32_t
DirtyPageModel::PositionPage(uint32_t position) const
{
    // Spread the working set evenly over the populated pages (a prefix of memory).
    return static_cast<uint32_t>(static_cast<uint64_t>(position) * m_populated / m_workingSet);
}

uint32_t
DirtyPageModel::GoldenStride(uint32_t size)
{
    if (size <= 1)
    {
        return 0; // the one position is 0 whatever the stride
    }
    const double phi = (1 + std::sqrt(5.0)) / 2;
    auto stride = static_cast<uint32_t>(std::llround(size / phi));
    // Coprime integers are dense (the gap from one to the next is tiny next to size):
    // search outwards from the nearest.
    for (uint32_t offset = 0;; ++offset)
    {
        for (uint32_t candidate : {stride + offset, stride - offset})
        {
            if (candidate > 0 && candidate < size && std::gcd(candidate, size) == 1)
            {
                return candidate;
            }
        }
    }
}

uint64_t
DirtyPageModel::GetWriteCount() const
{
    const double limit = std::ldexp(1.0, 64);
    uint64_t max = std::numeric_limits<uint64_t>::max();
    uint64_t expected = m_dirtyPageWrites >= limit ? max : static_cast<uint64_t>(m_dirtyPageWrites);
    return expected > max - m_writes ? max : m_writes + expected;
}

uint64_t
DirtyPageModel::GetRandomDraws() const
{
    return m_draws;
}

double
DirtyPageModel::GetAccessRate() const
{
    return m_accessRate + m_rate;
}

uint32_t
DirtyPageModel::GetWorkingSetSize() const
{
    return m_workingSet;
}

uint32_t
DirtyPageModel::GetWorkingSetPage(uint32_t index) const
{
    return WorkingSetPage(index);
}

bool
DirtyPageModel::IsWorkingSetPage(uint32_t page) const
{
    if (m_workingSet == 0 || page >= m_populated)
    {
        return false;
    }
    // PositionPage(j) = floor(j P / W) with W <= P is increasing and one-to-one: the
    // only position that can hold the page is the smallest j with j P / W >= page.
    uint64_t position = (uint64_t{page} * m_workingSet + m_populated - 1) / m_populated;
    return position < m_workingSet && PositionPage(static_cast<uint32_t>(position)) == page;
}

void
DirtyPageModel::SetAccessCallback(AccessCallback touched)
{
    NS_LOG_FUNCTION(this);
    m_touched = touched;
}

bool
DirtyPageModel::AccessNow(uint32_t writes, Callback<void> done)
{
    NS_LOG_FUNCTION(this << writes);
    if (m_touched.IsNull() || !m_running || m_workingSet == 0)
    {
        return false;
    }
    uint32_t hotSet = m_requestHotSet == 0 ? m_workingSet : std::min(m_requestHotSet, m_workingSet);
    auto access = std::make_shared<PendingAccess>();
    access->pages.resize(uint64_t{m_requestAccessPages} + writes);
    for (uint32_t& page : access->pages)
    {
        ++m_draws;
        page = WorkingSetPage(m_uniform->GetInteger(0, hotSet - 1));
    }
    access->done = done;
    return TouchFromNext(access);
}

bool
DirtyPageModel::TouchFromNext(std::shared_ptr<PendingAccess> access)
{
    Callback<void> resume = MakeCallback(&DirtyPageModel::TouchResumed, this, access);
    while (access->next < access->pages.size() && !m_touched.IsNull())
    {
        uint32_t page = access->pages[access->next++];
        if (m_touched(page, resume))
        {
            return true;
        }
    }
    return false;
}

void
DirtyPageModel::TouchResumed(std::shared_ptr<PendingAccess> access)
{
    NS_LOG_FUNCTION(this);
    if (!TouchFromNext(access) && !access->done.IsNull())
    {
        access->done();
    }
}

uint32_t
DirtyPageModel::DrawWorkingSetIndex()
{
    ++m_draws;
    return m_uniform->GetInteger(0, m_workingSet - 1);
}

double
DirtyPageModel::DrawInterval(double rate)
{
    ++m_draws;
    return m_interval->GetValue(1.0, 0) / rate;
}

int64_t
DirtyPageModel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_interval->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    return 2;
}

} // namespace ns3
