/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_SENDER_H
#define MIGRATION_SENDER_H

#include "migration-record.h"
#include "migration-strategy.h"
#include "migration-stream.h"
#include "post-copy-strategy.h"
#include "processor-sharing-cpu.h"
#include "virtual-machine.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/socket.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The source dom0's side of a migration (Xen's xc_domain_save).
 *
 * Runs on the source host's node and writes the migration stream over one TCP
 * connection to the MigrationReceiver on the target host.  A MigrationStrategy
 * picks the pages of each round; the sender assembles them into batches (reading
 * page versions and the dirty log at that instant, as Xen maps the pages when it
 * builds a batch), and hands each batch to TCP as the socket's send buffer takes
 * it, like Xen's blocking write(): once the buffer is full, the sender writes again
 * when a third of it is free, as Linux wakes a blocked writer.  When the strategy asks for the
 * final round, the sender calls the suspend callback and waits for ContinueAfterSuspend.
 * A live strategy's guest is in Xen's log-dirty mode (GuestMemory::SetLogDirty) from
 * the first CLEAN of the dirty log until it is suspended or the migration ends.  A
 * strategy with a GetMaxBandwidth caps the stream as QEMU's rate limit does (at most a
 * tenth of it per RATE_WINDOW_MS window), and one with GetEncodedBytes has pages sent as
 * deltas (MigrationStream's XBZRLE batches); the others' streams do not change.
 *
 * With a PostCopyStrategy the trailer (vCPU and device state) goes when the VM is
 * paused, and the pages follow it: the sender reads their versions from a copy of the
 * memory taken then (the guest writes its own copy on the target from its resume on),
 * and ends with a second trailer without state.  It reads the target's page requests
 * from the connection's return path (REQUEST_BYTES each, as QEMU's
 * MIG_RP_MSG_REQ_PAGES) and hands them to the strategy, which sends them first.
 */
class MigrationSender : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    MigrationSender();

    /**
     * @brief Say what to migrate, how, and where to.
     * @param vm the VM whose memory is sent
     * @param strategy chooses the pages of each round
     * @param target the receiver's address and port
     */
    void Setup(Ptr<VirtualMachine> vm, Ptr<MigrationStrategy> strategy, const Address& target);

    /**
     * @brief Charge dom0's work on the source host's CPU: each batch costs
     *        @p costPerPage per page with data before it can be written.
     * @param cpu the source host's CPU
     * @param costPerPage CPU time per page on a reference core
     */
    void SetCpu(Ptr<ProcessorSharingCpu> cpu, Time costPerPage);

    /**
     * @brief Set what to call when the VM must be paused; the sender waits for
     *        ContinueAfterSuspend.
     * @param callback the toolstack's suspend operation
     */
    void SetSuspendCallback(Callback<void> callback);

    /**
     * @brief Set what to call at the end of each round.
     * @param callback receives the round's record
     */
    void SetRoundCallback(Callback<void, const MigrationRoundRecord&> callback);

    /**
     * @brief Set what to call when the migration cannot go on (its connection failed or
     *        broke); the sender has stopped by then.
     * @param callback receives the reason
     */
    void SetFailureCallback(Callback<void, std::string> callback);

    /// @brief The VM is paused: run the final round.
    void ContinueAfterSuspend();

    /// @brief Stop sending for good (the migration was abandoned): close the connection
    ///        and leave log-dirty mode.
    void Abandon();

    /// @return stream bytes handed to TCP
    uint64_t GetBytesSent() const;
    /// @return page descriptors sent
    uint64_t GetPagesSent() const;
    /// @return rounds begun
    uint32_t GetRounds() const;

    /// @return post-copy: the source's memory when the state was sent (null before)
    Ptr<GuestMemory> GetSourceCopy() const;

    /**
     * Bytes of a post-copy page request on the return path: QEMU 7.2's
     * MIG_RP_MSG_REQ_PAGES (migrate_send_rp_req_pages): a 2-byte message type and a
     * 2-byte length, then the page's 8-byte start address and 4-byte length.
     */
    static constexpr uint32_t REQUEST_BYTES = 16;
    /// QEMU 7.2's MIG_RP_MSG_REQ_PAGES (migration/migration.c: enum mig_rp_message_type).
    static constexpr uint16_t REQUEST_TYPE = 4;

    /**
     * @brief Encode a page request.
     * @param page the page
     * @param out receives REQUEST_BYTES bytes
     */
    static void EncodeRequest(uint32_t page, std::vector<uint8_t>& out);

    /**
     * The rate limit's window: QEMU's BUFFER_DELAY (100 ms, migration/migration.c),
     * in which at most max-bandwidth / XFER_LIMIT_RATIO (10) bytes are sent.
     */
    static constexpr int64_t RATE_WINDOW_MS = 100;

  protected:
    void DoDispose() override;

  private:
    /// @brief Close the connection with no callback left to reach this sender.
    void ReleaseSocket();

    /// Where the sender is in the migration.
    enum Phase
    {
        CONNECTING, //!< waiting for the TCP connection
        ROUND,      //!< sending the pages of a round
        SUSPENDING, //!< waiting for the VM to be paused
        TRAILER,    //!< sending the end marker and the device state
        PUSH,       //!< post-copy: sending the pages after the state
        END_MARKER, //!< post-copy: sending the last trailer, without state
        FINISHED,   //!< everything handed to TCP
        FAILED,     //!< abandoned: the connection failed, broke or was closed
    };

    void StartApplication() override;
    void StopApplication() override;

    /// @brief The connection is up: enable the dirty log and start.
    void ConnectionSucceeded(Ptr<Socket> socket);
    /// @brief The connection failed: there is no migration without it.
    void ConnectionFailed(Ptr<Socket> socket);
    /// @brief The connection closed before the stream was complete.
    void ConnectionLost(Ptr<Socket> socket);
    /**
     * @brief Stop and report a failure.
     * @param reason why the migration cannot go on
     */
    void Fail(const std::string& reason);
    /// @brief Send-buffer space freed up.
    void SendSpace(Ptr<Socket> socket, uint32_t available);
    /// @brief Post-copy: page requests arrived on the return path.
    void ReceiveRequests(Ptr<Socket> socket);
    /// @brief Post-copy: the state is handed to TCP; the pages follow.
    void BeginPush();

    /// @brief Send as much as the socket takes, round after round.
    void Advance();
    /// @return whether the current batch (or trailer) is wholly handed to TCP
    bool FlushUnit();
    /// @return whether a batch was assembled (false: the round has no more pages)
    bool AssembleBatch();
    /// @brief Start the next round.
    void BeginRound(bool final);
    /// @brief Close the round and ask the strategy what follows.
    void EndRound();
    /**
     * @return the bytes the strategy's rate limit lets the sender hand to TCP now (its
     *         GetMaxBandwidth per second, as QEMU's rate limit allows max-bandwidth / 10
     *         bytes per 100 ms window); when none, a wake-up is set for the next window
     */
    uint64_t RateBudget();
    /// @brief dom0 has mapped and copied the batch: write it.
    void BatchReady();
    /**
     * @brief Turn the VM's log-dirty mode on or off, after applying its writes so far.
     * @param on the new mode
     */
    void SetLogDirty(bool on);

    Ptr<VirtualMachine> m_vm;                                //!< the VM being migrated
    Ptr<MigrationStrategy> m_strategy;                       //!< chooses the pages
    Address m_target;                                        //!< receiver address
    Ptr<Socket> m_socket;                                    //!< the migration connection
    uint32_t m_sendBuffer{0};                                //!< the socket\'s send buffer, bytes
    Ptr<ProcessorSharingCpu> m_cpu;                          //!< the source host's CPU
    Time m_costPerPage;                                      //!< dom0 CPU per page sent
    bool m_cpuBusy{false};                                   //!< a batch is being prepared
    Callback<void> m_suspend;                                //!< pauses the VM
    Callback<void, const MigrationRoundRecord&> m_roundDone; //!< round records
    Callback<void, std::string> m_failed;                    //!< reports a failure
    Phase m_phase;                                           //!< progress
    std::vector<uint32_t> m_pages;                           //!< pages of the batch
    std::vector<MigrationStream::Descriptor> m_batch;        //!< descriptors of the batch
    std::vector<uint8_t> m_header;                           //!< header bytes of the unit
    uint32_t m_headerSent;                                   //!< header bytes handed to TCP
    uint64_t m_dataLeft;                                     //!< data bytes not yet handed
    MigrationRoundRecord m_round;                            //!< the current round
    uint64_t m_bytesSent;                                    //!< stream bytes handed to TCP
    uint64_t m_pagesSent;                                    //!< descriptors sent
    uint64_t m_rateLimit{0};                                 //!< bytes/s cap (0: none)
    Time m_rateStart;                                        //!< start of the rate windows
    int64_t m_rateWindow{-1};                                //!< the current window's index
    uint64_t m_windowBytes{0};                               //!< bytes sent in that window
    EventId m_rateWakeUp;                                    //!< next window, when waiting
    Ptr<PostCopyStrategy> m_postCopy;                        //!< the strategy, if post-copy
    Ptr<GuestMemory> m_sourceCopy;                           //!< post-copy: memory at suspend
    std::vector<uint8_t> m_requestBytes;                     //!< a request being read
};

} // namespace ns3

#endif /* MIGRATION_SENDER_H */
