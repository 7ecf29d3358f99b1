/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_RECEIVER_H
#define MIGRATION_RECEIVER_H

#include "guest-memory.h"
#include "migration-stream.h"
#include "processor-sharing-cpu.h"

#include "ns3/application.h"
#include "ns3/socket.h"

#include <deque>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The target dom0's side of a migration (Xen's xc_domain_restore).
 *
 * Listens on the target host for one migration connection and parses the stream
 * (see MigrationStream) into a GuestMemory of its own.  A batch is applied (its
 * pages take the versions its descriptors carry) only once all of its bytes have
 * arrived.  When the trailer and the device state are in, the stream is complete
 * and the completion callback runs.
 */
class MigrationReceiver : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    MigrationReceiver();

    /**
     * @brief Prepare the target's copy of the memory.
     * @param pages pages of the incoming VM
     * @param complete called when the whole stream has arrived
     */
    void Setup(uint32_t pages, Callback<void> complete);

    /**
     * @brief Charge dom0's work on the target host's CPU: each batch costs
     *        @p costPerPage per page with data to copy into memory, one batch after
     *        the other, and the stream is complete only when the last one is copied.
     * @param cpu the target host's CPU
     * @param costPerPage CPU time per page on a reference core
     */
    void SetCpu(Ptr<ProcessorSharingCpu> cpu, Time costPerPage);

    /// @return the memory built from the stream
    Ptr<GuestMemory> GetMemory() const;
    /// @return stream bytes received
    uint64_t GetBytesReceived() const;

  protected:
    void DoDispose() override;

  private:
    /// What the next bytes of the stream are.
    enum Expect
    {
        COUNT,        //!< a batch's page count, or 0 for the trailer
        DESCRIPTORS,  //!< the batch's descriptors
        ENCODINGS,    //!< an XBZRLE batch's encoding headers (flag, delta length)
        PAGE_DATA,    //!< the batch's page contents
        STATE_LENGTH, //!< the length of the device state
        STATE,        //!< the device state
        COMPLETE,     //!< nothing more
    };

    void StartApplication() override;
    void StopApplication() override;

    /// @brief Accept the migration connection.
    void Accept(Ptr<Socket> socket, const Address& from);
    /// @brief Read what arrived.
    void Receive(Ptr<Socket> socket);
    /// @brief Parse the bytes of one packet.
    void Consume(Ptr<Packet> packet);
    /// @brief The header field being read is complete: act on it.
    void HeaderFieldComplete();
    /// @brief All bytes of the batch are in: copy its pages into memory.
    void BatchArrived();
    /// @brief Start copying the next batch that waits, if the CPU is free.
    void CopyNext();
    /// @brief A batch is copied: store it.
    void CopyDone();
    /**
     * @brief Store a batch's pages (their versions, whether they hold data).
     * @param batch the batch's descriptors
     */
    void ApplyBatch(const std::vector<MigrationStream::Descriptor>& batch);
    /// @brief The device state is in: complete once every batch is copied.
    void StreamEnded();
    /// @brief Report the complete stream.
    void Complete();

    uint16_t m_port;                //!< listening port
    uint32_t m_dropBatch;           //!< test fault: batch to drop (1-based)
    Ptr<Socket> m_listener;         //!< listening socket
    Ptr<Socket> m_socket;           //!< the accepted connection
    Ptr<GuestMemory> m_memory;      //!< the target's copy
    Ptr<ProcessorSharingCpu> m_cpu; //!< the target host's CPU
    Time m_costPerPage;             //!< dom0 CPU per page received
    /// Batches whose bytes are in, waiting for or under dom0's copy.
    std::deque<std::vector<MigrationStream::Descriptor>> m_copying;
    bool m_copyingNow{false};                         //!< the CPU is copying the front batch
    Callback<void> m_complete;                        //!< stream complete
    Expect m_expect;                                  //!< parser state
    std::vector<uint8_t> m_field;                     //!< header bytes being collected
    uint32_t m_fieldSize;                             //!< bytes the header field needs
    uint64_t m_bytesLeft;                             //!< bytes left of page data or state
    std::vector<MigrationStream::Descriptor> m_batch; //!< descriptors of the current batch
    uint64_t m_bytesReceived;                         //!< stream bytes received
    uint32_t m_batches;                               //!< batches received
    bool m_xbzrle{false};                             //!< the current batch is XBZRLE
};

} // namespace ns3

#endif /* MIGRATION_RECEIVER_H */
