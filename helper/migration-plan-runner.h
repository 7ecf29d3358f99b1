/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_PLAN_RUNNER_H
#define MIGRATION_PLAN_RUNNER_H

#include "migration-helper.h"
#include "migration-plan.h"
#include "testbed.h"

#include "ns3/object.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Runs a MigrationPlan: starts each migration at its time, at most MaxConcurrent
 *        at once, and keeps what became of each.
 *
 * A migration that is due waits while the limit is reached, while its VM is still
 * migrating (a plan may move a VM twice), or while its target lacks the memory (a VM
 * leaving it may free it: a swap, a consolidation).  Due migrations start in the plan's
 * order, each as soon as it can.  When nothing runs and nothing is still to come, the
 * migrations still waiting for memory are refused and recorded, as is one the manager
 * refuses.  Concurrent migrations share the
 * links, the hosts' queues and dom0 CPUs as the models share them: nothing here divides
 * bandwidth.
 *
 * A topology split into partitions (TopologyPartition) keeps each migration inside one:
 * Install refuses a migration whose VM and target are in different partitions, and a
 * limit (MaxConcurrent) on a plan that moves VMs in more than one, since under ns-3's
 * distributed simulator each process starts only the migrations of its own VMs and could
 * count only those.  The processes then hand their outcomes to one (EncodeOutcomes,
 * MergeOutcomes).
 */
class MigrationPlanRunner : public Object
{
  public:
    /// What became of one migration of the plan.
    struct Outcome
    {
        MigrationPlan::Entry entry; //!< the plan's migration
        MigrationRecord record;     //!< the manager's record, once started
        bool started{false};        //!< whether the manager was asked for it
        bool reserved{false};       //!< whether it has reserved its target's memory
        std::string refusal;        //!< why it was not started ("" if it was, or is waiting)
    };

    /// The plan as a whole.
    struct Summary
    {
        uint32_t planned{0};    //!< migrations in the plan
        uint32_t completed{0};  //!< migrations whose VM runs on its target
        uint32_t failed{0};     //!< migrations that failed or were refused
        uint32_t unfinished{0}; //!< migrations still waiting or running at the end
        Time makespan;          //!< from the plan's earliest time to its last release
        Time totalDowntime;     //!< sum of the completed migrations' downtimes
        uint64_t bytes{0};      //!< migration stream bytes of all migrations
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    MigrationPlanRunner();

    /**
     * @brief Check the plan against the testbed and schedule its migrations.
     *
     * Call it before Simulator::Run; the VMs must be on their hosts.  Nothing is
     * scheduled if any entry names an unknown VM or host.
     * @param plan the plan
     * @param testbed the machines the plan names
     * @param migration makes the strategies and holds the manager that runs them (the
     *        runner keeps a copy, which shares the manager)
     * @return "" or the first entry at fault and why
     */
    std::string Install(const MigrationPlan& plan,
                        Ptr<Testbed> testbed,
                        MigrationHelper& migration);

    /// @return each planned migration's outcome, in the plan's order
    const std::vector<Outcome>& GetOutcomes() const;

    /// @return the plan's summary, from the outcomes so far
    Summary GetSummary() const;

    /// @return the outcomes as CSV (plan.csv), one row per planned migration
    std::string FormatCsv() const;

    /// @return the summary as CSV: a header and one row
    std::string FormatSummaryCsv() const;

    /**
     * @return the outcomes of the migrations this process ran (PartitionExchange::IsLocal
     *         of their VMs), as lines of text for MergeOutcomes
     */
    std::string EncodeOutcomes() const;

    /**
     * @brief Take the outcomes another process ran.
     * @param text what that process's EncodeOutcomes returned
     * @return "" or what is wrong with @p text
     */
    std::string MergeOutcomes(const std::string& text);

  protected:
    void DoDispose() override;

  private:
    /// @brief Migration @p index of the plan is due: queue it and start what can start.
    void Due(size_t index);

    /// @brief Start the queued migrations that may start now, in the plan's order.
    void StartWhatCan();

    /**
     * @brief Record that migration @p index of the plan will not be started.
     * @param index the migration
     * @param why the reason
     */
    void Refuse(size_t index, const std::string& why);

    /**
     * @brief A migration started: its target's memory is reserved, no longer promised.
     * @param record its record
     */
    void Started(const MigrationRecord& record);

    /**
     * @brief A migration ended (completed or failed): free its place.
     * @param record its record
     */
    void Ended(const MigrationRecord& record);

    uint32_t m_maxConcurrent;                     //!< most migrations at once (0: no limit)
    MigrationHelper m_migration;                  //!< starts the migrations
    std::vector<Outcome> m_outcomes;              //!< one per planned migration
    std::vector<Ptr<VirtualMachine>> m_vms;       //!< each entry's VM
    std::vector<Ptr<Hypervisor>> m_targets;       //!< each entry's target
    std::vector<bool> m_local;                    //!< whether this process runs each entry
    std::deque<size_t> m_queue;                   //!< due migrations not started, plan order
    size_t m_notDue{0};                           //!< migrations whose time has not come
    std::map<std::string, size_t> m_inFlight;     //!< running migrations: VM name to entry
    std::map<Ptr<Hypervisor>, double> m_promised; //!< MiB of starting migrations, by target
};

} // namespace ns3

#endif /* MIGRATION_PLAN_RUNNER_H */
