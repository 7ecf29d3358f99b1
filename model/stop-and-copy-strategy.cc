/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stop-and-copy-strategy.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StopAndCopyStrategy");
NS_OBJECT_ENSURE_REGISTERED(StopAndCopyStrategy);

TypeId
StopAndCopyStrategy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::StopAndCopyStrategy")
                            .SetParent<MigrationStrategy>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<StopAndCopyStrategy>();
    return tid;
}

std::string
StopAndCopyStrategy::GetName() const
{
    return "stop-and-copy";
}

bool
StopAndCopyStrategy::IsLive() const
{
    return false;
}

void
StopAndCopyStrategy::BeginRound(uint32_t round, bool final)
{
    NS_LOG_FUNCTION(this << round << final);
    NS_ABORT_MSG_UNLESS(round == 1 && final, "stop-and-copy has one round, with the VM paused");
    m_next = 0;
}

void
StopAndCopyStrategy::NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages)
{
    pages.clear();
    uint32_t count = m_memory->GetPageCount();
    while (pages.size() < maxPages && m_next < count)
    {
        pages.push_back(m_next++);
    }
}

MigrationStrategy::NextStep
StopAndCopyStrategy::EndRound(const MigrationRoundRecord& /* round */,
                              uint64_t /* totalPagesSent */)
{
    NS_LOG_FUNCTION(this);
    return DONE;
}

} // namespace ns3
