/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_PLANNER_H
#define MIGRATION_PLANNER_H

#include "migration-plan.h"
#include "testbed.h"

#include "ns3/hypervisor.h"
#include "ns3/virtual-machine.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Placement and migration policies: where VMs boot, and plans that evacuate a
 *        host, consolidate VMs onto fewer hosts, or swap two hosts' VMs.
 *
 * The policies work on a snapshot of memory (a VM needs its memory free on a host; CPU is
 * not a constraint, as in XCP's default placement), so that they can be tested without a
 * simulation.  Every policy is deterministic: ties go to the name that sorts first, or to
 * the order given.
 */
class MigrationPlanner
{
  public:
    /// A VM as the policies see it.
    struct VmView
    {
        std::string name; //!< its name
        double memoryMiB; //!< its memory
        std::string host; //!< the host it runs on ("" before placement)
    };

    /// A host as the policies see it.
    struct HostView
    {
        std::string name;   //!< its name
        double freeMiB;     //!< memory neither dom0 nor a VM holds
        uint32_t group = 0; //!< a VM moves only between hosts of one group (the partition
                            //!< of a distributed run, TopologyPartition; 0 otherwise)
    };

    /**
     * @brief First fit by memory: each VM, in the order given, goes to the first host,
     *        in the order given, with room for it.
     * @param [in,out] vms the VMs; their hosts are set
     * @param [in,out] hosts the hosts; their free memory is reduced
     * @return "" or which VM fits nowhere
     */
    static std::string PlaceFirstFit(std::vector<VmView>& vms, std::vector<HostView>& hosts);

    /**
     * @brief Spread: each VM, in the order given, goes to the next host after the
     *        previous VM's (round robin, in the order given) with room for it.
     * @param [in,out] vms the VMs; their hosts are set
     * @param [in,out] hosts the hosts; their free memory is reduced
     * @return "" or which VM fits nowhere
     */
    static std::string PlaceSpread(std::vector<VmView>& vms, std::vector<HostView>& hosts);

    /**
     * @brief Every VM of @p host to another host of its group, first fit over the
     *        others in the order given (a VM that fits nowhere makes the plan fail).
     * @param host the host to empty
     * @param vms the VMs and where they run
     * @param hosts the hosts and their free memory
     * @param at when the migrations may start
     * @param [out] plan the migrations, largest VM first
     * @return "" or what makes the evacuation impossible
     */
    static std::string Evacuate(const std::string& host,
                                const std::vector<VmView>& vms,
                                std::vector<HostView> hosts,
                                Time at,
                                MigrationPlan& plan);

    /**
     * @brief First-fit decreasing onto as few hosts as possible: the hosts in order of
     *        the memory their VMs use (most first), the VMs by memory (largest first;
     *        among equals, those of the fullest hosts first, so that they stay), each to
     *        the first host with room; a VM whose host changes migrates.  Each group
     *        of hosts is consolidated on its own.
     * @param vms the VMs and where they run
     * @param hosts the hosts and their free memory
     * @param at when the migrations may start
     * @param [out] plan the migrations
     * @return "" (consolidation always finds a placement: the current one fits)
     */
    static std::string Consolidate(const std::vector<VmView>& vms,
                                   const std::vector<HostView>& hosts,
                                   Time at,
                                   MigrationPlan& plan);

    /**
     * @brief Every VM of @p a to @p b and every VM of @p b to @p a (two hosts of one
     *        group).
     *
     * Each host must hold the other's VMs once its own have left; while they have not,
     * a migration waits in MigrationPlanRunner for the memory to be freed.
     * @param a one host
     * @param b the other
     * @param vms the VMs and where they run
     * @param hosts the hosts and their free memory
     * @param at when the migrations may start
     * @param [out] plan the migrations, alternating between the two directions
     * @return "" or what makes the swap impossible
     */
    static std::string Swap(const std::string& a,
                            const std::string& b,
                            const std::vector<VmView>& vms,
                            const std::vector<HostView>& hosts,
                            Time at,
                            MigrationPlan& plan);

    /**
     * @brief The policies' view of live hypervisors and their VMs.
     * @param hypervisors the hosts, in the order the policies should try them
     * @param [out] vms their VMs
     * @param [out] hosts the hosts
     * @param testbed where the hosts' partitions are read, as their groups (null: one
     *        group)
     */
    static void Snapshot(const std::vector<Ptr<Hypervisor>>& hypervisors,
                         std::vector<VmView>& vms,
                         std::vector<HostView>& hosts,
                         Ptr<const Testbed> testbed = nullptr);

  private:
    /**
     * @brief Consolidate() for the hosts of one group and their VMs.
     * @param vms the group's VMs and where they run
     * @param hosts the group's hosts and their free memory
     * @param at when the migrations may start
     * @param [in,out] plan the migrations, appended to
     */
    static void ConsolidateGroup(const std::vector<VmView>& vms,
                                 const std::vector<HostView>& hosts,
                                 Time at,
                                 MigrationPlan& plan);
};

} // namespace ns3

#endif /* MIGRATION_PLANNER_H */
