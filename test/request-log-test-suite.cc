/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/migration-monitor-columns.h"
#include "ns3/request-log.h"
#include "ns3/test.h"
#include "ns3/traced-callback.h"

#include <cmath>
#include <string>

namespace ns3
{

namespace
{

using Columns = MigrationMonitorColumns; //!< the files' column names

/// @return the header of summary.csv
std::string
SummaryHeader()
{
    return Columns::Join(Columns::SUMMARY_CSV_FIRST, ",") + Columns::Join(Columns::STATISTICS);
}

/// @return the header of operations.csv
std::string
OperationsHeader()
{
    return Columns::Join(Columns::OPERATIONS_CSV_FIRST, ",") + Columns::Join(Columns::STATISTICS);
}

/// Tolerance for statistics computed in doubles from whole nanoseconds.
const double EPSILON = 1e-9;

/**
 * @return two operations: "home" with a 250 ms SLA and "search" without one
 */
HttpOperationTable
MakeOperations()
{
    HttpOperationTable table(2);
    table[0].name = "home";
    table[0].sla = MilliSeconds(250);
    table[1].name = "search";
    return table;
}

/**
 * @param start when the request was sent
 * @param end when it finished
 * @param operation its operation (0 home, 1 search)
 * @param status its outcome
 * @param bytes response bytes
 * @return the record
 */
HttpRequestRecord
MakeRecord(Time start,
           Time end,
           uint16_t operation,
           HttpRequestRecord::Status status,
           uint32_t bytes)
{
    HttpRequestRecord r;
    r.start = start;
    r.end = end;
    r.operation = operation;
    r.status = status;
    r.bytes = bytes;
    return r;
}

/**
 * @brief Twelve requests over three seconds and a bit, in completion order.
 *
 * Second 0: OK responses of 200 (home), 450 (home, beyond the SLA), 300.1234 (search),
 * 250 (home, exactly the SLA: not a violation) and 120 ms (search), and a home timeout.
 * Second 1: no OK request: a search reset ending exactly at 1 s and a home refusal.
 * Second 2: a home OK of 500 ms ending exactly at 2 s (a violation), a search OK of
 * 300 ms and a home timeout.  Then a search OK of 200 ms ending exactly at 3 s.
 *
 * @return the log
 */
RequestLog
MakeLog()
{
    using S = HttpRequestRecord;
    RequestLog log(MakeOperations());
    log.Add(MakeRecord(MilliSeconds(100), MilliSeconds(300), 0, S::OK, 1000));
    log.Add(MakeRecord(MilliSeconds(200), MilliSeconds(650), 0, S::OK, 1000));
    log.Add(MakeRecord(MilliSeconds(400), NanoSeconds(700123400), 1, S::OK, 5000));
    log.Add(MakeRecord(MilliSeconds(550), MilliSeconds(800), 0, S::OK, 1000));
    log.Add(MakeRecord(MilliSeconds(780), MilliSeconds(900), 1, S::OK, 5000));
    log.Add(MakeRecord(MilliSeconds(300), MilliSeconds(950), 0, S::TIMEOUT, 0));
    log.Add(MakeRecord(MilliSeconds(500), MilliSeconds(1000), 1, S::RESET, 0));
    log.Add(MakeRecord(MilliSeconds(1200), MilliSeconds(1200), 0, S::REFUSED, 0));
    log.Add(MakeRecord(MilliSeconds(1500), MilliSeconds(2000), 0, S::OK, 1000));
    log.Add(MakeRecord(MilliSeconds(2100), MilliSeconds(2400), 1, S::OK, 5000));
    log.Add(MakeRecord(MilliSeconds(1900), MilliSeconds(2900), 0, S::TIMEOUT, 0));
    log.Add(MakeRecord(MilliSeconds(2800), MilliSeconds(3000), 1, S::OK, 5000));
    return log;
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief requests.csv has one row per record, in the order added, with exact times,
 *        names, statuses and response times.
 */
class RequestLogRequestsTest : public TestCase
{
  public:
    RequestLogRequestsTest()
        : TestCase("requests.csv lists every record in order")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log = MakeLog();
        NS_TEST_ASSERT_MSG_EQ(log.GetRecords().size(), 12u, "records lost");
        // Times are truncated to whole microseconds (0.7001234 s -> 0.700123).
        std::string expected = Columns::Join(Columns::REQUESTS_CSV) +
                               "0.100000,0.300000,home,ok,1000,200.000\n"
                               "0.200000,0.650000,home,ok,1000,450.000\n"
                               "0.400000,0.700123,search,ok,5000,300.123\n"
                               "0.550000,0.800000,home,ok,1000,250.000\n"
                               "0.780000,0.900000,search,ok,5000,120.000\n"
                               "0.300000,0.950000,home,timeout,0,650.000\n"
                               "0.500000,1.000000,search,reset,0,500.000\n"
                               "1.200000,1.200000,home,refused,0,0.000\n"
                               "1.500000,2.000000,home,ok,1000,500.000\n"
                               "2.100000,2.400000,search,ok,5000,300.000\n"
                               "1.900000,2.900000,home,timeout,0,1000.000\n"
                               "2.800000,3.000000,search,ok,5000,200.000\n";
        NS_TEST_ASSERT_MSG_EQ(log.FormatRequests(), expected, "wrong requests.csv");
        NS_TEST_ASSERT_MSG_EQ(log.FormatRequests(),
                              MakeLog().FormatRequests(),
                              "identical logs gave different bytes");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief timeseries.csv puts each request in the second it ended, leaves the response
 *        times of a second without OK request empty, and stops at the given end.
 *
 * By hand, second 0: OK times sorted 120, 200, 250, 300.1234, 450 ms; mean
 * 1320.1234 / 5 = 264.02468; GSL's 0.9 quantile is at 0.9 (5 - 1) = 3.6, so
 * v[3] + 0.6 (v[4] - v[3]) = 300.1234 + 0.6 * 149.8766 = 390.04936; one timeout; one
 * violation (450 > 250; 250 is not above it).  Second 1: two errors, no OK.  Second
 * 2: 300 and 500 ms (the 500 ms request ended exactly at 2 s); mean 400; quantile at
 * 0.9: 300 + 0.9 * 200 = 480; one timeout; one violation.  The request ending at 3 s
 * is outside a series that ends at 3 s.
 */
class RequestLogTimeseriesTest : public TestCase
{
  public:
    RequestLogTimeseriesTest()
        : TestCase("timeseries.csv buckets requests by the second they ended")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log = MakeLog();
        const std::string header = Columns::Join(Columns::TIMESERIES_CSV);
        const std::string rows01 = "0,5,264.025,390.049,1,1\n"
                                   "1,0,,,2,0\n";
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(Seconds(3)),
                              header + rows01 + "2,2,400.000,480.000,1,1\n",
                              "wrong timeseries.csv up to 3 s");
        // A fractional end rounds the rows up and drops what ended after it: the
        // timeout at 2.9 s is not in second 2 of a series ending at 2.5 s.
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(MilliSeconds(2500)),
                              header + rows01 + "2,2,400.000,480.000,0,1\n",
                              "wrong timeseries.csv up to 2.5 s");
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(MilliSeconds(3500)),
                              header + rows01 + "2,2,400.000,480.000,1,1\n" +
                                  "3,1,200.000,200.000,0,0\n",
                              "wrong timeseries.csv up to 3.5 s");
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(Seconds(0)), header, "rows for no time");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Summarize and summary.csv over a window, all operations.
 *
 * By hand, [0 s, 3 s): eleven requests (not the one ending at 3 s); seven OK, sorted
 * 120, 200, 250, 300, 300.1234, 450, 500 ms; mean 2120.1234 / 7 = 302.87477; 0.9
 * quantile at 5.4: 450 + 0.4 * 50 = 470; 0.99 quantile at 5.94: 450 + 0.94 * 50 = 497;
 * violations 450 and 500 ms (home): 2, 2 / 7 = 28.571 %; 7 / 3 = 2.333 requests/s.
 */
class RequestLogSummaryTest : public TestCase
{
  public:
    RequestLogSummaryTest()
        : TestCase("summary fields and summary.csv over a window")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log = MakeLog();
        RequestSummary s = log.Summarize(Seconds(0), Seconds(3));
        NS_TEST_ASSERT_MSG_EQ(s.from, Seconds(0), "wrong from");
        NS_TEST_ASSERT_MSG_EQ(s.to, Seconds(3), "wrong to");
        NS_TEST_ASSERT_MSG_EQ(s.requests, 11u, "wrong request count");
        NS_TEST_ASSERT_MSG_EQ(s.ok, 7u, "wrong ok count");
        NS_TEST_ASSERT_MSG_EQ(s.timeout, 2u, "wrong timeout count");
        NS_TEST_ASSERT_MSG_EQ(s.reset, 1u, "wrong reset count");
        NS_TEST_ASSERT_MSG_EQ(s.refused, 1u, "wrong refused count");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.throughputRps, 7.0 / 3, EPSILON, "wrong throughput");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.meanResponseMs, 2120.1234 / 7, EPSILON, "wrong mean");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.p90ResponseMs, 470, EPSILON, "wrong p90");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.p99ResponseMs, 497, EPSILON, "wrong p99");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.maxResponseMs, 500, EPSILON, "wrong max");
        NS_TEST_ASSERT_MSG_EQ(s.slaViolations, 2u, "wrong violation count");
        NS_TEST_ASSERT_MSG_EQ_TOL(s.slaViolationPct, 200.0 / 7, EPSILON, "wrong violation %");

        NS_TEST_ASSERT_MSG_EQ(log.FormatSummary(Seconds(0), Seconds(3)),
                              SummaryHeader() +
                                  "0.000000,3.000000,11,7,2,1,1,2.333,302.875,470.000,497.000,"
                                  "500.000,2,28.571\n",
                              "wrong summary.csv");

        // [1 s, 2 s): the reset ending at 1 s and the refusal; the OK request ending at
        // 2 s belongs to the next window.  No OK request: no response-time statistics.
        RequestSummary down = log.Summarize(Seconds(1), Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(down.requests, 2u, "wrong requests in the downtime window");
        NS_TEST_ASSERT_MSG_EQ(down.ok, 0u, "OK requests in the downtime window");
        NS_TEST_ASSERT_MSG_EQ(down.throughputRps, 0.0, "throughput in the downtime window");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(down.meanResponseMs), true, "mean without requests");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(down.p90ResponseMs), true, "p90 without requests");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(down.p99ResponseMs), true, "p99 without requests");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(down.maxResponseMs), true, "max without requests");
        NS_TEST_ASSERT_MSG_EQ(std::isnan(down.slaViolationPct), true, "% without requests");
        std::string csv = log.FormatSummary(Seconds(1), Seconds(2));
        NS_TEST_ASSERT_MSG_EQ(csv.substr(csv.find('\n') + 1),
                              "1.000000,2.000000,2,0,0,1,1,0.000,,,,,0,\n",
                              "NaN should be empty cells in summary.csv");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Summaries of one operation, and operations.csv.
 *
 * By hand, [0 s, 3 s), home: seven requests, OK 200, 250, 450, 500 ms; mean 350; 0.9
 * quantile at 2.7: 450 + 0.7 * 50 = 485; 0.99 at 2.97: 498.5; two violations, 50 %.
 * search: four requests, OK 120, 300, 300.1234 ms; mean 240.04113; 0.9 quantile at
 * 1.8: 300 + 0.8 * 0.1234 = 300.09872; 0.99 at 1.98: 300.120932; no SLA, no violation.
 */
class RequestLogOperationsTest : public TestCase
{
  public:
    RequestLogOperationsTest()
        : TestCase("per-operation summaries and operations.csv")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log = MakeLog();
        RequestSummary home = log.Summarize(Seconds(0), Seconds(3), 0);
        NS_TEST_ASSERT_MSG_EQ(home.requests, 7u, "wrong home requests");
        NS_TEST_ASSERT_MSG_EQ(home.ok, 4u, "wrong home ok");
        NS_TEST_ASSERT_MSG_EQ(home.reset, 0u, "a search reset counted for home");
        NS_TEST_ASSERT_MSG_EQ_TOL(home.meanResponseMs, 350, EPSILON, "wrong home mean");
        NS_TEST_ASSERT_MSG_EQ_TOL(home.p90ResponseMs, 485, EPSILON, "wrong home p90");
        NS_TEST_ASSERT_MSG_EQ(home.slaViolations, 2u, "wrong home violations");
        NS_TEST_ASSERT_MSG_EQ_TOL(home.slaViolationPct, 50, EPSILON, "wrong home violation %");

        RequestSummary search = log.Summarize(Seconds(0), Seconds(3), 1);
        NS_TEST_ASSERT_MSG_EQ(search.requests, 4u, "wrong search requests");
        NS_TEST_ASSERT_MSG_EQ(search.ok, 3u, "wrong search ok");
        NS_TEST_ASSERT_MSG_EQ(search.reset, 1u, "wrong search resets");
        NS_TEST_ASSERT_MSG_EQ_TOL(search.p90ResponseMs, 300.09872, EPSILON, "wrong search p90");
        NS_TEST_ASSERT_MSG_EQ(search.slaViolations, 0u, "violations without an SLA");
        NS_TEST_ASSERT_MSG_EQ(search.slaViolationPct, 0.0, "violations without an SLA");

        NS_TEST_ASSERT_MSG_EQ(
            log.FormatOperations(Seconds(0), Seconds(3)),
            OperationsHeader() +
                "home,250.000,7,4,2,0,1,1.333,350.000,485.000,498.500,500.000,2,"
                "50.000\n"
                "search,,4,3,0,1,0,1.000,240.041,300.099,300.121,300.123,0,0.000\n",
            "wrong operations.csv");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A request ending exactly on a second boundary belongs to the later second;
 *        one ending a nanosecond earlier to the earlier one.
 */
class RequestLogBoundaryTest : public TestCase
{
  public:
    RequestLogBoundaryTest()
        : TestCase("a request ending on a second boundary belongs to the later second")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log(MakeOperations());
        log.Add(MakeRecord(MilliSeconds(900), Seconds(1), 1, HttpRequestRecord::OK, 1));
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(Seconds(2)),
                              Columns::Join(Columns::TIMESERIES_CSV) + "0,0,,,0,0\n"
                                                                       "1,1,100.000,100.000,0,0\n",
                              "a request ending at 1 s is not in second 1");
        NS_TEST_ASSERT_MSG_EQ(log.Summarize(Seconds(0), Seconds(1)).requests,
                              0u,
                              "a window includes its end");
        NS_TEST_ASSERT_MSG_EQ(log.Summarize(Seconds(1), Seconds(2)).requests,
                              1u,
                              "a window excludes its start");

        log.Clear();
        log.Add(MakeRecord(MilliSeconds(900),
                           Seconds(1) - NanoSeconds(1),
                           1,
                           HttpRequestRecord::OK,
                           1));
        NS_TEST_ASSERT_MSG_EQ(log.FormatTimeseries(Seconds(2)),
                              Columns::Join(Columns::TIMESERIES_CSV) + "0,1,100.000,100.000,0,0\n"
                                                                       "1,0,,,0,0\n",
                              "a request ending just before 1 s is not in second 0");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Add connects to a trace source, and Clear empties the log but keeps the
 *        operation table.
 */
class RequestLogTraceSinkTest : public TestCase
{
  public:
    RequestLogTraceSinkTest()
        : TestCase("Add works as a trace sink and Clear empties the log")
    {
    }

  private:
    void DoRun() override
    {
        RequestLog log;
        log.SetOperations(MakeOperations());
        TracedCallback<const HttpRequestRecord&> trace;
        trace.ConnectWithoutContext(MakeCallback(&RequestLog::Add, &log));
        trace(MakeRecord(Seconds(0), MilliSeconds(5), 1, HttpRequestRecord::TIMEOUT, 7));
        trace(MakeRecord(Seconds(0), MilliSeconds(8), 0, HttpRequestRecord::OK, 9));
        NS_TEST_ASSERT_MSG_EQ(log.GetRecords().size(), 2u, "the trace did not reach the log");
        if (log.GetRecords().size() == 2)
        {
            NS_TEST_ASSERT_MSG_EQ(log.GetRecords()[1].bytes, 9u, "records out of order");
        }
        NS_TEST_ASSERT_MSG_EQ(log.FormatRequests(),
                              Columns::Join(Columns::REQUESTS_CSV) +
                                  "0.000000,0.005000,search,timeout,7,5.000\n"
                                  "0.000000,0.008000,home,ok,9,8.000\n",
                              "wrong requests.csv from the trace");
        log.Clear();
        NS_TEST_ASSERT_MSG_EQ(log.GetRecords().empty(), true, "Clear kept records");
        NS_TEST_ASSERT_MSG_EQ(log.FormatOperations(Seconds(0), Seconds(1)),
                              OperationsHeader() + "home,250.000,0,0,0,0,0,0.000,,,,,0,\n"
                                                   "search,,0,0,0,0,0,0.000,,,,,0,\n",
                              "Clear lost the operation table");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The clients' view of a downtime, RequestLog::FindClientGap: what its test cases
 *        share.
 *
 * Each case is a handful of requests whose gaps are computed by hand in the comments.
 * Records are added out of completion order where that matters, because FindClientGap
 * must not rely on it.
 */
class RequestLogClientGapTestCase : public TestCase
{
  protected:
    /// @param name the test case's name
    explicit RequestLogClientGapTestCase(const std::string& name)
        : TestCase(name)
    {
    }

    /**
     * @brief Check a found gap.
     * @param gap the result
     * @param start its expected start
     * @param end its expected end
     * @param what the case, for the messages
     */
    void CheckGap(const ClientGap& gap, Time start, Time end, const std::string& what)
    {
        NS_TEST_ASSERT_MSG_EQ(gap.found, true, what << ": no gap found");
        NS_TEST_ASSERT_MSG_EQ(gap.start, start, what << ": wrong start");
        NS_TEST_ASSERT_MSG_EQ(gap.end, end, what << ": wrong end");
        NS_TEST_ASSERT_MSG_EQ(gap.GetLength(), end - start, what << ": wrong length");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The gap spans the window: OK at 0.1, 9 and 9.2 s before [9.5 s, 10 s], a
 *        timeout at 10.5 s, OK at 11 and 30 s after.
 *
 * Gaps: (0.1, 9) 8.9 s, before the window; (9, 9.2); (9.2, 11) 1.8 s, the one around
 * the window; (11, 30) 19 s, after it.  The answer is (9.2, 11): the longer gaps do not
 * overlap the window, and the timeout does not end the gap.
 */
class RequestLogClientGapFoundTest : public RequestLogClientGapTestCase
{
  public:
    RequestLogClientGapFoundTest()
        : RequestLogClientGapTestCase("the client-view gap spans the window")
    {
    }

  private:
    void DoRun() override
    {
        using S = HttpRequestRecord;
        RequestLog log(MakeOperations());
        log.Add(MakeRecord(MilliSeconds(8900), MilliSeconds(9200), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(10400), Seconds(11), 0, S::OK, 1));
        log.Add(MakeRecord(Seconds(0), Seconds(9), 1, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(500), MilliSeconds(10500), 0, S::TIMEOUT, 0));
        log.Add(MakeRecord(Seconds(29), Seconds(30), 1, S::OK, 1));
        log.Add(MakeRecord(Seconds(0), MilliSeconds(100), 0, S::OK, 1));
        CheckGap(log.FindClientGap(MilliSeconds(9500), Seconds(10)),
                 MilliSeconds(9200),
                 Seconds(11),
                 "gap around the window");

        // Completions exactly on the window's ends bound the gap: one at its start
        // starts it, one at its end ends it.  [9.2 s, 11 s] gives the same gap.
        CheckGap(log.FindClientGap(MilliSeconds(9200), Seconds(11)),
                 MilliSeconds(9200),
                 Seconds(11),
                 "completions on the window's ends");
        // A zero-length window on a completion (9 s): the clients had a response at that
        // very instant, so the gap is empty.  Inside a gap (9.1 s): that gap, (9, 9.2).
        CheckGap(log.FindClientGap(Seconds(9), Seconds(9)),
                 Seconds(9),
                 Seconds(9),
                 "zero-length window on a completion");
        CheckGap(log.FindClientGap(MilliSeconds(9100), MilliSeconds(9100)),
                 Seconds(9),
                 MilliSeconds(9200),
                 "zero-length window inside a gap");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Responses complete inside the window [10.5 s, 14 s] (their packets were in
 *        flight when the VM paused): the longest part overlapping it wins.
 *
 * OK at 10, 10.8, 11 and 14.2 s: gaps (10, 10.8) 0.8 s, (10.8, 11) 0.2 s, (11, 14.2)
 * 3.2 s: the last, shorter than the 3.5 s window.  With 13.9 s instead of 10.8 and
 * 11: (10, 13.9) 3.9 s beats (13.9, 14.2) 0.3 s: the first.  Equal gaps, OK at 0, 2
 * and 4 s around [1 s, 3 s]: (0, 2) and (2, 4) are both 2 s; the earliest is the
 * answer.
 */
class RequestLogClientGapInsideTest : public RequestLogClientGapTestCase
{
  public:
    RequestLogClientGapInsideTest()
        : RequestLogClientGapTestCase(
              "the client-view gap with responses completing inside the window")
    {
    }

  private:
    void DoRun() override
    {
        using S = HttpRequestRecord;
        RequestLog log(MakeOperations());
        log.Add(MakeRecord(MilliSeconds(9900), Seconds(10), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(14000), MilliSeconds(14200), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(10400), Seconds(11), 1, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(10300), MilliSeconds(10800), 1, S::OK, 1));
        CheckGap(log.FindClientGap(MilliSeconds(10500), Seconds(14)),
                 Seconds(11),
                 MilliSeconds(14200),
                 "the last part is the longest");
        // Shorter than the window: the responses inside it were service the clients saw.
        bool shorter = log.FindClientGap(MilliSeconds(10500), Seconds(14)).GetLength() <
                       Seconds(14) - MilliSeconds(10500);
        NS_TEST_ASSERT_MSG_EQ(shorter, true, "the gap should be shorter than the window");

        log.Clear();
        log.Add(MakeRecord(MilliSeconds(9900), Seconds(10), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(13000), MilliSeconds(13900), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(14000), MilliSeconds(14200), 0, S::OK, 1));
        CheckGap(log.FindClientGap(MilliSeconds(10500), Seconds(14)),
                 Seconds(10),
                 MilliSeconds(13900),
                 "the first part is the longest");

        log.Clear();
        log.Add(MakeRecord(Seconds(3), Seconds(4), 0, S::OK, 1));
        log.Add(MakeRecord(Seconds(1), Seconds(2), 0, S::OK, 1));
        log.Add(MakeRecord(Seconds(0), Seconds(0), 0, S::OK, 1));
        CheckGap(log.FindClientGap(Seconds(1), Seconds(3)),
                 Seconds(0),
                 Seconds(2),
                 "equal gaps: the earliest");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief No OK completion at or after the window's end: the gap never ended, so none is
 *        found, whether the log is empty, has OK requests only before the window or also
 *        inside it, up to a nanosecond before its end.
 */
class RequestLogClientGapNoneTest : public RequestLogClientGapTestCase
{
  public:
    RequestLogClientGapNoneTest()
        : RequestLogClientGapTestCase(
              "no client-view gap without an OK completion after the window")
    {
    }

  private:
    void DoRun() override
    {
        using S = HttpRequestRecord;
        RequestLog log(MakeOperations());
        NS_TEST_ASSERT_MSG_EQ(log.FindClientGap(Seconds(1), Seconds(2)).found,
                              false,
                              "a gap in an empty log");
        log.Add(MakeRecord(MilliSeconds(500), MilliSeconds(900), 0, S::OK, 1));
        NS_TEST_ASSERT_MSG_EQ(log.FindClientGap(Seconds(1), Seconds(2)).found,
                              false,
                              "a gap with OK requests only before the window");
        log.Add(MakeRecord(MilliSeconds(1200), MilliSeconds(1500), 0, S::OK, 1));
        NS_TEST_ASSERT_MSG_EQ(log.FindClientGap(Seconds(1), Seconds(2)).found,
                              false,
                              "a gap with the last OK request inside the window");
        log.Add(MakeRecord(MilliSeconds(1500), Seconds(2) - NanoSeconds(1), 0, S::OK, 1));
        NS_TEST_ASSERT_MSG_EQ(log.FindClientGap(Seconds(1), Seconds(2)).found,
                              false,
                              "a gap with an OK request ending just before the window's end");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Failed requests after the window do not end the gap: timeouts, resets and
 *        refusals are no service.  Only the first OK completion after them does.
 *
 * OK at 0.9 s; window [1 s, 2 s]; a timeout at 2.5 s, a reset at 3 s, a refusal at 4 s:
 * no gap.  Then OK at 4.7 s: the gap is (0.9, 4.7).
 */
class RequestLogClientGapFailuresTest : public RequestLogClientGapTestCase
{
  public:
    RequestLogClientGapFailuresTest()
        : RequestLogClientGapTestCase(
              "failed requests after the window do not end the client-view gap")
    {
    }

  private:
    void DoRun() override
    {
        using S = HttpRequestRecord;
        RequestLog log(MakeOperations());
        log.Add(MakeRecord(MilliSeconds(500), MilliSeconds(900), 0, S::OK, 1));
        log.Add(MakeRecord(MilliSeconds(800), MilliSeconds(2500), 0, S::TIMEOUT, 0));
        log.Add(MakeRecord(MilliSeconds(1000), Seconds(3), 1, S::RESET, 0));
        log.Add(MakeRecord(Seconds(4), Seconds(4), 0, S::REFUSED, 0));
        NS_TEST_ASSERT_MSG_EQ(log.FindClientGap(Seconds(1), Seconds(2)).found,
                              false,
                              "failed requests ended the gap");
        log.Add(MakeRecord(Seconds(4), MilliSeconds(4700), 1, S::OK, 1));
        CheckGap(log.FindClientGap(Seconds(1), Seconds(2)),
                 MilliSeconds(900),
                 MilliSeconds(4700),
                 "failures then an OK request after the window");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief No OK completion before the window: the gap starts at the window's start, not
 *        at an earlier failure or request start.
 *
 * A refusal at 0.5 s, a request sent at 1 s that times out at 2.5 s, OK at 4 and 5 s;
 * window [2 s, 3 s]: the gap is (2, 4).
 */
class RequestLogClientGapNothingBeforeTest : public RequestLogClientGapTestCase
{
  public:
    RequestLogClientGapNothingBeforeTest()
        : RequestLogClientGapTestCase(
              "the client-view gap starts at the window without an OK completion before it")
    {
    }

  private:
    void DoRun() override
    {
        using S = HttpRequestRecord;
        RequestLog log(MakeOperations());
        log.Add(MakeRecord(MilliSeconds(500), MilliSeconds(500), 0, S::REFUSED, 0));
        log.Add(MakeRecord(Seconds(1), MilliSeconds(2500), 0, S::TIMEOUT, 0));
        log.Add(MakeRecord(Seconds(3), Seconds(5), 0, S::OK, 1));
        log.Add(MakeRecord(Seconds(1), Seconds(4), 1, S::OK, 1));
        CheckGap(log.FindClientGap(Seconds(2), Seconds(3)),
                 Seconds(2),
                 Seconds(4),
                 "no OK request before the window");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Request log and its CSV statistics test suite.
 */
class RequestLogTestSuite : public TestSuite
{
  public:
    RequestLogTestSuite()
        : TestSuite("vm-migration-request-log", UNIT)
    {
        AddTestCase(new RequestLogRequestsTest(), TestCase::QUICK);
        AddTestCase(new RequestLogTimeseriesTest(), TestCase::QUICK);
        AddTestCase(new RequestLogSummaryTest(), TestCase::QUICK);
        AddTestCase(new RequestLogOperationsTest(), TestCase::QUICK);
        AddTestCase(new RequestLogBoundaryTest(), TestCase::QUICK);
        AddTestCase(new RequestLogTraceSinkTest(), TestCase::QUICK);
        AddTestCase(new RequestLogClientGapFoundTest(), TestCase::QUICK);
        AddTestCase(new RequestLogClientGapInsideTest(), TestCase::QUICK);
        AddTestCase(new RequestLogClientGapNoneTest(), TestCase::QUICK);
        AddTestCase(new RequestLogClientGapFailuresTest(), TestCase::QUICK);
        AddTestCase(new RequestLogClientGapNothingBeforeTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static RequestLogTestSuite g_requestLogTestSuite;

} // namespace ns3
