/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include "ns3/callback.h"
#include "ns3/object.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The pseudo-physical memory of a virtual machine, page by page.
 *
 * Each 4 KiB page has a populated bit (pages ballooned out of the guest, or never
 * allocated, are not populated and carry no data), a dirty bit (the hypervisor's
 * log-dirty bitmap) and a version counter that every Write increments.  The
 * destination host keeps a GuestMemory of its own into which the migration stream
 * writes (page, version) pairs, so that after a migration the two can be compared
 * page by page.
 *
 * The guest's workload (DirtyPageModel) calls Write only for the writes the dirty log
 * can tell apart: a page's first write after each CLEAN.  Later writes to a page that
 * is already dirty change no bit and cause no fault, and the page is due to be sent
 * again anyway, so the model only counts them: a version counts the times the page
 * was made dirty.  The comparison stays exact for a sender that sends again every
 * page a CLEAN reports dirty.  What it no longer sees is a sender that sends a page
 * while it is dirty (Xen's pre-copy skips those) and then loses its dirty bit while
 * the guest rewrites it.
 *
 * In log-dirty mode (SetLogDirty), which Xen turns on for a live migration, every page
 * is write-protected after each CLEAN of the dirty log (Xen 3.4 without EPT runs the
 * guest on shadow page tables: shadow_enable_log_dirty); the guest's first write to a
 * page whose dirty bit is clear is therefore a write fault that Xen traps to mark the
 * page dirty (xen/arch/x86/mm/shadow/multi.c).  The memory counts these faults; later
 * writes to the same page, until the next CLEAN, are free.
 *
 * The state costs 4 bytes of version plus 2 bits per page: a 1 GiB VM
 * (262144 pages) needs about 1.1 MB.  No per-page object or event exists.
 */
class GuestMemory : public Object
{
  public:
    /// Size of a page in bytes (x86 small page).
    static constexpr uint32_t PAGE_SIZE = 4096;
    /// Pages in one MiB.
    static constexpr uint32_t PAGES_PER_MIB = (1024 * 1024) / PAGE_SIZE;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    GuestMemory();

    /**
     * @brief Size the memory; every page starts unpopulated, clean, at version 0.
     * @param pages the number of pages
     */
    void Resize(uint32_t pages);

    /// @return the number of pages
    uint32_t GetPageCount() const;

    /**
     * @brief Mark the first @p pages pages populated and the rest unpopulated.
     *
     * The balloon driver gives pages back to the hypervisor from the top of the
     * guest's pseudo-physical space, so the populated pages are a prefix.
     * @param pages the number of populated pages
     */
    void SetPopulatedPrefix(uint32_t pages);

    /// @return the number of populated pages
    uint32_t GetPopulatedCount() const;

    /**
     * @param page a page number
     * @return whether the page is populated
     */
    bool IsPopulated(uint32_t page) const;

    /**
     * @brief Set whether a page is populated.
     * @param page a page number
     * @param populated the new state
     */
    void SetPopulated(uint32_t page, bool populated);

    /**
     * @brief A guest write: bump the page's version and mark it dirty.
     *
     * (A DirtyPageModel calls it for a page's first write after a CLEAN only; see the
     * class description.)
     *
     * In log-dirty mode, a write to a page whose dirty bit is clear also counts one
     * log-dirty fault.
     * @param page a page number
     */
    void Write(uint32_t page);

    /**
     * @brief Turn Xen's log-dirty mode on or off.
     *
     * The dirty bits are left as they are: whoever enables the mode cleans the log
     * first (CleanDirtyLog), as Xen starts a live save with a clean bitmap.
     * @param on whether first writes after a CLEAN fault
     */
    void SetLogDirty(bool on);

    /// @return whether log-dirty mode is on (off by default)
    bool IsLogDirty() const;

    /// @return the log-dirty write faults counted so far, in all log-dirty periods
    uint64_t GetLogDirtyFaults() const;

    /**
     * @param page a page number
     * @return the page's version (number of Write calls it received)
     */
    uint32_t GetVersion(uint32_t page) const;

    /**
     * @brief Store a received version (the destination side of a migration).
     * @param page a page number
     * @param version the version that arrived
     */
    void SetVersion(uint32_t page, uint32_t version);

    /**
     * @param page a page number
     * @return whether the page is marked in the dirty log
     */
    bool IsDirty(uint32_t page) const;

    /// @return the number of pages marked in the dirty log
    uint32_t CountDirty() const;

    /**
     * @brief Copy the dirty log into @p bitmap and clear it (Xen's log-dirty CLEAN).
     *
     * The writer's callbacks (SetWriterCallbacks) run before the copy and after the
     * clear.
     * @param bitmap receives one bit per page, in 64-bit words
     */
    void CleanDirtyLog(std::vector<uint64_t>& bitmap);

    /**
     * @brief Let a lazy writer apply its writes before the log changes.
     *
     * A DirtyPageModel applies the writes due up to now only when asked.  The memory
     * calls @p sync just before a CLEAN copies the log and just before SetLogDirty
     * changes the mode, so that the writes made earlier land in the old log and mode
     * whoever cleans it; and @p cleaned just after a CLEAN, at the same simulated
     * instant, so that the writer learns that every page is clean again (its rate of
     * first writes changes then).  One writer per memory; null callbacks unregister it.
     * @param sync called before the log is cleaned or its mode changes
     * @param cleaned called after the log was cleaned
     */
    void SetWriterCallbacks(Callback<void> sync, Callback<void> cleaned);

    /**
     * @brief Compare versions and populated state with another memory.
     * @param other the memory to compare with (same page count)
     * @return the number of pages that differ
     */
    uint32_t CountMismatches(const GuestMemory& other) const;

    /// @return bytes of per-page state held by this object (4 per page fewer until the
    ///         first write or version set)
    uint64_t GetStateBytes() const;

    /**
     * @brief Test a bit of a page bitmap.
     * @param bitmap one bit per page, in 64-bit words
     * @param page a page number
     * @return the bit
     */
    static bool TestBit(const std::vector<uint64_t>& bitmap, uint32_t page)
    {
        return (bitmap[page >> 6] >> (page & 63)) & 1;
    }

    /**
     * @brief A page bitmap with every page of this memory set (a pre-copy's first
     *        round: every page is to be sent).
     * @param bitmap receives one bit per page, in 64-bit words; the unused bits of the
     *        last word are clear
     */
    void SetAllPages(std::vector<uint64_t>& bitmap) const
    {
        bitmap.assign((m_pageCount + 63) / 64, ~uint64_t{0});
        if (m_pageCount % 64 != 0)
        {
            bitmap.back() = (uint64_t{1} << (m_pageCount % 64)) - 1;
        }
    }

  protected:
    void DoDispose() override;

  private:
    uint32_t m_pageCount{0};           //!< pages of the VM
    std::vector<uint32_t> m_version;   //!< Write calls per page; empty before any write
    std::vector<uint64_t> m_populated; //!< populated bit per page
    std::vector<uint64_t> m_dirty;     //!< log-dirty bit per page
    uint32_t m_populatedCount;         //!< populated pages
    bool m_logDirty;                   //!< whether first writes after a CLEAN fault
    uint64_t m_logDirtyFaults;         //!< log-dirty write faults counted
    Callback<void> m_sync;             //!< the writer: apply the writes due up to now
    Callback<void> m_cleaned;          //!< the writer: every page is clean again
};

} // namespace ns3

#endif /* GUEST_MEMORY_H */
