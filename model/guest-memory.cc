/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "guest-memory.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GuestMemory");
NS_OBJECT_ENSURE_REGISTERED(GuestMemory);

namespace
{
/// @return the number of 64-bit words holding one bit per page
size_t
WordsFor(uint32_t pages)
{
    return (static_cast<size_t>(pages) + 63) / 64;
}
} // namespace

TypeId
GuestMemory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::GuestMemory")
                            .SetParent<Object>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<GuestMemory>();
    return tid;
}

GuestMemory::GuestMemory()
    : m_populatedCount(0),
      m_logDirty(false),
      m_logDirtyFaults(0)
{
    NS_LOG_FUNCTION(this);
}

void
GuestMemory::DoDispose()
{
    NS_LOG_FUNCTION(this);
    // The writer holds this memory, not the other way round: just forget it.
    m_sync = Callback<void>();
    m_cleaned = Callback<void>();
    Object::DoDispose();
}

void
GuestMemory::SetWriterCallbacks(Callback<void> sync, Callback<void> cleaned)
{
    NS_LOG_FUNCTION(this);
    m_sync = sync;
    m_cleaned = cleaned;
}

void
GuestMemory::Resize(uint32_t pages)
{
    NS_LOG_FUNCTION(this << pages);
    // The version counters are made at the first write: a VM that never writes (an
    // idle VM, one of thousands in a datacenter run) holds its two bits per page only.
    m_pageCount = pages;
    m_version.clear();
    m_version.shrink_to_fit();
    m_populated.assign(WordsFor(pages), 0);
    m_dirty.assign(WordsFor(pages), 0);
    m_populatedCount = 0;
}

uint32_t
GuestMemory::GetPageCount() const
{
    return m_pageCount;
}

void
GuestMemory::SetPopulatedPrefix(uint32_t pages)
{
    NS_LOG_FUNCTION(this << pages);
    NS_ABORT_MSG_IF(pages > GetPageCount(),
                    "GuestMemory: " << pages << " populated pages exceed the " << GetPageCount()
                                    << " pages of the VM");
    for (uint32_t page = 0; page < GetPageCount(); ++page)
    {
        SetPopulated(page, page < pages);
    }
}

uint32_t
GuestMemory::GetPopulatedCount() const
{
    return m_populatedCount;
}

bool
GuestMemory::IsPopulated(uint32_t page) const
{
    return TestBit(m_populated, page);
}

void
GuestMemory::SetPopulated(uint32_t page, bool populated)
{
    uint64_t mask = uint64_t{1} << (page & 63);
    uint64_t& word = m_populated[page >> 6];
    if (((word & mask) != 0) != populated)
    {
        word ^= mask;
        m_populatedCount += populated ? 1 : -1;
    }
}

void
GuestMemory::Write(uint32_t page)
{
    if (m_version.empty())
    {
        m_version.assign(m_pageCount, 0);
    }
    ++m_version[page];
    uint64_t mask = uint64_t{1} << (page & 63);
    uint64_t& word = m_dirty[page >> 6];
    if (m_logDirty && (word & mask) == 0)
    {
        // The page is still write-protected since the last CLEAN: Xen takes the fault.
        ++m_logDirtyFaults;
    }
    word |= mask;
}

void
GuestMemory::SetLogDirty(bool on)
{
    NS_LOG_FUNCTION(this << on);
    if (!m_sync.IsNull())
    {
        m_sync(); // the writes made so far were made in the old mode
    }
    m_logDirty = on;
}

bool
GuestMemory::IsLogDirty() const
{
    return m_logDirty;
}

uint64_t
GuestMemory::GetLogDirtyFaults() const
{
    return m_logDirtyFaults;
}

uint32_t
GuestMemory::GetVersion(uint32_t page) const
{
    return m_version.empty() ? 0 : m_version[page];
}

void
GuestMemory::SetVersion(uint32_t page, uint32_t version)
{
    if (m_version.empty())
    {
        if (version == 0)
        {
            return;
        }
        m_version.assign(m_pageCount, 0);
    }
    m_version[page] = version;
}

bool
GuestMemory::IsDirty(uint32_t page) const
{
    return TestBit(m_dirty, page);
}

uint32_t
GuestMemory::CountDirty() const
{
    uint32_t count = 0;
    for (uint64_t word : m_dirty)
    {
        count += __builtin_popcountll(word);
    }
    return count;
}

void
GuestMemory::CleanDirtyLog(std::vector<uint64_t>& bitmap)
{
    NS_LOG_FUNCTION(this);
    if (!m_sync.IsNull())
    {
        m_sync(); // the writes made so far belong in the log being read
    }
    bitmap = m_dirty;
    std::fill(m_dirty.begin(), m_dirty.end(), 0);
    if (!m_cleaned.IsNull())
    {
        m_cleaned();
    }
}

uint32_t
GuestMemory::CountMismatches(const GuestMemory& other) const
{
    NS_LOG_FUNCTION(this << &other);
    NS_ABORT_MSG_IF(other.GetPageCount() != GetPageCount(),
                    "GuestMemory: comparing memories of different sizes");
    uint32_t mismatches = 0;
    for (uint32_t page = 0; page < GetPageCount(); ++page)
    {
        if (GetVersion(page) != other.GetVersion(page) ||
            IsPopulated(page) != other.IsPopulated(page))
        {
            ++mismatches;
        }
    }
    return mismatches;
}

uint64_t
GuestMemory::GetStateBytes() const
{
    return m_version.capacity() * sizeof(uint32_t) +
           (m_populated.capacity() + m_dirty.capacity()) * sizeof(uint64_t);
}

} // namespace ns3
