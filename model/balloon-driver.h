/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BALLOON_DRIVER_H
#define BALLOON_DRIVER_H

#include "dirty-page-model.h"
#include "guest-memory.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-value.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The guest's Xen balloon driver: pages it holds are given back to Xen, so they
 *        are not populated and a migration sends no data for them.
 *
 * A page in the balloon is a page the guest has handed back to the hypervisor
 * (`decrease_reservation`): it is not populated (GuestMemory), and Xen's save sends only
 * its descriptor, as it does for every page of type XTAB (xc_domain_save).  The driver
 * takes free pages only: populated pages outside the DirtyPageModel's working set,
 * from the highest page number down, and gives the last pages taken back first.  It
 * never takes a working-set page: a target below the working set leaves the guest at
 * its working set (a real guest would swap or fail an allocation, which the model does
 * not simulate).
 *
 * Two ways to set the balloon, as Linux 3.x has them:
 * - **Directed** (drivers/xen/balloon.c): dom0 writes the guest's `memory/target`, e.g.
 *   `xm mem-set`; TargetMiB sets it at boot, SetTargetMiB at any time.
 * - **Self-ballooning** (drivers/xen/xen-selfballoon.c, Linux 3.1 on): every Interval
 *   the guest moves its memory towards its committed memory (Committed_AS): down by
 *   1/DownHysteresis of the excess, up by 1/UpHysteresis of the lack, never below a
 *   floor, a piecewise linear function of the guest's memory (MinUsableMiB 0) or
 *   MinUsableMiB.  The kernel's own reserve (totalreserve_pages) is taken as 0.
 *
 * The balloon holds still while the VM is not running on its own (a migration's
 * rounds, its pause and resume): a target given meanwhile takes effect when it runs
 * again.  A real guest's driver goes on during a live migration, and the pages it frees
 * are sent again as XTAB; holding it keeps every migration's pages in one state.
 * Moving the balloon takes no simulated time (Linux's driver frees 512 pages per
 * hypercall and reschedules itself at once).  What a smaller guest costs its workload
 * is not simulated: the pages the balloon takes are free or page cache, and the model
 * has neither a page cache nor disk reads.
 */
class BalloonDriver : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    BalloonDriver();

    /**
     * @brief Drive the balloon of a booted guest: set TargetMiB's target, start
     *        self-ballooning if it is on.
     * @param memory the guest's memory (sized, populated)
     * @param writes the guest's write model, attached to @p memory (its working set)
     */
    void Start(Ptr<GuestMemory> memory, Ptr<DirtyPageModel> writes);

    /**
     * @brief Directed ballooning: dom0 sets the guest's memory target now.
     * @param mib the memory the guest should have (MiB); 0 gives back every page the
     *        balloon holds
     */
    void SetTargetMiB(double mib);

    /**
     * @brief Tell the driver whether the VM runs on its own; the balloon holds still
     *        while it does not.
     * @param running whether it runs
     */
    void SetRunning(bool running);

    /// @return the pages the balloon holds
    uint32_t GetBalloonPages() const;

    /**
     * @param pageCount the guest's pages (its max_pfn)
     * @return the least memory self-ballooning leaves the guest, in pages, with
     *         MinUsableMiB 0: xen-selfballoon.c's piecewise linear floor
     */
    static uint32_t GetSelfBalloonFloor(uint32_t pageCount);

    /**
     * TracedValue signature for the balloon's size.
     * @param [in] oldPages the pages it held before
     * @param [in] newPages the pages it holds now
     */
    typedef void (*BalloonPagesTracedCallback)(uint32_t oldPages, uint32_t newPages);

  protected:
    void DoDispose() override;

  private:
    /// @brief One run of the self-ballooning worker; schedules the next.
    void SelfBalloonStep();

    /**
     * @brief Inflate or deflate the balloon until the guest has @p populated pages, or
     *        as near as its working set and the balloon's content allow.
     * @param populated the populated pages wanted
     */
    void MoveTo(uint32_t populated);

    /**
     * @brief Move to @p populated pages now if the VM runs (the balloon driver is a
     *        guest thread), else once it runs again.
     * @param populated the populated pages wanted
     */
    void Request(uint32_t populated);

    /// @brief Apply the target held while the VM did not run.
    void ApplyPending();

    Ptr<GuestMemory> m_memory;     //!< the guest's memory
    Ptr<DirtyPageModel> m_writes;  //!< its writes (the working set the balloon leaves)
    bool m_running{false};         //!< whether the VM runs on its own
    bool m_pending{false};         //!< a target waits for the VM to run
    uint32_t m_pendingPages{0};    //!< that target (populated pages)
    std::vector<uint32_t> m_taken; //!< pages in the balloon, in the order taken
    uint32_t m_cursor{0};          //!< pages at or above it: ballooned, working set or unpopulated
    double m_targetMiB;            //!< TargetMiB: the target at boot (0: none)
    bool m_selfBallooning;         //!< SelfBallooning
    Time m_interval;               //!< Interval: between two self-ballooning steps
    uint32_t m_downHysteresis;     //!< DownHysteresis
    uint32_t m_upHysteresis;       //!< UpHysteresis
    double m_minUsableMiB;         //!< MinUsableMiB (0: the piecewise linear floor)
    double m_reservedMiB;          //!< ReservedMiB: added to the goal
    double m_committedMiB;         //!< CommittedMiB (0: the working set)
    EventId m_step;                //!< the next self-ballooning step
    TracedValue<uint32_t> m_balloonPages; //!< pages the balloon holds
};

} // namespace ns3

#endif /* BALLOON_DRIVER_H */
