/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef QEMU_PRE_COPY_STRATEGY_H
#define QEMU_PRE_COPY_STRATEGY_H

#include "cpu-throttle.h"
#include "migration-strategy.h"

#include "ns3/nstime.h"
#include "ns3/traced-value.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Live migration as QEMU 7.2 (Debian 12's) does it: migration/ram.c and
 *        migration/migration.c, defaults from migration.c.
 *
 * Round 1 sends every page (the migration bitmap starts full).  A round sends the pages
 * of the bitmap in order, without Xen's skipping of pages dirty again.  Every 100 ms
 * (BUFFER_DELAY) of sending, the bandwidth is measured as the stream bytes handed to
 * TCP over the time (migration_update_counters) and the threshold set to bandwidth x
 * DowntimeLimit.  As soon as the pages left in the bitmap are fewer bytes than the
 * threshold (ram_save_pending), the dirty log is read and cleaned into the bitmap
 * (migration_bitmap_sync) and the round ends; if the bitmap then still holds the
 * threshold or more, another round follows, otherwise the VM is suspended and the
 * final round sends the bitmap and what the guest wrote since (ram_save_complete).
 * Nothing else ends the live phase: a guest that writes faster than the link carries
 * is migrated only with AutoConverge.  The stream is rate-limited to MaxBandwidth.
 *
 * AutoConverge (migration_trigger_throttle, mig_throttle_guest_down): at a sync at
 * least 1 s after the last evaluated one, if the guest dirtied more than
 * ThrottleTriggerThreshold percent of the bytes sent in that period, a counter goes
 * up; when it reaches 2 it is reset and the guest is throttled (CpuThrottle):
 * CpuThrottleInitial percent the first time, then CpuThrottleIncrement more each time,
 * up to MaxCpuThrottle.
 *
 * Xbzrle (save_xbzrle_page; page_cache.c): from round 2 on, a page sent whole enters
 * a direct-mapped cache of XbzrleCacheSize bytes (a power of two of pages); a page
 * found there is sent as a delta against the cached copy.  The guest's writes to a
 * page between two sends are taken as one run of XbzrleWriteSize changed bytes, not
 * at the start of the page; its encoding (xbzrle_encode_buffer) is the preceding zero
 * run's length (ULEB128, 2 bytes), the run's length (ULEB128) and the run.  Pages
 * never populated go as markers without data, as QEMU sends zero pages.
 */
class QemuPreCopyStrategy : public MigrationStrategy
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    QemuPreCopyStrategy();

    std::string GetName() const override;
    bool IsLive() const override;
    void SetVirtualMachine(Ptr<VirtualMachine> vm) override;
    uint64_t GetMaxBandwidth() const override;
    void NotifyBytesSent(uint64_t bytes) override;
    uint16_t GetEncodedBytes(uint32_t page) const override;
    void Start(Ptr<GuestMemory> memory) override;
    void BeginRound(uint32_t round, bool final) override;
    void NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages) override;
    NextStep EndRound(const MigrationRoundRecord& round, uint64_t totalPagesSent) override;
    void Cancel() override;

    /**
     * @param writeBytes bytes of a page changed since it was cached (one run, not at
     *        the page's start)
     * @return the bytes of its XBZRLE encoding (xbzrle_encode_buffer)
     */
    static uint16_t XbzrleDeltaBytes(uint32_t writeBytes);

    /// @return the pages sent as XBZRLE deltas
    uint64_t GetXbzrlePages() const;
    /// @return their bytes after the 8-byte page header: encoding flag, length, delta
    ///         (QEMU's xbzrle_counters.bytes)
    uint64_t GetXbzrleBytes() const;
    /// @return the XBZRLE cache misses (xbzrle_counters.cache_miss)
    uint64_t GetXbzrleCacheMisses() const;
    /// @return the pages sent as markers without data (never populated)
    uint64_t GetZeroPages() const;
    /// @return the pages sent whole
    uint64_t GetNormalPages() const;
    /// @return the threshold of the last bandwidth measurement, bytes
    double GetThresholdBytes() const;

    /**
     * TracedCallback signature for throttle changes.
     * @param [in] oldPercent the throttle before
     * @param [in] newPercent the throttle now
     */
    typedef void (*ThrottleTracedCallback)(uint32_t oldPercent, uint32_t newPercent);

  protected:
    void DoDispose() override;

  private:
    /// One entry of the XBZRLE cache.
    struct CacheEntry
    {
        uint32_t page{UINT32_MAX}; //!< cached page (UINT32_MAX: empty)
        uint64_t age{0};           //!< sync count when it was inserted or last hit
    };

    /// @brief Read and clean the dirty log into the bitmap (migration_bitmap_sync).
    void SyncBitmap();
    /// @brief migration_trigger_throttle, at a sync that closes a >= 1 s period.
    void TriggerThrottle();
    /**
     * @param page a page due now
     * @return its delta's bytes if it goes as an XBZRLE delta, else 0 (the cache is
     *         updated as save_xbzrle_page does)
     */
    uint16_t Encode(uint32_t page);

    // Attributes
    Time m_downtimeLimit;         //!< downtime-limit
    uint64_t m_maxBandwidth;      //!< max-bandwidth, bytes/s
    bool m_autoConverge;          //!< auto-converge capability
    uint32_t m_throttleInitial;   //!< cpu-throttle-initial, percent
    uint32_t m_throttleIncrement; //!< cpu-throttle-increment, percent
    uint32_t m_throttleMax;       //!< max-cpu-throttle, percent
    uint32_t m_triggerThreshold;  //!< throttle-trigger-threshold, percent
    bool m_xbzrle;                //!< xbzrle capability
    uint64_t m_cacheSize;         //!< xbzrle-cache-size, bytes
    uint32_t m_writeSize;         //!< changed bytes of a page between two sends

    // Migration state
    std::vector<uint64_t> m_toSend;        //!< the migration bitmap
    uint64_t m_remaining{0};               //!< pages set in the bitmap
    uint32_t m_next{0};                    //!< next page to consider
    bool m_final{false};                   //!< the VM is paused
    bool m_xbzrleEnabled{false};           //!< after the first round (find_dirty_block)
    uint16_t m_batchDelta{0};              //!< delta bytes of the current batch's pages
    bool m_held{false};                    //!< a page waits for the next batch
    uint32_t m_heldPage{0};                //!< that page
    uint16_t m_heldDelta{0};               //!< its encoding
    uint64_t m_bytes{0};                   //!< stream bytes handed to TCP
    Time m_windowStart;                    //!< bandwidth window start
    uint64_t m_windowBytes{0};             //!< stream bytes at the window's start
    double m_threshold{0};                 //!< threshold_size, bytes
    Time m_periodStart;                    //!< time_last_bitmap_sync
    uint64_t m_periodBytes{0};             //!< bytes_xfer_prev
    uint64_t m_periodDirtyPages{0};        //!< num_dirty_pages_period
    uint32_t m_dirtyRateHighCount{0};      //!< dirty_rate_high_cnt
    uint64_t m_syncCount{0};               //!< dirty_sync_count (the cache's age)
    std::vector<CacheEntry> m_cache;       //!< the XBZRLE cache
    Ptr<CpuThrottle> m_throttle;           //!< the guest's throttle
    TracedValue<uint32_t> m_throttleTrace; //!< throttle, percent
    uint64_t m_xbzrlePages{0};             //!< pages sent as deltas
    uint64_t m_xbzrleBytes{0};             //!< their bytes after the page header
    uint64_t m_cacheMisses{0};             //!< cache misses
    uint64_t m_zeroPages{0};               //!< markers sent
    uint64_t m_normalPages{0};             //!< whole pages sent
};

} // namespace ns3

#endif /* QEMU_PRE_COPY_STRATEGY_H */
