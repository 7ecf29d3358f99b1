/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "xen-pre-copy-strategy.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("XenPreCopyStrategy");
NS_OBJECT_ENSURE_REGISTERED(XenPreCopyStrategy);

TypeId
XenPreCopyStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::XenPreCopyStrategy")
            .SetParent<MigrationStrategy>()
            .SetGroupName("VmMigration")
            .AddConstructor<XenPreCopyStrategy>()
            .AddAttribute("MaxIterations",
                          "Live rounds after which the last round is forced (DEF_MAX_ITERS).",
                          UintegerValue(29),
                          MakeUintegerAccessor(&XenPreCopyStrategy::m_maxIterations),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MinPagesPerRound",
                          "A live round that sent and skipped fewer pages than this is the "
                          "last live round.",
                          UintegerValue(50),
                          MakeUintegerAccessor(&XenPreCopyStrategy::m_minPages),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxFactor",
                          "The live phase ends once more than this many times the VM's pages "
                          "have been sent (DEF_MAX_FACTOR).",
                          DoubleValue(3.0),
                          MakeDoubleAccessor(&XenPreCopyStrategy::m_maxFactor),
                          MakeDoubleChecker<double>(0.0));
    return tid;
}

std::string
XenPreCopyStrategy::GetName() const
{
    return "pre-copy";
}

bool
XenPreCopyStrategy::IsLive() const
{
    return true;
}

void
XenPreCopyStrategy::BeginRound(uint32_t round, bool final)
{
    NS_LOG_FUNCTION(this << round << final);
    m_final = final;
    m_skipped = 0;
    m_round.Begin(m_memory, round == 1 && !final);
}

void
XenPreCopyStrategy::NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages)
{
    // While the VM runs, a page written again waits for the next round; the last round
    // sends them all.
    m_round.Next(m_memory, pages, maxPages, !m_final, m_skipped);
}

MigrationStrategy::NextStep
XenPreCopyStrategy::EndRound(const MigrationRoundRecord& round, uint64_t totalPagesSent)
{
    NS_LOG_FUNCTION(this << totalPagesSent);
    if (m_final)
    {
        return DONE;
    }
    bool lastIteration = round.round >= m_maxIterations;
    bool smallRound = round.pagesSent + round.pagesSkipped < m_minPages;
    bool tooMuchSent = totalPagesSent > m_maxFactor * m_memory->GetPageCount();
    NS_LOG_INFO(
        "round " << round.round << ": sent " << round.pagesSent << " skipped " << round.pagesSkipped
                 << " total " << totalPagesSent << (lastIteration ? " [max iterations]" : "")
                 << (smallRound ? " [few pages]" : "") << (tooMuchSent ? " [max factor]" : ""));
    m_stopReason = lastIteration ? MAX_ITERATIONS
                   : smallRound  ? FEW_PAGES
                   : tooMuchSent ? MAX_FACTOR
                                 : NOT_STOPPED;
    return m_stopReason == NOT_STOPPED ? LIVE_ROUND : FINAL_ROUND;
}

XenPreCopyStrategy::StopReason
XenPreCopyStrategy::GetStopReason() const
{
    return m_stopReason;
}

} // namespace ns3
