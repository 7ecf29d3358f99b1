/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_RECEIVER_H
#define MIGRATION_RECEIVER_H

#include "dirty-page-model.h"
#include "guest-memory.h"
#include "migration-stream.h"
#include "processor-sharing-cpu.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
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
 *
 * Post-copy (SetSwitchoverCallback): the state comes first, and the switch-over
 * callback runs when it is in; the pages follow, and a second trailer, without state,
 * ends the stream.  From StartPostCopy on the receiver knows which pages the target
 * lacks, and from StartFaults (the VM runs on the target) the guest faults on them:
 * in the background, at the DirtyPageModel's access rate (reads and writes) times the
 * share of the working set still missing, on a missing working-set page drawn
 * uniformly; and on the pages the guest's requests touch (DirtyPageModel::AccessNow).
 * A fault sends a page request (MigrationSender::REQUEST_BYTES) on the connection's
 * return path, and the faulting vCPU stalls until the page is in: it runs no job
 * (ProcessorSharingCpu::StallCore), the request that touched the page waits for it
 * before it responds, and the background accesses slow down by the share of vCPUs
 * stalled (none with the one vCPU of XCP's templates).  A page that arrives a second
 * time is not applied (the target has it, perhaps written since) and is counted.
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

    /**
     * @brief Make the stream a post-copy one: the state comes first.
     * @param switchover called when the state is in (and every batch before it copied)
     */
    void SetSwitchoverCallback(Callback<void> switchover);

    /**
     * @brief The state is in: the pages of @p missing have not arrived (QEMU's discard
     *        bitmap); those that arrive from now on fill them in.
     * @param missing one bit per page the target lacks
     * @param guest the VM's access model (its rates, working set and requests)
     * @param vcpus the VM's vCPUs: a fault stalls one of them until its page is in
     *        (null: nothing stalls but the faulting access itself)
     */
    void StartPostCopy(const std::vector<uint64_t>& missing,
                       Ptr<DirtyPageModel> guest,
                       Ptr<ProcessorSharingCpu> vcpus);

    /// @brief The VM runs on the target: its accesses fault on the missing pages.
    void StartFaults();

    /// @brief Stop faulting (the migration ended or was lost).
    void StopFaults();

    /// @brief The migration is abandoned (its source failed): stop faulting, take in
    ///        nothing more, close the connection.
    void Abandon();

    /**
     * @brief The guest touches @p page: if the target lacks it and a vCPU runs to touch
     *        it, that vCPU faults and stalls until the page is in; the page is requested
     *        unless another vCPU already waits for it.
     * @param page a page number
     * @param resume called once the page is in, if it faulted
     * @return whether it faulted
     */
    bool Touch(uint32_t page, Callback<void> resume = Callback<void>());

    /// @return pages the target still lacks
    uint64_t GetMissingPages() const;
    /// @return the guest's faults on missing pages
    uint64_t GetFaults() const;
    /// @return pages that arrived after the target already had them (0 when each page
    ///         arrives once)
    uint64_t GetDuplicatePages() const;
    /// @return the time vCPUs stalled in faults, in all
    Time GetFaultStall() const;
    /// @return the last fault's time from the access to the page's arrival
    Time GetLastFaultLatency() const;

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
    /// @brief Post-copy: the state and every batch before it are in.
    void Switchover();
    /// @brief Draw the next background fault, from now (the missing pages changed).
    void ScheduleFault();
    /// @brief A background access hits a missing page now.
    void BackgroundFault();
    /// @brief Send the request for the faulted page on the return path.
    void SendRequest(uint32_t page);
    /// @brief Let the vCPUs whose pages are now in run again.
    void ResumeFaulted();
    /// @return the guest's vCPUs (1 without a CPU)
    uint32_t Vcpus() const;

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
    Callback<void> m_switchover;                      //!< post-copy: the state is in
    bool m_stateIn{false};                            //!< post-copy: the state arrived
    uint32_t m_batchesBeforeState{0};                 //!< batches to copy before the switch
    bool m_postCopy{false};                           //!< StartPostCopy was called
    std::vector<uint64_t> m_missing;                  //!< pages the target lacks
    uint64_t m_missingCount{0};                       //!< how many
    uint64_t m_missingWorkingSet{0};                  //!< of them, in the working set
    Ptr<DirtyPageModel> m_guest;                      //!< the guest's accesses
    bool m_faulting{false};                           //!< the guest runs on the target
    Ptr<ProcessorSharingCpu> m_vcpus;                 //!< the guest's vCPUs

    /// A vCPU stalled in a fault.
    struct Fault
    {
        uint32_t page;         //!< the page it waits for
        Time start;            //!< when it faulted
        Callback<void> resume; //!< what it goes on with once the page is in
    };

    std::vector<Fault> m_stalled; //!< one per stalled vCPU
    EventId m_nextFault;          //!< the next background fault
    uint64_t m_faults{0};         //!< faults
    uint64_t m_duplicates{0};     //!< pages that arrived again
    Time m_faultStall;            //!< stall time, in all
    Time m_lastFaultLatency;      //!< the last fault's stall
};

} // namespace ns3

#endif /* MIGRATION_RECEIVER_H */
