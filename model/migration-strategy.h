/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_STRATEGY_H
#define MIGRATION_STRATEGY_H

#include "guest-memory.h"
#include "migration-record.h"
#include "virtual-machine.h"

#include "ns3/object.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Decides which pages go in each round of a migration, and when to suspend.
 *
 * The MigrationSender drives a strategy round by round: BeginRound, then NextBatch
 * until it returns an empty batch, then EndRound, whose answer says whether another
 * live round follows, the VM is to be suspended for the final round, or the memory
 * is all sent.  A strategy only chooses pages; the sender encodes and sends them,
 * and the MigrationManager runs the toolstack phases.
 */
class MigrationStrategy : public Object
{
  public:
    /// What follows a round.
    enum NextStep
    {
        LIVE_ROUND,  //!< another round with the VM running
        FINAL_ROUND, //!< suspend the VM, then one last round
        DONE,        //!< all memory is sent
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /// @return the name used in records and on the command line
    virtual std::string GetName() const = 0;

    /// @return whether the first round runs with the VM still running
    virtual bool IsLive() const = 0;

    /**
     * @brief Say which VM is migrated; called before Start.  A strategy that acts on
     *        the guest itself (QemuPreCopyStrategy throttles its vCPUs) keeps it.
     * @param vm the VM
     */
    virtual void SetVirtualMachine(Ptr<VirtualMachine> vm);

    /**
     * @return the most stream bytes per second the sender may hand to TCP (0: no limit);
     *         read once, when the connection is up
     */
    virtual uint64_t GetMaxBandwidth() const;

    /**
     * @brief The stream bytes handed to TCP so far; the sender reports them before it
     *        asks for each batch (a strategy may measure the bandwidth with them).
     * @param bytes stream bytes handed to TCP since the migration started
     */
    virtual void NotifyBytesSent(uint64_t bytes);

    /**
     * @param page a populated page of the batch NextBatch just chose
     * @return the bytes of its delta encoding (MigrationStream's XBZRLE batch), or 0 if
     *         it goes whole; a batch's pages are either all encoded or none
     */
    virtual uint16_t GetEncodedBytes(uint32_t page) const;

    /**
     * @brief Start a migration of @p memory; the dirty log has just been cleared.
     * @param memory the guest memory on the source
     */
    virtual void Start(Ptr<GuestMemory> memory);

    /**
     * @brief Begin a round.
     * @param round the round number, from 1
     * @param final whether the VM is paused (the last round)
     */
    virtual void BeginRound(uint32_t round, bool final) = 0;

    /**
     * @brief Choose the next pages of the current round.
     * @param pages cleared, then filled with at most @p maxPages page numbers; left
     *        empty when the round has no more pages
     * @param maxPages the largest batch
     */
    virtual void NextBatch(std::vector<uint32_t>& pages, uint32_t maxPages) = 0;

    /**
     * @brief Decide what follows the round that just ended.
     * @param round the round's record (pages sent and skipped, the running totals)
     * @param totalPagesSent pages sent since the migration started
     * @return the next step
     */
    virtual NextStep EndRound(const MigrationRoundRecord& round, uint64_t totalPagesSent) = 0;

    /// @brief The migration was abandoned: undo what the strategy did to the guest.
    virtual void Cancel();

    /// @return pages skipped so far in the current round
    uint64_t GetSkippedThisRound() const;

  protected:
    void DoDispose() override;

    Ptr<GuestMemory> m_memory; //!< memory being migrated
    Ptr<VirtualMachine> m_vm;  //!< the VM being migrated (SetVirtualMachine)
    uint64_t m_skipped{0};     //!< pages skipped in the current round
};

} // namespace ns3

#endif /* MIGRATION_STRATEGY_H */
