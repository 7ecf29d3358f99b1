/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/closed-loop-client.h"
#include "ns3/double.h"
#include "ns3/http-server.h"
#include "ns3/inet-socket-address.h"
#include "ns3/request-log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <string>

namespace ns3
{

namespace
{

/// What a closed-loop run measured over its window.
struct Measured
{
    double throughput{0};   //!< completed requests per second
    double responseTime{0}; //!< their mean response time, seconds
    uint64_t requests{0};   //!< requests completed in the window
    uint64_t failed{0};     //!< requests not "ok", in the whole run
    uint64_t served{0};     //!< requests the server answered, in the whole run
    uint64_t pageWrites{0}; //!< page writes the guest made, in the whole run
};

/// A web server in a VM on host1 of the paper's testbed.
struct WebVm
{
    Ptr<Testbed> testbed;     //!< the testbed
    Ptr<VirtualMachine> vm;   //!< the VM
    Ptr<VmHttpServer> server; //!< its web server
};

/**
 * @brief Boot a 16 MiB VM on host1 (one core, speed 1) running a VmHttpServer.
 * @param demand CPU seconds per request
 * @param pagesPerRequest guest pages the server writes per request
 * @param run the RNG run number
 * @return the testbed, VM and server
 */
WebVm
InstallWebVm(double demand, uint32_t pagesPerRequest, uint64_t run)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    WebVm web;
    TestbedHelper helper;
    helper.AddPaperMachines();
    web.testbed = helper.Install();
    web.vm = CreateObject<VirtualMachine>();
    web.vm->SetAttribute("MemoryMiB", DoubleValue(16));
    web.testbed->AddVm("host1", web.vm);
    web.server = CreateObject<VmHttpServer>();
    web.server->SetAttribute("RequestDemand", TimeValue(Seconds(demand)));
    web.server->SetAttribute("PagesWrittenPerRequest", UintegerValue(pagesPerRequest));
    web.server->SetVm(web.vm);
    web.vm->GetNode()->AddApplication(web.server);
    return web;
}

/**
 * @brief Run N users against a VmHttpServer in a VM on host1 of the paper's testbed
 *        (one core, speed 1; no migration) and measure one window.
 * @param users N
 * @param demand CPU seconds per request
 * @param thinkMean mean of the exponential think time, seconds
 * @param warmup time before the window, seconds
 * @param window length of the window, seconds
 * @param run the RNG run number
 * @param pagesPerRequest guest pages the server writes per request
 * @return throughput and mean response time of the requests ending in the window
 */
Measured
RunClosedLoop(uint32_t users,
              double demand,
              double thinkMean,
              double warmup,
              double window,
              uint64_t run,
              uint32_t pagesPerRequest = 0)
{
    auto [testbed, vm, server] = InstallWebVm(demand, pagesPerRequest, run);

    Ptr<ClosedLoopHttpClient> client = CreateObject<ClosedLoopHttpClient>();
    client->SetAttribute("Users", UintegerValue(users));
    client->SetAttribute(
        "ThinkTime",
        StringValue("ns3::ExponentialRandomVariable[Mean=" + std::to_string(thinkMean) + "]"));
    client->SetAttribute("Remote", AddressValue(InetSocketAddress(vm->GetAddress(), 80)));
    client->AssignStreams(1);
    testbed->GetNode("storage")->AddApplication(client);
    RequestLog log;
    client->TraceConnectWithoutContext("Request", MakeCallback(&RequestLog::Add, &log));

    Simulator::Stop(Seconds(warmup + window));
    Simulator::Run();

    Measured m;
    double sum = 0;
    for (const HttpRequestRecord& r : log.GetRecords())
    {
        if (r.status != HttpRequestRecord::OK)
        {
            ++m.failed;
            continue;
        }
        double end = r.end.GetSeconds();
        if (end >= warmup && end < warmup + window)
        {
            ++m.requests;
            sum += r.GetResponseTime().GetSeconds();
        }
    }
    m.served = server->GetRequestsServed();
    vm->GetDirtyPageModel()->Update();
    m.pageWrites = vm->GetDirtyPageModel()->GetWriteCount();
    m.throughput = m.requests / window;
    m.responseTime = m.requests > 0 ? sum / m.requests : 0;
    Simulator::Destroy();
    return m;
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A closed population of HTTP users against a one-core PS server matches exact
 *        MVA.
 *
 * The model: N users, a delay station Z (exponential think time), a processor-sharing
 * station D (the request's CPU job on the host's one core), and the network, a pure
 * delay: a request and its response are a few segments on an otherwise idle 100 Mb/s
 * LAN, whose load here (tens of kB/s) queues nothing, so every request spends the
 * same time in it.  That time is measured, not computed from the frames' sizes, by a
 * run with D = 0 (then the response time is only the network's).  A PS station's
 * mean values, like the FCFS one's in a product-form network, depend on its service
 * time distribution only through its mean, so the deterministic D is fine.
 *
 * Exact MVA, with Q(0) = 0, for n = 1..N:
 *   R(n) = D (1 + Q(n-1)) + net,  X(n) = n / (R(n) + Z),  Q(n) = X(n) D (1 + Q(n-1)).
 *
 * Measurement: requests ending in a window after a 20 s warm-up (the users start
 * thinking at t = 0 with empty queues; the queue relaxes in a few seconds).
 * Statistical error, one standard deviation:
 * - N = 1: R is deterministic (D + net); X's relative error is about the think
 *   time's coefficient of variation over sqrt(requests): 1 / sqrt(7800) = 1.1 % in
 *   8000 s.
 * - N = 51 = N*: the queue length is strongly autocorrelated at the knee; over five
 *   runs of 600 s, R spread by 2.2 % (mean within 0.7 % of MVA) and X by 0.4 %; the
 *   1800 s window brings R's to about 1.3 %.
 * - N = 102: the CPU is always busy, so X = 1/D within 0.1 % and R = N / X - Z;
 *   R's spread over five runs of 400 s was 1.0 %.
 * So 5 % is at least four standard deviations everywhere.
 */
class HttpMvaTest : public TestCase
{
  public:
    /**
     * @param users N
     * @param window measurement window, seconds
     */
    HttpMvaTest(uint32_t users, double window)
        : TestCase("closed loop of " + std::to_string(users) + " users matches MVA"),
          m_users(users),
          m_window(window)
    {
    }

  private:
    static constexpr double DEMAND = 0.02; //!< CPU seconds per request
    static constexpr double THINK = 1.0;   //!< mean think time, seconds
    static constexpr double WARMUP = 20;   //!< seconds before the window

    void DoRun() override
    {
        // The network's time per request: the response time when the CPU costs nothing.
        Measured free = RunClosedLoop(1, 0, THINK, WARMUP, 100, 1);
        NS_TEST_ASSERT_MSG_GT(free.requests, 50u, "too few requests to calibrate");
        double net = free.responseTime;
        NS_TEST_ASSERT_MSG_LT(net, 0.005, "the network should take well under 5 ms");

        double q = 0;
        double x = 0;
        double r = 0;
        for (uint32_t n = 1; n <= m_users; ++n)
        {
            double residence = DEMAND * (1 + q);
            r = residence + net;
            x = n / (r + THINK);
            q = x * residence;
        }

        Measured m = RunClosedLoop(m_users, DEMAND, THINK, WARMUP, m_window, 2);
        std::cout << "N=" << m_users << " net=" << net * 1e3 << " ms  X sim " << m.throughput
                  << " MVA " << x << " /s  R sim " << m.responseTime * 1e3 << " MVA " << r * 1e3
                  << " ms  (" << m.requests << " requests)" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(m.failed, 0u, "requests failed");
        NS_TEST_ASSERT_MSG_EQ_TOL(m.throughput / x, 1.0, 0.05, "throughput differs from MVA");
        NS_TEST_ASSERT_MSG_EQ_TOL(m.responseTime / r, 1.0, 0.05, "response time differs from MVA");
    }

    uint32_t m_users; //!< N
    double m_window;  //!< measurement window, seconds
};

/**
 * @ingroup vm-migration-tests
 * @brief Each served request writes PagesWrittenPerRequest guest pages, on top of the
 *        guest's own writes (none here), so that a migration sees the workload.
 */
class HttpPageWriteTest : public TestCase
{
  public:
    HttpPageWriteTest()
        : TestCase("served requests write guest memory")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t pages = 3;
        Measured m = RunClosedLoop(5, 0.02, 1.0, 0, 60, 1, pages);
        NS_TEST_ASSERT_MSG_GT(m.served, 100u, "too few requests served");
        NS_TEST_ASSERT_MSG_EQ(m.pageWrites, pages * m.served, "page writes per request");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A request slower than the client's Timeout is logged as "timeout", its
 *        connection is dropped (the server stops working on it) and the user goes on
 *        with a new connection.
 */
class HttpTimeoutTest : public TestCase
{
  public:
    HttpTimeoutTest()
        : TestCase("requests slower than the timeout time out")
    {
    }

  private:
    void DoRun() override
    {
        auto [testbed, vm, server] = InstallWebVm(5, 0, 1);
        Ptr<ClosedLoopHttpClient> client = CreateObject<ClosedLoopHttpClient>();
        client->SetAttribute("Users", UintegerValue(2));
        client->SetAttribute("Timeout", TimeValue(Seconds(1)));
        client->SetAttribute("Remote", AddressValue(InetSocketAddress(vm->GetAddress(), 80)));
        client->AssignStreams(1);
        testbed->GetNode("storage")->AddApplication(client);
        RequestLog log;
        client->TraceConnectWithoutContext("Request", MakeCallback(&RequestLog::Add, &log));
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        uint64_t timeouts = 0;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            timeouts += r.status == HttpRequestRecord::TIMEOUT;
            NS_TEST_EXPECT_MSG_EQ(r.status,
                                  HttpRequestRecord::TIMEOUT,
                                  "a 5 s request beat a 1 s timeout");
            NS_TEST_EXPECT_MSG_EQ(r.GetResponseTime(), Seconds(1), "timed out at the wrong time");
        }
        // Each user cycles through 1 s of think time (mean) and 1 s of timeout.
        NS_TEST_ASSERT_MSG_GT(timeouts, 40u, "users stopped after a timeout");
        NS_TEST_ASSERT_MSG_EQ(server->GetRequestsServed(), 0u, "an abandoned request was served");
        // Dropped connections cancel their jobs: at most the two live ones remain.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(vm->GetCpu()->GetActiveJobs(),
                                    2u,
                                    "abandoned requests still use the CPU");
        Simulator::Destroy();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief HTTP workload against exact MVA test suite.
 */
class HttpMvaTestSuite : public TestSuite
{
  public:
    HttpMvaTestSuite()
        : TestSuite("vm-migration-http-mva", SYSTEM)
    {
        // N* = (D + Z) / D = 51: below, at and beyond saturation.
        AddTestCase(new HttpMvaTest(1, 8000), TestCase::QUICK);
        AddTestCase(new HttpMvaTest(51, 1800), TestCase::EXTENSIVE);
        AddTestCase(new HttpMvaTest(102, 400), TestCase::EXTENSIVE);
        AddTestCase(new HttpPageWriteTest(), TestCase::QUICK);
        AddTestCase(new HttpTimeoutTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static HttpMvaTestSuite g_httpMvaTestSuite;

} // namespace ns3
