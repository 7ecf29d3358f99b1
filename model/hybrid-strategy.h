/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HYBRID_STRATEGY_H
#define HYBRID_STRATEGY_H

#include "post-copy-strategy.h"
#include "pre-copy-round.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Hybrid migration: PreCopyRounds live pre-copy rounds, then post-copy.
 *
 * Round 1 sends every page with the VM running; each later live round sends the pages
 * dirtied during the previous one, skipping those dirty again (they go later), as
 * XenPreCopyStrategy's rounds do.  After PreCopyRounds rounds the VM is paused, its
 * state goes, it resumes on the target, and the pages still dirty (those written since
 * the last round's CLEAN, the skipped ones included) follow as PostCopyStrategy sends
 * them: pushed in the background and pulled on the target's faults.  QEMU 7.2 runs
 * this when postcopy-ram is on and migrate-start-postcopy comes after some pre-copy
 * iterations.
 */
class HybridStrategy : public PostCopyStrategy
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

  private:
    uint32_t m_preCopyRounds; //!< live rounds before the switch to post-copy
    PreCopyRound m_round;     //!< the pages of the current live round
    bool m_final{false};      //!< whether the VM is paused
};

} // namespace ns3

#endif /* HYBRID_STRATEGY_H */
