/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_MONITOR_COLUMNS_H
#define MIGRATION_MONITOR_COLUMNS_H

#include <cstddef>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The column names of the CSV files MigrationMonitor writes, and the order of each
 *        file's columns (MigrationMonitor::Columns).
 *
 * The writers put their headers together from these lists and every reader (the paper's
 * summary and plots, the tests) looks its columns up by these names, so that a renamed
 * column is renamed everywhere at once.  The header has no ns-3 dependency: programs
 * that only read the files can use it.
 */
struct MigrationMonitorColumns
{
    /// @name migrations.csv (and the first columns of rounds.csv)
    /// @{
    static constexpr const char* VM = "vm";                     //!< VM name
    static constexpr const char* SRC = "src";                   //!< source host
    static constexpr const char* DST = "dst";                   //!< target host
    static constexpr const char* STRATEGY = "strategy";         //!< strategy name
    static constexpr const char* MEMORY_MIB = "memory_mib";     //!< VM memory (MiB)
    static constexpr const char* START_S = "start_s";           //!< migration or round start (s)
    static constexpr const char* END_S = "end_s";               //!< migration or round end (s)
    static constexpr const char* TOTAL_S = "total_s";           //!< total migration time (s)
    static constexpr const char* DOWNTIME_S = "downtime_s";     //!< toolstack downtime (s)
    static constexpr const char* BYTES_SENT = "bytes_sent";     //!< stream bytes handed to TCP
    static constexpr const char* PAGES_SENT = "pages_sent";     //!< page descriptors sent
    static constexpr const char* ROUNDS = "rounds";             //!< rounds, the final one included
    static constexpr const char* PAGES_PULLED = "pages_pulled"; //!< post-copy: pages sent on demand
    static constexpr const char* FAULTS = "faults"; //!< post-copy: faults on missing pages
    /// post-copy: vCPU seconds stalled in faults, in all
    static constexpr const char* FAULT_STALL_S = "fault_stall_s";
    static constexpr const char* STATUS = "status"; //!< migration outcome, or request outcome
    /// @}

    /// @name rounds.csv
    /// @{
    static constexpr const char* ROUND = "round";                 //!< round number, from 1
    static constexpr const char* PAGES_DIRTIED = "pages_dirtied"; //!< pages written in the round
    /// @}

    /// @name events.csv
    /// @{
    static constexpr const char* REQUESTED_S = "requested_s"; //!< migration requested (s)
    static constexpr const char* SUSPENDED_S = "suspended_s"; //!< VM paused (s)
    static constexpr const char* RESUMED_S = "resumed_s";     //!< VM running on the target (s)
    static constexpr const char* RELEASED_S = "released_s";   //!< source released the VM (s)
    /// the last OK response before the clients' longest gap around the downtime (s)
    static constexpr const char* CLIENT_GAP_START_S = "client_gap_start_s";
    /// the first OK response after that gap (s)
    static constexpr const char* CLIENT_GAP_END_S = "client_gap_end_s";
    /// the gap's length: the downtime as the clients saw it (s)
    static constexpr const char* CLIENT_DOWNTIME_S = "client_downtime_s";
    /// @}

    /// @name requests.csv
    /// @{
    static constexpr const char* T_START_S = "t_start_s";     //!< request wanted (s)
    static constexpr const char* T_END_S = "t_end_s";         //!< request ended (s)
    static constexpr const char* OP = "op";                   //!< operation name
    static constexpr const char* BYTES = "bytes";             //!< response bytes received
    static constexpr const char* RESPONSE_MS = "response_ms"; //!< response time (ms)
    /// @}

    /// @name timeseries.csv
    /// @{
    static constexpr const char* T_S = "t_s";                           //!< the second (s)
    static constexpr const char* THROUGHPUT_RPS = "throughput_rps";     //!< OK requests per second
    static constexpr const char* MEAN_RESPONSE_MS = "mean_response_ms"; //!< mean of the OK (ms)
    static constexpr const char* P90_RESPONSE_MS = "p90_response_ms";   //!< 0.9 quantile (ms)
    static constexpr const char* ERRORS = "errors";                     //!< requests not OK
    static constexpr const char* SLA_VIOLATIONS = "sla_violations";     //!< OK requests over SLA
    /// @}

    /// @name summary.csv and operations.csv
    /// @{
    static constexpr const char* T_FROM_S = "t_from_s";                   //!< window start (s)
    static constexpr const char* T_TO_S = "t_to_s";                       //!< window end (s)
    static constexpr const char* REQUESTS = "requests";                   //!< requests ended
    static constexpr const char* OK = "ok";                               //!< of which OK
    static constexpr const char* TIMEOUT = "timeout";                     //!< of which timed out
    static constexpr const char* RESET = "reset";                         //!< of which reset
    static constexpr const char* REFUSED = "refused";                     //!< of which refused
    static constexpr const char* P99_RESPONSE_MS = "p99_response_ms";     //!< 0.99 quantile (ms)
    static constexpr const char* MAX_RESPONSE_MS = "max_response_ms";     //!< maximum (ms)
    static constexpr const char* SLA_VIOLATION_PCT = "sla_violation_pct"; //!< percent of OK
    static constexpr const char* SLA_MS = "sla_ms"; //!< the operation's SLA (ms)
    /// @}

    /// The columns of migrations.csv, in order.
    static constexpr const char* MIGRATIONS_CSV[] = {VM,
                                                     SRC,
                                                     DST,
                                                     STRATEGY,
                                                     MEMORY_MIB,
                                                     START_S,
                                                     END_S,
                                                     TOTAL_S,
                                                     DOWNTIME_S,
                                                     BYTES_SENT,
                                                     PAGES_SENT,
                                                     ROUNDS,
                                                     PAGES_PULLED,
                                                     FAULTS,
                                                     FAULT_STALL_S,
                                                     STATUS};

    /// The columns of rounds.csv, in order.
    static constexpr const char* ROUNDS_CSV[] =
        {VM, ROUND, START_S, END_S, PAGES_SENT, PAGES_DIRTIED};

    /// The columns of events.csv, in order.
    static constexpr const char* EVENTS_CSV[] = {REQUESTED_S,
                                                 SUSPENDED_S,
                                                 RESUMED_S,
                                                 RELEASED_S,
                                                 CLIENT_GAP_START_S,
                                                 CLIENT_GAP_END_S,
                                                 CLIENT_DOWNTIME_S};

    /// The columns of requests.csv, in order.
    static constexpr const char* REQUESTS_CSV[] =
        {T_START_S, T_END_S, OP, STATUS, BYTES, RESPONSE_MS};

    /// The columns of timeseries.csv, in order.
    static constexpr const char* TIMESERIES_CSV[] =
        {T_S, THROUGHPUT_RPS, MEAN_RESPONSE_MS, P90_RESPONSE_MS, ERRORS, SLA_VIOLATIONS};

    /// The statistics of a window, in order: summary.csv's and operations.csv's last columns.
    static constexpr const char* STATISTICS[] = {REQUESTS,
                                                 OK,
                                                 TIMEOUT,
                                                 RESET,
                                                 REFUSED,
                                                 THROUGHPUT_RPS,
                                                 MEAN_RESPONSE_MS,
                                                 P90_RESPONSE_MS,
                                                 P99_RESPONSE_MS,
                                                 MAX_RESPONSE_MS,
                                                 SLA_VIOLATIONS,
                                                 SLA_VIOLATION_PCT};

    /// The first columns of summary.csv, then STATISTICS.
    static constexpr const char* SUMMARY_CSV_FIRST[] = {T_FROM_S, T_TO_S};

    /// The first columns of operations.csv, then STATISTICS.
    static constexpr const char* OPERATIONS_CSV_FIRST[] = {OP, SLA_MS};

    /**
     * @brief A header line, or its start.
     * @param columns the names, in order
     * @param end what follows the last name: "\n" for a whole header, "," for one that goes on
     * @return the names joined by commas, then @p end
     */
    template <std::size_t N>
    static std::string Join(const char* const (&columns)[N], const char* end = "\n")
    {
        std::string line;
        for (const char* column : columns)
        {
            line += line.empty() ? "" : ",";
            line += column;
        }
        return line + end;
    }
};

} // namespace ns3

#endif /* MIGRATION_MONITOR_COLUMNS_H */
