/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "post-copy-strategy.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PostCopyStrategy");
NS_OBJECT_ENSURE_REGISTERED(PostCopyStrategy);

TypeId
PostCopyStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PostCopyStrategy")
            .SetParent<MigrationStrategy>()
            .SetGroupName("VmMigration")
            .AddConstructor<PostCopyStrategy>()
            .AddAttribute("PrepageWindow",
                          "Pages around a faulted page that the source sends with it (pre-paging "
                          "by bubbling from the fault as pivot, Hines and Gopalan 2009: the next "
                          "page after, the next before, and so on, one side alone at the "
                          "memory's ends); 0 as in QEMU 7.2, which sends the faulted page only.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&PostCopyStrategy::m_prepageWindow),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ActivePush",
                          "Whether the source pushes every page in the background (Hines and "
                          "Gopalan's active push; QEMU's postcopy-ram always does); without it "
                          "pages move only when the target faults on them (pure demand paging, "
                          "which never ends for pages the guest does not touch).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PostCopyStrategy::m_activePush),
                          MakeBooleanChecker());
    return tid;
}

std::string
PostCopyStrategy::GetName() const
{
    return "post-copy";
}

bool
PostCopyStrategy::IsLive() const
{
    return false;
}

void
PostCopyStrategy::BeginRound(uint32_t round, bool final)
{
    NS_LOG_FUNCTION(this << round << final);
    NS_ABORT_MSG_UNLESS(round == 1 && final, "post-copy pauses the VM first");
    std::vector<uint64_t> all;
    m_memory->SetAllPages(all);
    BeginPostCopy(all);
}

void
PostCopyStrategy::BeginPostCopy(const std::vector<uint64_t>& pages)
{
    NS_LOG_FUNCTION(this);
    m_postCopy = pages;
    m_due = pages;
    m_dueCount = 0;
    for (uint64_t word : m_due)
    {
        m_dueCount += __builtin_popcountll(word);
    }
    m_next = 0;
    m_requested.clear();
    m_skipped = 0;
    NS_LOG_INFO(m_dueCount << " pages to send after the state");
}

void
PostCopyStrategy::NextBatch(std::vector<uint32_t>& pages, uint32_t /* maxPages */)
{
    // The round with the VM paused carries no page: the state goes first.
    pages.clear();
}

MigrationStrategy::NextStep
PostCopyStrategy::EndRound(const MigrationRoundRecord& /* round */, uint64_t /* totalPagesSent */)
{
    NS_LOG_FUNCTION(this);
    return DONE;
}

bool
PostCopyStrategy::Take(uint32_t page)
{
    if (page >= m_memory->GetPageCount() || !GuestMemory::TestBit(m_due, page))
    {
        return false;
    }
    m_due[page >> 6] &= ~(uint64_t{1} << (page & 63));
    --m_dueCount;
    return true;
}

void
PostCopyStrategy::NextPushBatch(std::vector<uint32_t>& pages, uint32_t maxPages)
{
    pages.clear();
    while (pages.size() < maxPages && !m_requested.empty())
    {
        uint32_t page = m_requested.front();
        m_requested.pop_front();
        if (Take(page))
        {
            pages.push_back(page);
            ++m_pulled;
        }
    }
    if (!m_activePush)
    {
        return;
    }
    uint32_t count = m_memory->GetPageCount();
    while (pages.size() < maxPages && m_next < count && m_dueCount > 0)
    {
        if ((m_next & 63) == 0 && m_due[m_next >> 6] == 0)
        {
            m_next += 64; // nothing due in this word
            continue;
        }
        uint32_t page = m_next++;
        if (Take(page))
        {
            pages.push_back(page);
        }
    }
}

void
PostCopyStrategy::RequestPage(uint32_t page)
{
    NS_LOG_FUNCTION(this << page);
    if (page >= m_memory->GetPageCount())
    {
        return;
    }
    m_requested.push_back(page);
    // Two bubbles grow from the pivot, forward and backward in turn; at an end of the
    // memory the other one goes on alone.
    uint32_t count = m_memory->GetPageCount();
    uint32_t window = std::min(m_prepageWindow, count - 1);
    for (uint32_t d = 1, taken = 0; taken < window; ++d)
    {
        if (d < count - page)
        {
            m_requested.push_back(page + d);
            ++taken;
        }
        if (d <= page && taken < window)
        {
            m_requested.push_back(page - d);
            ++taken;
        }
    }
}

bool
PostCopyStrategy::IsPushComplete() const
{
    return m_dueCount == 0;
}

const std::vector<uint64_t>&
PostCopyStrategy::GetPostCopyPages() const
{
    return m_postCopy;
}

uint64_t
PostCopyStrategy::GetPagesPulled() const
{
    return m_pulled;
}

void
PostCopyStrategy::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_requested.clear();
    MigrationStrategy::DoDispose();
}

} // namespace ns3
