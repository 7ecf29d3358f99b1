/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "request-log.h"

#include "migration-monitor-columns.h"

#include "ns3/abort.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <gsl/gsl_statistics_double.h>
#include <limits>
#include <locale>
#include <sstream>

namespace ns3
{

namespace
{

using Columns = MigrationMonitorColumns; //!< the files' column names

const double NOT_A_NUMBER = std::numeric_limits<double>::quiet_NaN(); //!< "no value"

/**
 * @return a stream that formats integers the same way whatever the global locale is
 *         (no thousands separators)
 */
std::ostringstream
MakeCsvStream()
{
    std::ostringstream csv;
    csv.imbue(std::locale::classic());
    return csv;
}

/**
 * @brief Write a number with a fixed number of decimals; NaN as nothing, so that the
 *        cell is empty (gnuplot leaves a gap, a spreadsheet a blank).
 *
 * std::to_chars rounds as printf does but ignores every locale, and is several times
 * faster than a stream: requests.csv has millions of rows.
 *
 * @param csv the stream
 * @param value the number
 * @param decimals digits after the point
 */
void
PutFixed(std::ostream& csv, double value, int decimals)
{
    if (!std::isnan(value))
    {
        char text[64];
        auto result =
            std::to_chars(text, text + sizeof(text), value, std::chars_format::fixed, decimals);
        NS_ABORT_MSG_IF(result.ec != std::errc(), "cannot format " << value);
        csv.write(text, result.ptr - text);
    }
}

/**
 * @brief Write a time in seconds with microsecond resolution, as MigrationMonitor
 *        does.
 * @param csv the stream
 * @param t the time
 */
void
PutSeconds(std::ostream& csv, Time t)
{
    PutFixed(csv, t.GetMicroSeconds() / 1e6, 6);
}

/**
 * @param t a duration
 * @return it in milliseconds, from the exact nanosecond count
 */
double
ToMs(Time t)
{
    return t.GetNanoSeconds() / 1e6;
}

/**
 * @brief Write the columns summary.csv and operations.csv share, requests to
 *        sla_violation_pct.
 * @param csv the stream
 * @param s the summary
 */
void
PutSummaryColumns(std::ostream& csv, const RequestSummary& s)
{
    csv << s.requests << ',' << s.ok << ',' << s.timeout << ',' << s.reset << ',' << s.refused
        << ',';
    PutFixed(csv, s.throughputRps, 3);
    for (double ms : {s.meanResponseMs, s.p90ResponseMs, s.p99ResponseMs, s.maxResponseMs})
    {
        csv << ',';
        PutFixed(csv, ms, 3);
    }
    csv << ',' << s.slaViolations << ',';
    PutFixed(csv, s.slaViolationPct, 3);
    csv << '\n';
}

} // namespace

RequestLog::RequestLog(const HttpOperationTable& operations)
    : m_operations(operations)
{
}

void
RequestLog::SetOperations(const HttpOperationTable& operations)
{
    m_operations = operations;
}

void
RequestLog::Add(const HttpRequestRecord& record)
{
    m_records.push_back(record);
}

const std::vector<HttpRequestRecord>&
RequestLog::GetRecords() const
{
    return m_records;
}

void
RequestLog::Clear()
{
    m_records.clear();
}

const HttpOperation&
RequestLog::GetOperation(uint16_t index) const
{
    NS_ABORT_MSG_IF(index >= m_operations.size(),
                    "request of operation " << index << " but the table has " << m_operations.size()
                                            << " operations");
    return m_operations[index];
}

RequestSummary
RequestLog::Compute(Time from, Time to, const std::vector<const HttpRequestRecord*>& records) const
{
    RequestSummary s;
    s.from = from;
    s.to = to;
    std::vector<double> responseMs;
    responseMs.reserve(records.size());
    // Summing whole nanoseconds keeps the mean exact up to the final division.
    int64_t sumNs = 0;
    for (const HttpRequestRecord* r : records)
    {
        const HttpOperation& operation = GetOperation(r->operation);
        ++s.requests;
        switch (r->status)
        {
        case HttpRequestRecord::OK:
            ++s.ok;
            break;
        case HttpRequestRecord::TIMEOUT:
            ++s.timeout;
            continue;
        case HttpRequestRecord::RESET:
            ++s.reset;
            continue;
        case HttpRequestRecord::REFUSED:
            ++s.refused;
            continue;
        }
        Time response = r->GetResponseTime();
        responseMs.push_back(ToMs(response));
        sumNs += response.GetNanoSeconds();
        if (operation.sla.IsStrictlyPositive() && response > operation.sla)
        {
            ++s.slaViolations;
        }
    }
    double seconds = (to - from).GetSeconds();
    s.throughputRps = seconds > 0 ? s.ok / seconds : NOT_A_NUMBER;
    if (responseMs.empty())
    {
        s.meanResponseMs = s.p90ResponseMs = s.p99ResponseMs = s.maxResponseMs = NOT_A_NUMBER;
        s.slaViolationPct = NOT_A_NUMBER;
        return s;
    }
    std::sort(responseMs.begin(), responseMs.end());
    const size_t n = responseMs.size();
    s.meanResponseMs = static_cast<double>(sumNs) / n / 1e6;
    s.p90ResponseMs = gsl_stats_quantile_from_sorted_data(responseMs.data(), 1, n, 0.9);
    s.p99ResponseMs = gsl_stats_quantile_from_sorted_data(responseMs.data(), 1, n, 0.99);
    s.maxResponseMs = responseMs.back();
    s.slaViolationPct = 100.0 * s.slaViolations / s.ok;
    return s;
}

RequestSummary
RequestLog::Summarize(Time from, Time to, int operation) const
{
    NS_ABORT_MSG_IF(operation >= static_cast<int>(m_operations.size()),
                    "no operation " << operation << " in a table of " << m_operations.size());
    std::vector<const HttpRequestRecord*> selected;
    for (const HttpRequestRecord& r : m_records)
    {
        if (r.end >= from && r.end < to && (operation < 0 || r.operation == operation))
        {
            selected.push_back(&r);
        }
    }
    return Compute(from, to, selected);
}

ClientGap
RequestLog::FindClientGap(Time from, Time to) const
{
    NS_ABORT_MSG_IF(to < from,
                    "client gap window ends (" << to << ") before it starts (" << from << ")");
    // The gaps that overlap the window run between: the last OK completion at or before
    // from (else from itself), the OK completions strictly inside, and the first at or
    // after to.  Nothing else can bound one.
    bool hasBefore = false;
    Time before = from;
    bool hasAfter = false;
    Time after = to;
    std::vector<Time> inside;
    for (const HttpRequestRecord& r : m_records)
    {
        if (r.status != HttpRequestRecord::OK)
        {
            continue;
        }
        if (r.end <= from && (!hasBefore || r.end > before))
        {
            hasBefore = true;
            before = r.end;
        }
        // Not "else": with from == to, one completion is both the last before and the
        // first after (a zero-length gap).
        if (r.end >= to && (!hasAfter || r.end < after))
        {
            hasAfter = true;
            after = r.end;
        }
        if (r.end > from && r.end < to)
        {
            inside.push_back(r.end);
        }
    }
    ClientGap gap;
    if (!hasAfter)
    {
        return gap;
    }
    std::sort(inside.begin(), inside.end());
    inside.push_back(after);
    gap.found = true;
    gap.start = before;
    gap.end = inside.front();
    Time previous = before;
    for (Time t : inside)
    {
        // Strictly longer: of equal gaps the earliest stays.
        if (t - previous > gap.GetLength())
        {
            gap.start = previous;
            gap.end = t;
        }
        previous = t;
    }
    return gap;
}

std::string
RequestLog::FormatRequests() const
{
    std::ostringstream csv = MakeCsvStream();
    csv << Columns::Join(Columns::REQUESTS_CSV);
    for (const HttpRequestRecord& r : m_records)
    {
        PutSeconds(csv, r.start);
        csv << ',';
        PutSeconds(csv, r.end);
        csv << ',' << GetOperation(r.operation).name << ','
            << HttpRequestRecord::GetStatusName(r.status) << ',' << r.bytes << ',';
        PutFixed(csv, ToMs(r.GetResponseTime()), 3);
        csv << '\n';
    }
    return csv.str();
}

std::string
RequestLog::FormatTimeseries(Time until) const
{
    // One pass puts each record in its second, so the cost is the sorting inside
    // Compute, not seconds x records.
    const int64_t second = Seconds(1).GetTimeStep();
    const int64_t rows =
        until.IsStrictlyPositive() ? (until.GetTimeStep() + second - 1) / second : 0;
    std::vector<std::vector<const HttpRequestRecord*>> bySecond(rows);
    for (const HttpRequestRecord& r : m_records)
    {
        if (!r.end.IsNegative() && r.end < until)
        {
            bySecond[r.end.GetTimeStep() / second].push_back(&r);
        }
    }

    std::ostringstream csv = MakeCsvStream();
    csv << Columns::Join(Columns::TIMESERIES_CSV);
    for (int64_t k = 0; k < rows; ++k)
    {
        RequestSummary s = Compute(Seconds(k), Seconds(k + 1), bySecond[k]);
        csv << k << ',' << s.ok << ',';
        PutFixed(csv, s.meanResponseMs, 3);
        csv << ',';
        PutFixed(csv, s.p90ResponseMs, 3);
        csv << ',' << s.requests - s.ok << ',' << s.slaViolations << '\n';
    }
    return csv.str();
}

std::string
RequestLog::FormatSummary(Time from, Time to) const
{
    std::ostringstream csv = MakeCsvStream();
    csv << Columns::Join(Columns::SUMMARY_CSV_FIRST, ",") << Columns::Join(Columns::STATISTICS);
    PutSeconds(csv, from);
    csv << ',';
    PutSeconds(csv, to);
    csv << ',';
    PutSummaryColumns(csv, Summarize(from, to));
    return csv.str();
}

std::string
RequestLog::FormatOperations(Time from, Time to) const
{
    std::ostringstream csv = MakeCsvStream();
    csv << Columns::Join(Columns::OPERATIONS_CSV_FIRST, ",") << Columns::Join(Columns::STATISTICS);
    for (size_t i = 0; i < m_operations.size(); ++i)
    {
        const HttpOperation& operation = m_operations[i];
        if (operation.weight == 0)
        {
            continue; // only fetched as part of other operations: no records of its own
        }
        csv << operation.name << ',';
        PutFixed(csv, operation.sla.IsStrictlyPositive() ? ToMs(operation.sla) : NOT_A_NUMBER, 3);
        csv << ',';
        PutSummaryColumns(csv, Summarize(from, to, static_cast<int>(i)));
    }
    return csv.str();
}

} // namespace ns3
