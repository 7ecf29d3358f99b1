/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef POST_COPY_STRATEGY_H
#define POST_COPY_STRATEGY_H

#include "migration-strategy.h"

#include <deque>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Post-copy migration (Hines and Gopalan, VEE 2009; QEMU 7.2's postcopy-ram).
 *
 * The VM is suspended at once and only its vCPU and device state goes first: the VM
 * resumes on the target as soon as the state is in (the downtime).  Then the source
 * pushes every page once in the background (active push), while the target's faults
 * on pages it does not have yet pull them on demand: the target sends a request on
 * the connection's return path (QEMU's MIG_RP_MSG_REQ_PAGES), and the source sends the
 * requested page (and, with PrepageWindow, the pages after it) before the next pages
 * of the push.  A page is sent once only: a request for a page already sent is
 * dropped, as QEMU's get_queued_page drops a request for a page no longer in its
 * bitmap, and the faulting vCPU waits for the copy already on its way.
 *
 * The strategy chooses the pages; the MigrationSender sends them after the state, and
 * the MigrationReceiver on the target tracks the missing pages and faults on them.
 */
class PostCopyStrategy : public MigrationStrategy
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    std::string GetName() const override;
    bool IsLive() const override;
    void BeginRound(uint32_t round, bool final) override;
    void NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages) override;
    NextStep EndRound(const MigrationRoundRecord& round, uint64_t totalPagesSent) override;

    /**
     * @brief Choose the next pages to send after the state: the requested pages first,
     *        then (with ActivePush) the next pages of the background push.
     * @param pages cleared, then filled with at most @p maxPages pages not sent yet;
     *        empty when nothing is due now
     * @param maxPages the largest batch
     */
    void NextPushBatch(std::vector<uint32_t>& pages, uint32_t maxPages);

    /**
     * @brief The target faulted on @p page: send it, and the PrepageWindow pages after
     *        it, ahead of the push (those already sent are not sent again).
     * @param page the page requested
     */
    void RequestPage(uint32_t page);

    /// @return whether every page due after the state has been chosen
    bool IsPushComplete() const;

    /// @return the pages due after the state, one bit each (what the target lacks at
    ///         the switch-over: QEMU's discard bitmap)
    const std::vector<uint64_t>& GetPostCopyPages() const;

    /// @return pages sent because the target asked for them (pre-paged ones included)
    uint64_t GetPagesPulled() const;

  protected:
    /**
     * @brief The VM is paused: after the state, send the pages of @p pages.
     * @param pages one bit per page due
     */
    void BeginPostCopy(const std::vector<uint64_t>& pages);

    void DoDispose() override;

  private:
    /**
     * @brief Take a page off the pages due, if it is still due.
     * @param page a page
     * @return whether it was due
     */
    bool Take(uint32_t page);

    uint32_t m_prepageWindow;         //!< pages sent around a requested one
    bool m_activePush;                //!< whether the source pushes unrequested pages
    std::vector<uint64_t> m_postCopy; //!< the pages due at the switch-over
    std::vector<uint64_t> m_due;      //!< the pages not chosen yet
    uint64_t m_dueCount{0};           //!< how many
    uint32_t m_next{0};               //!< next page of the push
    std::deque<uint32_t> m_requested; //!< pages asked for, not yet chosen
    uint64_t m_pulled{0};             //!< pages sent because they were asked for
};

} // namespace ns3

#endif /* POST_COPY_STRATEGY_H */
