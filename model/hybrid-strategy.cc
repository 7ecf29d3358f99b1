/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "hybrid-strategy.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HybridStrategy");
NS_OBJECT_ENSURE_REGISTERED(HybridStrategy);

TypeId
HybridStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HybridStrategy")
            .SetParent<PostCopyStrategy>()
            .SetGroupName("VmMigration")
            .AddConstructor<HybridStrategy>()
            .AddAttribute("PreCopyRounds",
                          "Live pre-copy rounds before the switch to post-copy (Hines and "
                          "Gopalan's hybrid runs one; in QEMU it is whenever "
                          "migrate-start-postcopy is issued).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&HybridStrategy::m_preCopyRounds),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

std::string
HybridStrategy::GetName() const
{
    return "hybrid";
}

bool
HybridStrategy::IsLive() const
{
    return true;
}

void
HybridStrategy::BeginRound(uint32_t round, bool final)
{
    NS_LOG_FUNCTION(this << round << final);
    m_final = final;
    m_skipped = 0;
    if (final)
    {
        // Every page dirty since the last live round's CLEAN goes after the state.
        std::vector<uint64_t> dirty;
        m_memory->CleanDirtyLog(dirty);
        BeginPostCopy(dirty);
        return;
    }
    m_round.Begin(m_memory, round == 1);
}

void
HybridStrategy::NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages)
{
    pages.clear();
    if (m_final)
    {
        return; // the state goes first, the pages after it
    }
    m_round.Next(m_memory, pages, maxPages, true, m_skipped); // a rewritten page goes later
}

MigrationStrategy::NextStep
HybridStrategy::EndRound(const MigrationRoundRecord& round, uint64_t /* totalPagesSent */)
{
    NS_LOG_FUNCTION(this << round.round);
    if (m_final)
    {
        return DONE;
    }
    return round.round >= m_preCopyRounds ? FINAL_ROUND : LIVE_ROUND;
}

} // namespace ns3
