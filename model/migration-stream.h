/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_STREAM_H
#define MIGRATION_STREAM_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The byte format of a migration stream, after Xen 3.4's save format.
 *
 * The stream is a sequence of batches, then a trailer:
 * - batch: a 4-byte page count n (1..1024), n 8-byte descriptors (page number with
 *   the top bit set for a page that is not populated, like Xen's XTAB type, and the
 *   page's version), then 4096 bytes of data for each populated page of the batch;
 * - trailer: a 4-byte count of 0, a 4-byte length L, then L bytes of vCPU and device
 *   state.
 * Integers are big-endian.  Descriptors and lengths are real bytes on the wire; page
 * contents are zero-filled payload, which ns-3 carries without allocating it.
 */
class MigrationStream
{
  public:
    /// Largest batch, in pages (Xen's MAX_BATCH_SIZE).
    static constexpr uint32_t MAX_BATCH_PAGES = 1024;
    /// Bytes of a batch's page count.
    static constexpr uint32_t COUNT_BYTES = 4;
    /// Bytes of one page descriptor.
    static constexpr uint32_t DESCRIPTOR_BYTES = 8;
    /// Flag in a descriptor's page word: the page is not populated and has no data.
    static constexpr uint32_t UNPOPULATED = 0x80000000;

    /// One page of a batch.
    struct Descriptor
    {
        uint32_t page;    //!< page number
        uint32_t version; //!< page version when the batch was assembled
        bool populated;   //!< whether 4 KiB of data follow for it
    };

    /**
     * @brief Encode a batch's count and descriptors.
     * @param batch the pages of the batch
     * @param out receives the header bytes
     */
    static void EncodeBatchHeader(const std::vector<Descriptor>& batch, std::vector<uint8_t>& out);

    /**
     * @brief Encode the end-of-memory marker and the state length.
     * @param stateBytes the bytes of state that follow
     * @param out receives the trailer header bytes
     */
    static void EncodeTrailer(uint32_t stateBytes, std::vector<uint8_t>& out);

    /**
     * @param bytes four bytes, big-endian
     * @return their value
     */
    static uint32_t DecodeUint32(const uint8_t* bytes);

    /**
     * @param bytes DESCRIPTOR_BYTES bytes
     * @return the descriptor
     */
    static Descriptor DecodeDescriptor(const uint8_t* bytes);

    /**
     * @param pages pages in the batch
     * @param populated populated pages among them
     * @return the batch's bytes on the stream
     */
    static uint64_t BatchBytes(uint64_t pages, uint64_t populated);

    /**
     * @param stateBytes bytes of vCPU and device state
     * @return the trailer's bytes on the stream
     */
    static uint64_t TrailerBytes(uint32_t stateBytes);
};

} // namespace ns3

#endif /* MIGRATION_STREAM_H */
