/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef REQUEST_LOG_H
#define REQUEST_LOG_H

#include "ns3/http-operation.h"
#include "ns3/http-request-record.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Statistics of the requests that ended in a window (all operations, or one).
 *
 * Response-time statistics are over the OK requests only: a failed request has no
 * response time the user would call one.  They are NaN when the window has no OK
 * request, so that a CSV file shows an empty cell rather than a made-up zero.
 */
struct RequestSummary
{
    Time from;                 //!< start of the window (included)
    Time to;                   //!< end of the window (excluded)
    uint64_t requests{0};      //!< requests that ended in the window, whatever their status
    uint64_t ok{0};            //!< of which OK
    uint64_t timeout{0};       //!< of which TIMEOUT
    uint64_t reset{0};         //!< of which RESET
    uint64_t refused{0};       //!< of which REFUSED
    double throughputRps{0};   //!< ok / window length, requests per second
    double meanResponseMs{0};  //!< mean response time of the OK requests, ms (NaN: none)
    double p90ResponseMs{0};   //!< its 0.9 quantile, ms (NaN: none)
    double p99ResponseMs{0};   //!< its 0.99 quantile, ms (NaN: none)
    double maxResponseMs{0};   //!< its maximum, ms (NaN: none)
    uint64_t slaViolations{0}; //!< OK requests slower than their operation's SLA
    double slaViolationPct{0}; //!< slaViolations in percent of ok (NaN: no OK request)
};

/**
 * @ingroup vm-migration
 * @brief The clients' view of an outage: the longest interval without a successful
 *        response around a window (RequestLog::FindClientGap).
 *
 * found is false when the interval never ends: no OK request completed at or after the
 * window's end (the run ended first).  start and end are then zero and mean nothing.
 */
struct ClientGap
{
    bool found{false}; //!< whether an OK completion ends the gap
    Time start;        //!< the last OK completion before the gap, or the window's start
    Time end;          //!< the first OK completion after the gap

    /// @return end - start, the client-view downtime (zero when not found)
    Time GetLength() const
    {
        return end - start;
    }
};

/**
 * @ingroup vm-migration
 * @brief The load generator's per-request log, and its statistics as CSV files.
 *
 * A request belongs to the instant it ended (completed or failed), as in Faban's
 * steady-state reports: a window or a second counts the requests that ended in it.
 * Quantiles are GSL's (gsl_stats_quantile_from_sorted_data): linear interpolation
 * between order statistics, the 0.9 quantile of n sorted values v being
 * v[i] + d (v[i+1] - v[i]) with i + d = 0.9 (n - 1).
 *
 * Numbers are formatted without any locale (std::to_chars, a classic-locale stream),
 * so identical logs give identical bytes.  Times are in seconds with 6 decimals, response times in
 * ms with 3; NaN is an empty cell.
 *
 * requests.csv: t_start_s,t_end_s,op,status,bytes,response_ms.
 * timeseries.csv: t_s,throughput_rps,mean_response_ms,p90_response_ms,errors,
 * sla_violations.
 * summary.csv: t_from_s,t_to_s,requests,ok,timeout,reset,refused,throughput_rps,
 * mean_response_ms,p90_response_ms,p99_response_ms,max_response_ms,sla_violations,
 * sla_violation_pct.
 * operations.csv: op,sla_ms, then the columns of summary.csv from requests on.
 */
class RequestLog
{
  public:
    /// An empty log with an empty operation table (see SetOperations).
    RequestLog() = default;

    /// @param operations the client's operation table (names and SLAs are kept)
    explicit RequestLog(const HttpOperationTable& operations);

    /// @param operations the client's operation table (names and SLAs are kept)
    void SetOperations(const HttpOperationTable& operations);

    /**
     * @brief Append a finished request; usable as a trace sink through
     *        MakeCallback(&RequestLog::Add, &log).
     * @param record the request, in completion order
     */
    void Add(const HttpRequestRecord& record);

    /// @return the records, in the order added
    const std::vector<HttpRequestRecord>& GetRecords() const;

    /// @brief Forget all records (the operation table is kept).
    void Clear();

    /**
     * @brief Statistics of the requests that ended in [from, to).
     * @param from start of the window
     * @param to end of the window
     * @param operation an index into the operation table, or < 0 for all operations
     * @return the summary
     */
    RequestSummary Summarize(Time from, Time to, int operation = -1) const;

    /**
     * @brief The clients' downtime around a window such as a migration's downtime: the
     *        longest interval between consecutive OK completions (end times) that overlaps
     *        [@p from, @p to].
     *
     * Only OK requests count: a timeout, reset or refusal is no service, so a gap runs
     * through failures.  A gap (a, b) overlaps the window when a < to and b > from, so a
     * completion exactly at @p from starts the gap and one exactly at @p to ends it.
     * Responses that complete inside the window (their last packets in flight when the VM
     * paused) split it, and the longest part wins: the client-view downtime can then be
     * shorter than the window.  Of equal gaps, the earliest wins.  Zero-length gaps
     * (simultaneous completions) are harmless.
     *
     * With no OK completion at or before @p from, the gap starts at @p from: the log has
     * no evidence of an outage before the window, and the caller asked about the window
     * (for a migration, the clients had not yet had a response when the VM paused).  With
     * no OK completion at or after @p to, the gap has not ended: the result is not found.
     * A zero-length window with an OK completion exactly on it gives a zero-length gap.
     *
     * One pass over the log, whatever its order; only the OK completions strictly inside
     * the window are kept and sorted (few, for a downtime).
     *
     * @param from start of the window (e.g. the VM's suspend)
     * @param to end of the window (e.g. its resume); not before @p from
     * @return the gap, or one with found false
     */
    ClientGap FindClientGap(Time from, Time to) const;

    /// @return the contents of requests.csv: one row per record, in the order added
    std::string FormatRequests() const;

    /**
     * @param until end of the series: rows for the whole seconds 0 .. ceil(until) - 1,
     *        each with the requests that ended in it; requests ending at or after
     *        until are left out
     * @return the contents of timeseries.csv
     */
    std::string FormatTimeseries(Time until) const;

    /**
     * @param from start of the window
     * @param to end of the window
     * @return the contents of summary.csv: one row, all operations
     */
    std::string FormatSummary(Time from, Time to) const;

    /**
     * @param from start of the window
     * @param to end of the window
     * @return the contents of operations.csv: one row per operation the mix draws (weight
     *         above 0; an operation only fetched by others has no records of its own)
     */
    std::string FormatOperations(Time from, Time to) const;

  private:
    /**
     * @param index an operation index from a record
     * @return that operation; aborts if the table has no such operation
     */
    const HttpOperation& GetOperation(uint16_t index) const;

    /**
     * @brief The one place statistics are computed, for a window, an operation or a
     *        second of the time series alike.
     * @param from start of the window
     * @param to end of the window
     * @param records the requests to summarize (their end times are not checked)
     * @return their summary
     */
    RequestSummary Compute(Time from,
                           Time to,
                           const std::vector<const HttpRequestRecord*>& records) const;

    HttpOperationTable m_operations;          //!< names and SLAs of the operations
    std::vector<HttpRequestRecord> m_records; //!< finished requests, in completion order
};

} // namespace ns3

#endif /* REQUEST_LOG_H */
