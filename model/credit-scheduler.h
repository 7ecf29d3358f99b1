/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CREDIT_SCHEDULER_H
#define CREDIT_SCHEDULER_H

#include "processor-sharing-cpu.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A host's physical cores shared among the vCPUs of its domains (dom0 and the
 *        guests), as Xen's credit scheduler shares them between equal-weight vCPUs.
 *
 * Each domain is a ProcessorSharingCpu whose Cores are its vCPUs: its own jobs share
 * its vCPUs by processor sharing, each job on at most one vCPU.  The scheduler gives
 * every busy vCPU of every attached domain the same share of the host's Cores cores
 * of Speed: with V busy vCPUs in all, each runs at Speed * min(1, Cores / V).  It
 * sets that speed on every domain whenever a domain's number of busy vCPUs changes.
 *
 * This is processor sharing per vCPU: Xen's credit scheduler (sched_credit.c) gives
 * vCPUs of equal weight (the default, 256) equal shares of the physical CPUs over its
 * 30 ms accounting periods and caps no domain by default (cap 0), so over periods
 * longer than a time slice the shares are those of processor sharing.  Time slices,
 * the BOOST priority of a vCPU woken by an event, and vCPU migration between cores are
 * not modelled.
 */
class CreditScheduler : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    CreditScheduler();

    /**
     * @brief Share the host's cores with this domain from now on.
     * @param domain the domain's vCPUs
     */
    void Attach(Ptr<ProcessorSharingCpu> domain);

    /**
     * @brief Stop sharing the host's cores with this domain (it left the host).
     * @param domain the domain's vCPUs
     */
    void Detach(Ptr<ProcessorSharingCpu> domain);

    /**
     * @param domain a domain's vCPUs
     * @return whether the domain shares this host's cores
     */
    bool IsAttached(Ptr<ProcessorSharingCpu> domain) const;

    /// @return the busy vCPUs of all attached domains
    uint32_t GetBusyVcpus() const;

    /// @return the speed a busy vCPU runs at now
    double GetVcpuSpeed() const;

    /**
     * @return physical core-seconds busy up to now: the integral over time of
     *         min(busy vCPUs, Cores).  Divided by elapsed time and Cores, it is the
     *         host's utilisation.
     */
    double GetBusyCoreSeconds() const;

  protected:
    void DoDispose() override;

  private:
    /**
     * @brief A domain's busy vCPUs changed: share the cores anew.
     * @param busy the domain's busy vCPUs (unused: all domains are counted)
     */
    void BusyChanged(uint32_t busy);

    /// @brief Set every domain's vCPU speed from the busy vCPUs of all domains.
    void Rebalance();

    uint32_t m_cores;                                //!< physical cores
    uint32_t m_busyCores{0};                         //!< cores busy since m_lastChange
    Time m_lastChange;                               //!< instant m_busyTime refers to
    Time m_busyTime;                                 //!< busy core-time up to m_lastChange
    double m_speed;                                  //!< speed of each core
    std::vector<Ptr<ProcessorSharingCpu>> m_domains; //!< attached domains
};

} // namespace ns3

#endif /* CREDIT_SCHEDULER_H */
