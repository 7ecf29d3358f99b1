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
 * - XBZRLE batch (QEMU's delta encoding, QemuPreCopyStrategy): the count word carries
 *   XBZRLE_BATCH; every page of the batch is a delta against the copy the target already
 *   has.  The descriptors are followed by XBZRLE_HEADER_BYTES per page (QEMU's
 *   ENCODING_FLAG_XBZRLE byte and the delta's 16-bit length), then the deltas;
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
    /// Flag in a batch's count word: every page of the batch is XBZRLE-encoded.
    static constexpr uint32_t XBZRLE_BATCH = 0x40000000;
    /**
     * Bytes before each XBZRLE delta: QEMU's ENCODING_FLAG_XBZRLE byte and the 16-bit
     * encoded length (QEMU 7.2 migration/ram.c, save_xbzrle_page: qemu_put_byte,
     * qemu_put_be16).
     */
    static constexpr uint32_t XBZRLE_HEADER_BYTES = 3;
    /// QEMU's ENCODING_FLAG_XBZRLE (migration/ram.c).
    static constexpr uint8_t ENCODING_FLAG_XBZRLE = 0x1;

    /// One page of a batch.
    struct Descriptor
    {
        uint32_t page;            //!< page number
        uint32_t version;         //!< page version when the batch was assembled
        bool populated;           //!< whether 4 KiB of data (or a delta) follow for it
        uint16_t encodedBytes{0}; //!< bytes of its XBZRLE delta (0: the whole page)
    };

    /**
     * @brief Encode a batch's count and descriptors (and, for an XBZRLE batch, the
     *        deltas' encoding headers).
     * @param batch the pages of the batch: all with an encodedBytes, or none
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
     * @param pages pages in an XBZRLE batch
     * @param deltaBytes the sum of their deltas' lengths
     * @return the batch's bytes on the stream
     */
    static uint64_t XbzrleBatchBytes(uint64_t pages, uint64_t deltaBytes);

    /**
     * @param stateBytes bytes of vCPU and device state
     * @return the trailer's bytes on the stream
     */
    static uint64_t TrailerBytes(uint32_t stateBytes);
};

} // namespace ns3

#endif /* MIGRATION_STREAM_H */
