/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CPU_THROTTLE_H
#define CPU_THROTTLE_H

#include "virtual-machine.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Makes a guest's vCPUs sleep a share of the time, as QEMU's auto-converge
 *        does (QEMU 7.2 softmmu/cpu-throttle.c).
 *
 * With a throttle of p percent, a timer fires every TIMESLICE / (1 - p/100)
 * (cpu_throttle_timer_tick) and puts the vCPUs to sleep for
 * TIMESLICE * (p/100) / (1 - p/100) (cpu_throttle_thread): the guest runs TIMESLICE,
 * then sleeps, so it runs (1 - p/100) of the time.  While it sleeps the guest's vCPUs
 * (VirtualMachine::GetCpu) are paused, which gives their cores to the host's other
 * domains, and its workload writes no memory (DirtyPageModel::Pause).  Its NIC still
 * receives: packets wait for the guest to run.  The first sleep starts when the
 * throttle is turned on (cpu_throttle_set ticks the timer when it was off); a new
 * value of an active throttle acts from the next tick.  A throttle never
 * wakes a VM that is not running for another reason (suspended, resuming).
 */
class CpuThrottle : public Object
{
  public:
    /// CPU_THROTTLE_TIMESLICE_NS: the guest runs this long between two sleeps.
    static constexpr int64_t TIMESLICE_MS = 10;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CpuThrottle();

    /**
     * @brief Throttle this VM.
     * @param vm the guest
     */
    void Attach(Ptr<VirtualMachine> vm);

    /**
     * @brief Set the throttle (cpu_throttle_set); 0 stops it (cpu_throttle_stop) and
     *        wakes a sleeping guest.
     * @param percent the share of the time the vCPUs sleep, 0 to 99
     */
    void SetPercentage(uint32_t percent);

    /// @return the throttle in percent (0: off)
    uint32_t GetPercentage() const;

    /// @return whether the guest's vCPUs are asleep now
    bool IsSleeping() const;

  protected:
    void DoDispose() override;

  private:
    /// @brief The timer fired: put the vCPUs to sleep, set the next tick.
    void Tick();
    /// @brief The sleep is over.
    void Wake();
    /// @return whether the VM runs (neither suspended nor resuming)
    bool VmRuns() const;

    Ptr<VirtualMachine> m_vm; //!< the throttled guest
    uint32_t m_percent{0};    //!< throttle, percent
    bool m_sleeping{false};   //!< the vCPUs sleep now
    EventId m_tick;           //!< next timer tick
    EventId m_wake;           //!< end of the current sleep
};

} // namespace ns3

#endif /* CPU_THROTTLE_H */
