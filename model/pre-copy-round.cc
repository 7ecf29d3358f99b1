/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "pre-copy-round.h"

namespace ns3
{

void
PreCopyRound::Begin(Ptr<GuestMemory> memory, bool everyPage)
{
    m_next = 0;
    if (everyPage)
    {
        memory->SetAllPages(m_toSend);
    }
    else
    {
        memory->CleanDirtyLog(m_toSend);
    }
}

void
PreCopyRound::Next(Ptr<GuestMemory> memory,
                   std::vector<uint32_t>& pages,
                   uint32_t maxPages,
                   bool skipRewritten,
                   uint64_t& skipped)
{
    pages.clear();
    uint32_t count = memory->GetPageCount();
    while (pages.size() < maxPages && m_next < count)
    {
        if ((m_next & 63) == 0 && m_toSend[m_next >> 6] == 0)
        {
            m_next += 64; // nothing due in this word
            continue;
        }
        uint32_t page = m_next++;
        if (!GuestMemory::TestBit(m_toSend, page))
        {
            continue;
        }
        if (skipRewritten && memory->IsDirty(page))
        {
            ++skipped; // written again since the round began: it goes later
            continue;
        }
        pages.push_back(page);
    }
}

} // namespace ns3
