/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef XEN_PRE_COPY_STRATEGY_H
#define XEN_PRE_COPY_STRATEGY_H

#include "migration-strategy.h"
#include "pre-copy-round.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Live migration as Xen 3.4's xc_domain_save does it (XCP 0.5).
 *
 * Round 1 sends every page.  Each later round sends the pages dirtied during the
 * previous one (the log-dirty CLEAN at the round's start), except the pages that
 * are dirty again when their batch is assembled (the PEEK before each batch): those
 * would only be sent twice, so they wait for the next round.  After a round the
 * last iteration starts when
 * - the round was the MaxIterations-th (29 in Xen 3.4), or
 * - fewer than MinPagesPerRound (50) pages were sent or skipped in it, or
 * - more than MaxFactor (3) times the VM's pages have been sent in all.
 * The VM is then suspended and the last round sends every page still dirty, the
 * skipped ones included.  Xen's rate-limited mode, off by default, is not modelled.
 */
class XenPreCopyStrategy : public MigrationStrategy
{
  public:
    /// Why the live phase ended.
    enum StopReason
    {
        NOT_STOPPED,    //!< still in the live phase
        MAX_ITERATIONS, //!< MaxIterations rounds done
        FEW_PAGES,      //!< a round had fewer than MinPagesPerRound pages
        MAX_FACTOR,     //!< more than MaxFactor times memory sent
    };

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

    /// @return the rule that ended the live phase (the first that held, in Xen's order)
    StopReason GetStopReason() const;

  private:
    uint32_t m_maxIterations;             //!< rounds before the last one is forced
    uint32_t m_minPages;                  //!< a round this small ends the live phase
    double m_maxFactor;                   //!< total pages sent, in multiples of the VM's pages
    PreCopyRound m_round;                 //!< the pages of the current round
    bool m_final{false};                  //!< whether the VM is paused
    StopReason m_stopReason{NOT_STOPPED}; //!< why the live phase ended
};

} // namespace ns3

#endif /* XEN_PRE_COPY_STRATEGY_H */
