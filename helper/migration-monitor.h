/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_MONITOR_H
#define MIGRATION_MONITOR_H

#include "migration-monitor-columns.h"
#include "request-log.h"

#include "ns3/closed-loop-client.h"
#include "ns3/migration-manager.h"
#include "ns3/migration-record.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/virtual-machine.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Collects what migrations and their clients did, from trace sources, and writes
 *        it as CSV files: the module's counterpart of FlowMonitor.
 *
 * Connected (AddManager, AddVm, AddClient, or MigrationMonitorHelper) before the
 * simulation runs, it keeps:
 * - one MigrationRecord per migration, in start order, as the manager's
 *   MigrationStarted, Suspended, Resumed, MigrationCompleted and MigrationFailed traces
 *   left it (a migration still under way when the run ends is in-progress);
 * - one MigrationRoundRecord per round (RoundCompleted), in time order;
 * - every life-cycle change of the VMs (VirtualMachine's State), as a StateChange;
 * - the clients' requests (ClosedLoopHttpClient's Request), in a RequestLog.
 *
 * The files (FormatCsv, WriteCsv; their columns are MigrationMonitor::Columns):
 * - migrations.csv: vm,src,dst,strategy,memory_mib,start_s,end_s,total_s,downtime_s,
 *   bytes_sent,pages_sent,rounds,pages_pulled,faults,fault_stall_s,status
 *   (completed, failed:<reason> or in-progress);
 * - rounds.csv: vm,round,start_s,end_s,pages_sent,pages_dirtied;
 * - events.csv: requested_s,suspended_s,resumed_s,released_s, then the downtime the
 *   clients saw, client_gap_start_s,client_gap_end_s,client_downtime_s
 *   (RequestLog::FindClientGap; empty cells without clients or when no OK response came
 *   after the resume);
 * - with clients, RequestLog's requests.csv, timeseries.csv, summary.csv and
 *   operations.csv.
 * Times are in seconds with microsecond resolution, so that the same run gives the same
 * bytes.
 */
class MigrationMonitor : public Object
{
  public:
    /// The column names of the files, and each file's columns in order.
    using Columns = MigrationMonitorColumns;

    /// A VM's life-cycle change (VirtualMachine's State trace source).
    struct StateChange
    {
        Time time;                                           //!< when
        std::string vm;                                      //!< the VM's name
        VirtualMachine::State from{VirtualMachine::RUNNING}; //!< its state before
        VirtualMachine::State to{VirtualMachine::RUNNING};   //!< its state after
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    MigrationMonitor();

    /**
     * @brief Record the migrations and rounds of @p manager.
     * @param manager the toolstack
     */
    void AddManager(Ptr<MigrationManager> manager);

    /**
     * @brief Record the life-cycle changes of @p vm, under its name at this call.
     * @param vm the VM
     */
    void AddVm(Ptr<VirtualMachine> vm);

    /**
     * @brief Record the requests of @p client; the log takes @p operations, the client's
     *        operation table, for the names and SLAs in the files (clients added to one
     *        monitor share one table).
     * @param client the load generator
     * @param operations its operation table
     */
    void AddClient(Ptr<ClosedLoopHttpClient> client, const HttpOperationTable& operations);

    /// @brief Forget every record; the connections stay.
    void Clear();

    /// @return one record per migration started, in start order
    const std::vector<MigrationRecord>& GetRecords() const;
    /// @return one record per round of every migration, in time order
    const std::vector<MigrationRoundRecord>& GetRounds() const;
    /// @return the VMs' life-cycle changes, in time order
    const std::vector<StateChange>& GetStateChanges() const;
    /// @return the clients' requests
    const RequestLog& GetRequestLog() const;
    /// @return whether a client was added: whether the request files are written
    bool HasClients() const;

    /**
     * @brief The output files.
     * @param steadyStart start of the steady state (summary.csv and operations.csv)
     * @param steadyEnd its end
     * @param seriesEnd end of timeseries.csv (RequestLog::FormatTimeseries)
     * @return file name to contents: migrations.csv, rounds.csv, events.csv and, with
     *         clients, requests.csv, timeseries.csv, summary.csv and operations.csv
     */
    std::vector<std::pair<std::string, std::string>> FormatCsv(Time steadyStart,
                                                               Time steadyEnd,
                                                               Time seriesEnd) const;

    /**
     * @brief Replace the contents of @p directory by the files of FormatCsv, as one set
     *        (OutputFolder::Replace).
     * @param directory where
     * @param steadyStart start of the steady state
     * @param steadyEnd its end
     * @param seriesEnd end of timeseries.csv
     * @return an empty string, or why it failed
     */
    std::string WriteCsv(const std::string& directory,
                         Time steadyStart,
                         Time steadyEnd,
                         Time seriesEnd) const;

    /// @return the names of the files FormatCsv may give
    static std::vector<std::string> GetFileNames();

    /**
     * @param records migrations
     * @return the contents of migrations.csv
     */
    static std::string FormatMigrations(const std::vector<MigrationRecord>& records);

    /**
     * @param rounds rounds
     * @return the contents of rounds.csv
     */
    static std::string FormatRounds(const std::vector<MigrationRoundRecord>& rounds);

    /**
     * @brief The text of events.csv: one row per migration (its window and its downtime,
     *        then the clients' view of the downtime).  The header is the same with or
     *        without clients, so that the files of several runs concatenate.
     * @param records the migrations
     * @param requests the clients' log, or nullptr without clients (empty cells)
     * @return the CSV text, header included
     */
    static std::string FormatEvents(const std::vector<MigrationRecord>& records,
                                    const RequestLog* requests);

  protected:
    void DoDispose() override;

  private:
    /**
     * @brief A migration started, paused, resumed or ended: keep its record as it is now.
     * @param record the manager's record so far
     */
    void MigrationChanged(const MigrationRecord& record);

    /**
     * @brief A round ended.
     * @param round its record
     */
    void RoundCompleted(const MigrationRoundRecord& round);

    /**
     * @brief A VM changed state.
     * @param vm its name
     * @param from the state before
     * @param to the state after
     */
    void StateChanged(std::string vm, VirtualMachine::State from, VirtualMachine::State to);

    std::vector<MigrationRecord> m_records;     //!< the migrations, in start order
    std::vector<MigrationRoundRecord> m_rounds; //!< their rounds, in time order
    std::vector<StateChange> m_states;          //!< the VMs' life-cycle changes
    RequestLog m_requests;                      //!< the clients' requests
    uint32_t m_clients{0};                      //!< clients added
};

} // namespace ns3

#endif /* MIGRATION_MONITOR_H */
