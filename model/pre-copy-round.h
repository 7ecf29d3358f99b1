/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PRE_COPY_ROUND_H
#define PRE_COPY_ROUND_H

#include "guest-memory.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The pages of one pre-copy round, chosen as Xen 3.4's xc_domain_save chooses
 *        them; the Xen pre-copy and hybrid strategies share it.
 *
 * The first round takes every page; a later one takes the pages in the dirty log,
 * which it reads and cleans (the CLEAN at the round's start).  The pages go out in
 * page order, and while the VM runs a page written again since the round began is
 * skipped (the PEEK before each batch): it would only be sent twice.
 */
class PreCopyRound
{
  public:
    /**
     * @brief Start a round.
     * @param memory the guest's memory
     * @param everyPage whether the round takes every page (the first live round) rather
     *        than the dirty log's
     */
    void Begin(Ptr<GuestMemory> memory, bool everyPage);

    /**
     * @brief The round's next pages, in page order.
     * @param memory the guest's memory
     * @param pages filled with at most @p maxPages pages (empty: the round is done)
     * @param maxPages the batch's size limit
     * @param skipRewritten whether a page dirty again now waits (the VM runs)
     * @param skipped incremented for each page that waits
     */
    void Next(Ptr<GuestMemory> memory,
              std::vector<uint32_t>& pages,
              uint32_t maxPages,
              bool skipRewritten,
              uint64_t& skipped);

  private:
    std::vector<uint64_t> m_toSend; //!< pages due in the round (one bit each)
    uint32_t m_next{0};             //!< next page to consider
};

} // namespace ns3

#endif /* PRE_COPY_ROUND_H */
