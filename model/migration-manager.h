/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_MANAGER_H
#define MIGRATION_MANAGER_H

#include "hypervisor.h"
#include "migration-receiver.h"
#include "migration-record.h"
#include "migration-sender.h"
#include "migration-strategy.h"
#include "virtual-machine.h"

#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/simple-ref-count.h"
#include "ns3/traced-callback.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The toolstack: runs migrations from request to release.
 *
 * A migration goes through these phases, each a Time attribute so that a testbed
 * can be calibrated:
 * 1. preparation: the target creates the domain and reserves its memory
 *    (PreparationTime + ReservationTimePerMiB x memory);
 * 2. transfer: a MigrationSender on the source and a MigrationReceiver on the target
 *    exchange the stream over TCP between the hosts' dom0 addresses; the strategy
 *    decides the rounds;
 * 3. suspend (SuspendTime): when the strategy asks, the VM is paused -- the
 *    downtime starts when the pause is requested;
 * 4. resume (ResumeTime): once the whole stream is in, the target restores and
 *    unpauses the VM -- the downtime ends;
 * 5. release (ReleaseTime): the source tears the old domain down; the migration
 *    ends.
 * dom0's work per page (SendCostPerPage, ReceiveCostPerPage) runs on the hosts' CPUs,
 * shared with whatever else runs there: a CPU-bound dom0 slows the stream.
 * At resume the target's copy of the memory is compared page by page with the
 * source's: the number of differing pages is recorded (0 when nothing was lost).
 *
 * With a PostCopyStrategy the state goes first: once it is in, the target resumes the
 * VM (ResumeTime) while the pages follow; the memory is compared when the last page
 * is in (each page as the source had it at the suspend), and the source releases the
 * VM after that and after the resume.  Until then the VM needs both hosts: if the
 * source fails (FailHost) the VM is lost.
 */
class MigrationManager : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    MigrationManager();

    /**
     * @brief Check whether a migration can start now.
     * @param vm the VM to move
     * @param target the host to move it to
     * @return an empty string, or why the migration is impossible
     */
    std::string CheckMigration(Ptr<VirtualMachine> vm, Ptr<Hypervisor> target) const;

    /**
     * @brief Migrate a VM at a given time; a migration found impossible then stops
     *        the simulation with the reason.
     * @param vm the VM to move
     * @param target the host to move it to
     * @param strategy how to move it
     * @param delay when, from now
     */
    void Migrate(Ptr<VirtualMachine> vm,
                 Ptr<Hypervisor> target,
                 Ptr<MigrationStrategy> strategy,
                 Time delay);

    /**
     * @brief A host fails now: every migration from it is abandoned and its VM lost
     *        (the VM ran there, or, after a post-copy switch-over, its memory did).
     *        The record's failure says so.  Migrations to it are not modelled.
     * @param host the host that fails
     */
    void FailHost(Ptr<Hypervisor> host);

    /**
     * @param vm a VM
     * @return the target side of its migration in progress (null if none has one)
     */
    Ptr<MigrationReceiver> GetReceiver(Ptr<VirtualMachine> vm) const;

    /// @return one record per migration started, in start order
    std::vector<MigrationRecord> GetRecords() const;
    /// @return one record per round of every migration, in time order
    const std::vector<MigrationRoundRecord>& GetRounds() const;

    /**
     * TracedCallback signature for migration events.
     * @param [in] record the migration's record so far
     */
    typedef void (*MigrationTracedCallback)(const MigrationRecord& record);

    /**
     * TracedCallback signature for the end of a round.
     * @param [in] round the round's record
     */
    typedef void (*RoundTracedCallback)(const MigrationRoundRecord& round);

  protected:
    void DoDispose() override;

  private:
    /// One migration in progress or done.
    struct Migration : public SimpleRefCount<Migration>
    {
        Ptr<VirtualMachine> vm;          //!< the VM
        Ptr<Hypervisor> source;          //!< where it runs
        Ptr<Hypervisor> target;          //!< where it goes
        Ptr<MigrationStrategy> strategy; //!< how
        Ptr<MigrationSender> sender;     //!< source side of the stream
        Ptr<MigrationReceiver> receiver; //!< target side of the stream
        MigrationRecord record;          //!< what happened
        bool active{false};              //!< between start and release
        bool postCopy{false};            //!< the state goes before the pages
        bool switched{false};            //!< post-copy: the state is at the target
        bool resumed{false};             //!< the VM runs on the target
        bool streamDone{false};          //!< every page is at the target
    };

    /// @brief Phase 1: check, reserve memory on the target, prepare.
    void Start(Ptr<Migration> m);
    /// @brief Phase 2: open the stream.
    void StartTransfer(Ptr<Migration> m);
    /// @brief Phase 3: pause the VM for the final round.
    void Suspend(Ptr<Migration> m);
    /// @brief The stream is complete: check the memory, restore the VM.
    void StreamComplete(Ptr<Migration> m);
    /// @brief Post-copy: the state is in; the target resumes the VM, the pages follow.
    void Switchover(Ptr<Migration> m);
    /// @brief Phase 4 done: the VM runs on the target.
    void Resumed(Ptr<Migration> m);
    /// @brief Copy the sender's and the receiver's counts into the record.
    void RecordCounts(Ptr<Migration> m);
    /// @brief Phase 5 done: the source has released the VM.
    void Released(Ptr<Migration> m);
    /**
     * @brief The migration cannot go on: the VM goes on running on the source, the
     *        target gives back its memory.
     * @param m the migration
     * @param reason why
     */
    void Fail(Ptr<Migration> m, std::string reason);
    /// @brief A round ended.
    void RoundEnded(Ptr<Migration> m, const MigrationRoundRecord& round);
    /// @return whether a migration of @p vm is in progress
    bool IsMigrating(Ptr<VirtualMachine> vm) const;

    Time m_preparationTime;                     //!< fixed preparation on the target
    Time m_reservationPerMiB;                   //!< memory reservation time per MiB
    Time m_suspendTime;                         //!< pausing the VM
    Time m_resumeTime;                          //!< restoring the VM on the target
    Time m_releaseTime;                         //!< tearing down the source domain
    Time m_sendCost;                            //!< source dom0 CPU per page
    Time m_receiveCost;                         //!< target dom0 CPU per page
    uint16_t m_basePort;                        //!< port of the first migration
    std::vector<Ptr<Migration>> m_migrations;   //!< all migrations, in start order
    std::vector<MigrationRoundRecord> m_rounds; //!< all rounds

    TracedCallback<const MigrationRecord&> m_startedTrace;    //!< migration started
    TracedCallback<const MigrationRoundRecord&> m_roundTrace; //!< round ended
    TracedCallback<const MigrationRecord&> m_suspendedTrace;  //!< VM paused
    TracedCallback<const MigrationRecord&> m_resumedTrace;    //!< VM runs on the target
    TracedCallback<const MigrationRecord&> m_completedTrace;  //!< source released the VM
    TracedCallback<const MigrationRecord&> m_failedTrace;     //!< migration abandoned
};

} // namespace ns3

#endif /* MIGRATION_MANAGER_H */
