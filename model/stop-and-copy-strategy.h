/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STOP_AND_COPY_STRATEGY_H
#define STOP_AND_COPY_STRATEGY_H

#include "migration-strategy.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Non-live migration: suspend, send every page once, resume at the target.
 *
 * Xen's `xm migrate` without `--live`: xc_domain_save runs a single, last
 * iteration over the whole pseudo-physical memory with the domain paused.
 */
class StopAndCopyStrategy : public MigrationStrategy
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
    uint32_t m_next{0}; //!< next page to send
};

} // namespace ns3

#endif /* STOP_AND_COPY_STRATEGY_H */
