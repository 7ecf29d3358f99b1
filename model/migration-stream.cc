/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-stream.h"

#include "guest-memory.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationStream");

namespace
{
/// Append a big-endian 32-bit value.
void
Put(std::vector<uint8_t>& out, uint32_t value)
{
    out.push_back(static_cast<uint8_t>(value >> 24));
    out.push_back(static_cast<uint8_t>(value >> 16));
    out.push_back(static_cast<uint8_t>(value >> 8));
    out.push_back(static_cast<uint8_t>(value));
}
} // namespace

void
MigrationStream::EncodeBatchHeader(const std::vector<Descriptor>& batch, std::vector<uint8_t>& out)
{
    out.clear();
    bool xbzrle = !batch.empty() && batch.front().encodedBytes > 0;
    out.reserve(COUNT_BYTES +
                (DESCRIPTOR_BYTES + (xbzrle ? XBZRLE_HEADER_BYTES : 0)) * batch.size());
    Put(out, static_cast<uint32_t>(batch.size()) | (xbzrle ? XBZRLE_BATCH : 0));
    for (const auto& d : batch)
    {
        NS_ABORT_MSG_UNLESS((d.encodedBytes > 0) == xbzrle && (!xbzrle || d.populated),
                            "migration stream: a batch mixes XBZRLE deltas and other pages");
        Put(out, d.populated ? d.page : (d.page | UNPOPULATED));
        Put(out, d.version);
    }
    if (xbzrle)
    {
        for (const auto& d : batch)
        {
            out.push_back(ENCODING_FLAG_XBZRLE);
            out.push_back(static_cast<uint8_t>(d.encodedBytes >> 8));
            out.push_back(static_cast<uint8_t>(d.encodedBytes));
        }
    }
}

void
MigrationStream::EncodeTrailer(uint32_t stateBytes, std::vector<uint8_t>& out)
{
    NS_LOG_FUNCTION(stateBytes);
    out.clear();
    Put(out, 0);
    Put(out, stateBytes);
}

uint32_t
MigrationStream::DecodeUint32(const uint8_t* bytes)
{
    return (uint32_t{bytes[0]} << 24) | (uint32_t{bytes[1]} << 16) | (uint32_t{bytes[2]} << 8) |
           uint32_t{bytes[3]};
}

MigrationStream::Descriptor
MigrationStream::DecodeDescriptor(const uint8_t* bytes)
{
    uint32_t word = DecodeUint32(bytes);
    return Descriptor{word & ~UNPOPULATED, DecodeUint32(bytes + 4), (word & UNPOPULATED) == 0};
}

uint64_t
MigrationStream::BatchBytes(uint64_t pages, uint64_t populated)
{
    return COUNT_BYTES + DESCRIPTOR_BYTES * pages + uint64_t{GuestMemory::PAGE_SIZE} * populated;
}

uint64_t
MigrationStream::XbzrleBatchBytes(uint64_t pages, uint64_t deltaBytes)
{
    return COUNT_BYTES + (DESCRIPTOR_BYTES + XBZRLE_HEADER_BYTES) * pages + deltaBytes;
}

uint64_t
MigrationStream::TrailerBytes(uint32_t stateBytes)
{
    return 2 * COUNT_BYTES + stateBytes;
}

} // namespace ns3
