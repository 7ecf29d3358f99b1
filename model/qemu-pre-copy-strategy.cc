/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "qemu-pre-copy-strategy.h"

#include "migration-stream.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <bitset>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("QemuPreCopyStrategy");
NS_OBJECT_ENSURE_REGISTERED(QemuPreCopyStrategy);

namespace
{
/// BUFFER_DELAY (migration/migration.c): the bandwidth is measured over >= 100 ms.
constexpr int64_t BUFFER_DELAY_MS = 100;
/// migration_bitmap_sync evaluates auto-converge over periods longer than 1000 ms.
constexpr int64_t SYNC_PERIOD_MS = 1000;
/// dirty_rate_high_cnt that triggers a throttle step (migration_trigger_throttle).
constexpr uint32_t DIRTY_RATE_HIGH_COUNT = 2;
/// CACHED_PAGE_LIFETIME (migration/page_cache.c): syncs a cached page is kept from
/// being replaced by another that maps to the same entry.
constexpr uint64_t CACHED_PAGE_LIFETIME = 2;
/// The changed run is taken not to start the page: its leading zero run is >= 128
/// bytes, whose ULEB128 length takes 2 bytes (uleb128_encode_small: < 16384).
constexpr uint32_t LEADING_ZERO_RUN_BYTES = 128;
} // namespace

TypeId
QemuPreCopyStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::QemuPreCopyStrategy")
            .SetParent<MigrationStrategy>()
            .SetGroupName("VmMigration")
            .AddConstructor<QemuPreCopyStrategy>()
            .AddAttribute("DowntimeLimit",
                          "The VM is suspended once the pages left can be sent in this time at "
                          "the measured bandwidth (downtime-limit; QEMU 7.2 migration.c "
                          "DEFAULT_MIGRATE_SET_DOWNTIME, 300 ms); 0: once every page is sent.",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&QemuPreCopyStrategy::m_downtimeLimit),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxBandwidth",
                          "Most stream bytes per second handed to TCP (max-bandwidth; QEMU 7.2 "
                          "migration.c MAX_THROTTLE, 128 MiB/s); 0: no limit.",
                          UintegerValue(uint64_t{128} << 20),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_maxBandwidth),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("AutoConverge",
                          "Throttle the guest's vCPUs when it dirties memory faster than it is "
                          "sent (the auto-converge capability; off by default in QEMU 7.2).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&QemuPreCopyStrategy::m_autoConverge),
                          MakeBooleanChecker())
            .AddAttribute("CpuThrottleInitial",
                          "First throttle step, percent (cpu-throttle-initial; QEMU 7.2 "
                          "migration.c DEFAULT_MIGRATE_CPU_THROTTLE_INITIAL, 20).",
                          UintegerValue(20),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_throttleInitial),
                          MakeUintegerChecker<uint32_t>(1, 99))
            .AddAttribute("CpuThrottleIncrement",
                          "Throttle added at each later step, percent (cpu-throttle-increment; "
                          "QEMU 7.2 migration.c DEFAULT_MIGRATE_CPU_THROTTLE_INCREMENT, 10).",
                          UintegerValue(10),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_throttleIncrement),
                          MakeUintegerChecker<uint32_t>(1, 99))
            .AddAttribute("MaxCpuThrottle",
                          "Largest throttle, percent (max-cpu-throttle; QEMU 7.2 migration.c "
                          "DEFAULT_MIGRATE_MAX_CPU_THROTTLE, 99).",
                          UintegerValue(99),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_throttleMax),
                          MakeUintegerChecker<uint32_t>(1, 99))
            .AddAttribute("ThrottleTriggerThreshold",
                          "A sync period counts towards a throttle step when the guest dirtied "
                          "more than this percentage of the bytes sent in it "
                          "(throttle-trigger-threshold; QEMU 7.2 migration.c "
                          "DEFAULT_MIGRATE_THROTTLE_TRIGGER_THRESHOLD, 50).",
                          UintegerValue(50),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_triggerThreshold),
                          MakeUintegerChecker<uint32_t>(1, 100))
            .AddAttribute("Xbzrle",
                          "Send pages found in the XBZRLE cache as deltas (the xbzrle "
                          "capability; off by default in QEMU 7.2).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&QemuPreCopyStrategy::m_xbzrle),
                          MakeBooleanChecker())
            .AddAttribute("XbzrleCacheSize",
                          "Bytes of the XBZRLE page cache; it holds the largest power of two "
                          "of pages that fits (xbzrle-cache-size; QEMU 7.2 migration.c "
                          "DEFAULT_MIGRATE_XBZRLE_CACHE_SIZE, 64 MiB).",
                          UintegerValue(uint64_t{64} << 20),
                          MakeUintegerAccessor(&QemuPreCopyStrategy::m_cacheSize),
                          MakeUintegerChecker<uint64_t>(GuestMemory::PAGE_SIZE))
            .AddAttribute(
                "XbzrleWriteSize",
                "Bytes of a page that differ from its cached copy when it is sent "
                "again: one run, not at the page's start (assumed: one 64-byte "
                "cache line, the unit a CPU writes back).",
                UintegerValue(64),
                MakeUintegerAccessor(&QemuPreCopyStrategy::m_writeSize),
                MakeUintegerChecker<uint32_t>(1, GuestMemory::PAGE_SIZE - LEADING_ZERO_RUN_BYTES))
            .AddTraceSource("CpuThrottle",
                            "The guest's vCPU throttle, percent (auto-converge).",
                            MakeTraceSourceAccessor(&QemuPreCopyStrategy::m_throttleTrace),
                            "ns3::QemuPreCopyStrategy::ThrottleTracedCallback");
    return tid;
}

QemuPreCopyStrategy::QemuPreCopyStrategy()
    : m_throttle(CreateObject<CpuThrottle>())
{
    NS_LOG_FUNCTION(this);
}

void
QemuPreCopyStrategy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_throttle)
    {
        m_throttle->Dispose();
    }
    m_throttle = nullptr;
    MigrationStrategy::DoDispose();
}

std::string
QemuPreCopyStrategy::GetName() const
{
    return "qemu-pre-copy";
}

bool
QemuPreCopyStrategy::IsLive() const
{
    return true;
}

void
QemuPreCopyStrategy::SetVirtualMachine(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    MigrationStrategy::SetVirtualMachine(vm);
    m_throttle->Attach(vm);
}

uint64_t
QemuPreCopyStrategy::GetMaxBandwidth() const
{
    return m_maxBandwidth;
}

uint16_t
QemuPreCopyStrategy::XbzrleDeltaBytes(uint32_t writeBytes)
{
    // xbzrle_encode_buffer: ULEB128 of the zero run (2 bytes, >= 128), ULEB128 of the
    // changed run (1 byte below 128), the changed bytes; the last zero run is not sent.
    return static_cast<uint16_t>(2 + (writeBytes < 128 ? 1 : 2) + writeBytes);
}

void
QemuPreCopyStrategy::Start(Ptr<GuestMemory> memory)
{
    NS_LOG_FUNCTION(this << memory);
    MigrationStrategy::Start(memory);
    m_windowStart = Simulator::Now();
    m_periodStart = Simulator::Now();
    if (m_xbzrle)
    {
        // cache_init: pow2floor(size / page size) entries; more entries than the next
        // power of two above the VM's pages would never be used.
        uint64_t entries = 1;
        while (entries * 2 <= m_cacheSize / GuestMemory::PAGE_SIZE &&
               entries < memory->GetPageCount())
        {
            entries *= 2;
        }
        m_cache.assign(entries, CacheEntry());
    }
}

void
QemuPreCopyStrategy::NotifyBytesSent(uint64_t bytes)
{
    m_bytes = bytes;
    Time now = Simulator::Now();
    if (now - m_windowStart < MilliSeconds(BUFFER_DELAY_MS))
    {
        return;
    }
    // migration_update_counters: bandwidth in bytes/ms times downtime_limit in ms.
    double ms = (now - m_windowStart).GetSeconds() * 1e3;
    double bandwidth = (bytes - m_windowBytes) / ms;
    m_threshold = bandwidth * m_downtimeLimit.GetSeconds() * 1e3;
    m_windowStart = now;
    m_windowBytes = bytes;
}

void
QemuPreCopyStrategy::BeginRound(uint32_t round, bool final)
{
    NS_LOG_FUNCTION(this << round << final);
    m_final = final;
    m_next = 0;
    m_skipped = 0;
    if (round == 1 && !final)
    {
        // ram_init_bitmaps: every page is dirty at the start.
        m_memory->SetAllPages(m_toSend);
        m_remaining = m_memory->GetPageCount();
    }
    else if (final)
    {
        // ram_save_complete: the throttle no longer matters to a paused guest and must
        // not follow it to the target; the last sync adds what it wrote since.
        m_throttle->SetPercentage(0);
        m_throttleTrace = 0;
        SyncBitmap();
    }
}

void
QemuPreCopyStrategy::NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages)
{
    pages.clear();
    uint32_t count = m_memory->GetPageCount();
    bool batchIsDelta = false;
    while (pages.size() < maxPages && m_next < count)
    {
        // ram_save_pending: with less left than the threshold, the round ends (a sync).
        if (!m_final && m_threshold > static_cast<double>(m_remaining) * GuestMemory::PAGE_SIZE)
        {
            m_next = count;
            break;
        }
        if ((m_next & 63) == 0 && m_toSend[m_next >> 6] == 0)
        {
            m_next += 64; // nothing due in this word
            continue;
        }
        uint32_t page = m_next;
        if (!GuestMemory::TestBit(m_toSend, page))
        {
            ++m_next;
            continue;
        }
        bool hit = m_xbzrleEnabled && m_memory->IsPopulated(page) &&
                   m_cache[page & (m_cache.size() - 1)].page == page;
        if (!pages.empty() && hit != batchIsDelta)
        {
            break; // a batch holds deltas only or none (MigrationStream's XBZRLE batch)
        }
        batchIsDelta = hit;
        ++m_next;
        m_toSend[page >> 6] &= ~(uint64_t{1} << (page & 63));
        --m_remaining;
        m_batchDelta = Encode(page);
        pages.push_back(page);
    }
}

uint16_t
QemuPreCopyStrategy::Encode(uint32_t page)
{
    if (!m_memory->IsPopulated(page))
    {
        ++m_zeroPages; // save_zero_page: a marker, no data
        return 0;
    }
    if (!m_xbzrleEnabled)
    {
        ++m_normalPages;
        return 0;
    }
    CacheEntry& entry = m_cache[page & (m_cache.size() - 1)];
    if (entry.page == page)
    {
        // cache_is_cached refreshes the entry's age on a hit.
        entry.age = m_syncCount;
        uint16_t delta = XbzrleDeltaBytes(m_writeSize);
        ++m_xbzrlePages;
        m_xbzrleBytes += MigrationStream::XBZRLE_HEADER_BYTES + delta;
        return delta;
    }
    ++m_cacheMisses;
    // save_xbzrle_page: a missed page enters the cache unless this is the last stage
    // or its entry holds another page younger than CACHED_PAGE_LIFETIME syncs
    // (cache_insert); it goes whole either way.
    if (!m_final && (entry.page == UINT32_MAX || entry.age + CACHED_PAGE_LIFETIME <= m_syncCount))
    {
        entry.page = page;
        entry.age = m_syncCount;
    }
    ++m_normalPages;
    return 0;
}

uint16_t
QemuPreCopyStrategy::GetEncodedBytes(uint32_t /* page */) const
{
    return m_batchDelta;
}

void
QemuPreCopyStrategy::SyncBitmap()
{
    NS_LOG_FUNCTION(this);
    std::vector<uint64_t> dirty;
    m_memory->CleanDirtyLog(dirty);
    uint64_t fresh = 0;
    for (size_t i = 0; i < dirty.size() && i < m_toSend.size(); ++i)
    {
        fresh += std::bitset<64>(dirty[i] & ~m_toSend[i]).count();
        m_toSend[i] |= dirty[i];
    }
    m_remaining += fresh;
    m_periodDirtyPages += fresh;
    ++m_syncCount;
    Time now = Simulator::Now();
    if (!m_final && now > m_periodStart + MilliSeconds(SYNC_PERIOD_MS))
    {
        TriggerThrottle();
        m_periodStart = now;
        m_periodDirtyPages = 0;
        m_periodBytes = m_bytes;
    }
}

void
QemuPreCopyStrategy::TriggerThrottle()
{
    uint64_t bytesXfer = m_bytes - m_periodBytes;
    uint64_t bytesDirty = m_periodDirtyPages * GuestMemory::PAGE_SIZE;
    uint64_t threshold = bytesXfer * m_triggerThreshold / 100;
    NS_LOG_INFO("sync period: dirtied " << bytesDirty << " B, sent " << bytesXfer << " B");
    if (!m_autoConverge || bytesDirty <= threshold ||
        ++m_dirtyRateHighCount < DIRTY_RATE_HIGH_COUNT)
    {
        return;
    }
    m_dirtyRateHighCount = 0;
    // mig_throttle_guest_down (cpu-throttle-tailslow off, QEMU's default).
    uint32_t now = m_throttle->GetPercentage();
    uint32_t next =
        now == 0 ? m_throttleInitial : std::min(now + m_throttleIncrement, m_throttleMax);
    NS_LOG_INFO("auto-converge: throttle " << now << " % -> " << next << " %");
    m_throttle->SetPercentage(next);
    m_throttleTrace = next;
}

MigrationStrategy::NextStep
QemuPreCopyStrategy::EndRound(const MigrationRoundRecord& round, uint64_t totalPagesSent)
{
    NS_LOG_FUNCTION(this << totalPagesSent);
    if (m_final)
    {
        return DONE;
    }
    if (round.round == 1)
    {
        m_xbzrleEnabled = m_xbzrle; // find_dirty_block: after the first round
    }
    double page = GuestMemory::PAGE_SIZE;
    if (m_threshold > m_remaining * page)
    {
        SyncBitmap(); // ram_save_pending
    }
    double pending = m_remaining * page;
    NS_LOG_INFO("round " << round.round << ": sent " << round.pagesSent << ", pending " << pending
                         << " B, threshold " << m_threshold << " B");
    // migration_iteration_run: iterate while pending_size && pending_size >= threshold.
    return pending > 0 && pending >= m_threshold ? LIVE_ROUND : FINAL_ROUND;
}

void
QemuPreCopyStrategy::Cancel()
{
    NS_LOG_FUNCTION(this);
    // migrate_fd_cleanup stops the throttle (cpu_throttle_stop) of a failed migration.
    m_throttle->SetPercentage(0);
    m_throttleTrace = 0;
}

uint64_t
QemuPreCopyStrategy::GetXbzrlePages() const
{
    return m_xbzrlePages;
}

uint64_t
QemuPreCopyStrategy::GetXbzrleBytes() const
{
    return m_xbzrleBytes;
}

uint64_t
QemuPreCopyStrategy::GetXbzrleCacheMisses() const
{
    return m_cacheMisses;
}

uint64_t
QemuPreCopyStrategy::GetZeroPages() const
{
    return m_zeroPages;
}

uint64_t
QemuPreCopyStrategy::GetNormalPages() const
{
    return m_normalPages;
}

double
QemuPreCopyStrategy::GetThresholdBytes() const
{
    return m_threshold;
}

} // namespace ns3
