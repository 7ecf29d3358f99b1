/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/http-server.h"
#include "ns3/object-vector.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/workload-helper.h"

#include <cmath>
#include <map>

namespace ns3
{

namespace
{

/// Link rate of the testbed's LAN (bit/s).
constexpr double LINK_BPS = 100e6;
/// Bytes a TCP segment adds on the wire: TCP header (20; no timestamps, see
/// TestbedHelper::ConfigureLinuxTcp), IPv4 (20), Ethernet header and FCS (18).
constexpr uint32_t SEGMENT_OVERHEAD = 20 + 20 + 18;
/// Time of the largest Ethernet frame (1518 bytes) on the LAN: one packet time.
const Time PACKET_TIME = Seconds(1518 * 8 / LINK_BPS);

/**
 * @brief A one-operation workload driven by @p users Faban users.
 * @param users N
 * @param requestSize request bytes
 * @param responseSize response body bytes
 * @param demand CPU per request
 * @return the workload
 */
Ptr<Workload>
OneOperation(uint32_t users, uint32_t requestSize, uint32_t responseSize, Time demand)
{
    Ptr<Workload> profile = Workload::Create("http");
    HttpOperationTable operations = profile->GetOperations();
    operations.front().requestSize = requestSize;
    operations.front().responseSize = responseSize;
    operations.front().demand = demand;
    profile->SetOperations(operations);
    profile->SetAttribute("Users", UintegerValue(users));
    profile->SetAttribute("RampUp", TimeValue(Seconds(0)));
    profile->SetAttribute("RampDown", TimeValue(Seconds(0)));
    profile->SetAttribute("Timeout", TimeValue(Seconds(0)));
    profile->SetAttribute("ConnectTimeout", TimeValue(Seconds(0)));
    return profile;
}

/**
 * @brief Run @p profile against a 16 MiB VM on host1 of the paper's machines (no
 *        migration) for @p duration, and keep its requests.
 * @param profile the workload
 * @param duration simulated time
 * @param configure called with what was installed, before the run
 * @param linkDelay propagation delay of each LAN link
 * @param linkModel the LAN's link model
 * @return the requests
 */
RequestLog
RunWorkload(Ptr<Workload> profile,
            Time duration,
            std::function<void(const WorkloadHelper::Installed&)> configure = {},
            Time linkDelay = NanoSeconds(500),
            TestbedHelper::LinkModel linkModel = TestbedHelper::CSMA)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    profile->SetAttribute("Steady", TimeValue(duration));
    TestbedHelper helper;
    helper.SetLinkDelay(linkDelay);
    helper.SetLinkModel(linkModel);
    helper.AddPaperMachines();
    Ptr<Testbed> testbed = helper.Install();
    auto vm = CreateObject<VirtualMachine>();
    vm->SetAttribute("MemoryMiB", DoubleValue(16));
    WorkloadHelper workload(profile);
    workload.ConfigureGuest(vm);
    testbed->AddVm("host1", vm);
    RequestLog log;
    WorkloadHelper::Installed installed = workload.Install(testbed, vm, "storage", log);
    if (configure)
    {
        configure(installed);
    }
    Simulator::Stop(duration);
    Simulator::Run();
    Simulator::Destroy();
    return log;
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A request's response time on a path of known delay is the path's delay.
 *
 * The load generator reaches the VM over two LAN links (to the switch, to host1) and
 * host1's bridge, which adds nothing.  With a propagation delay d per link and no CPU
 * demand, a keep-alive request costs 4 d plus the transmission of the request and of the
 * response on both links.  A request on a new connection costs one more round trip for
 * the handshake, and the ACK that ends it goes just ahead of the request; that case
 * runs on full-duplex links, because on a half-duplex CSMA link the request would meet
 * the ACK's propagation and wait a random back-off.  The measured response time must
 * match within one packet time.
 */
class KnownDelayTest : public TestCase
{
  public:
    /**
     * @param keepAlive whether the user keeps its connection
     */
    explicit KnownDelayTest(bool keepAlive)
        : TestCase(std::string("response time on a path of known delay, ") +
                   (keepAlive ? "keep-alive" : "a connection per request")),
          m_keepAlive(keepAlive)
    {
    }

  private:
    static constexpr uint32_t REQUEST = 200;  //!< request bytes
    static constexpr uint32_t RESPONSE = 900; //!< response body bytes (header: 250)
    static constexpr uint32_t SYN = 28;       //!< TCP header of a SYN or SYN-ACK, with options

    void DoRun() override
    {
        Time delay = MilliSeconds(5);
        Ptr<Workload> profile = OneOperation(1, REQUEST, RESPONSE, Seconds(0));
        profile->SetAttribute("KeepAlive", BooleanValue(m_keepAlive));
        RequestLog log =
            RunWorkload(profile,
                        Seconds(30),
                        {},
                        delay,
                        m_keepAlive ? TestbedHelper::CSMA : TestbedHelper::FULL_DUPLEX);
        const HttpOperation& op = profile->GetOperations().front();
        auto onWire = [](uint32_t bytes) { return Seconds(bytes * 8 / LINK_BPS); };
        Time expected = 4 * delay + 2 * onWire(op.requestSize + SEGMENT_OVERHEAD) +
                        2 * onWire(op.headerSize + op.responseSize + SEGMENT_OVERHEAD);
        if (!m_keepAlive)
        {
            expected += 4 * delay + 4 * onWire(SYN + 20 + 18) + 2 * onWire(SEGMENT_OVERHEAD);
        }
        NS_TEST_ASSERT_MSG_GT(log.GetRecords().size(), 10, "too few requests");
        bool first = true;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            // The first request of the run is special.  On a new connection it also waits
            // for ARP to resolve the VM's address and the VM the client's: not checked.
            // On a keep-alive connection (opened, and ARP done, at the start) ns-3's TCP
            // acknowledges the first data segment at once, so the first response follows
            // a pure ACK; a half-duplex CSMA link carries one frame at a time,
            // propagation included, so that response waits one link delay more.  Later
            // requests find the ACK carried by the response.
            if (first && !m_keepAlive)
            {
                first = false;
                continue;
            }
            Time extra = first ? delay : Seconds(0);
            first = false;
            NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::OK, "a request failed");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.GetResponseTime(),
                                      expected + extra,
                                      PACKET_TIME,
                                      "the response time is not the path's delay");
        }
    }

    bool m_keepAlive; //!< whether the user keeps its connection
};

/**
 * @ingroup vm-migration-tests
 * @brief Users draw operations by their weights in the mix.
 *
 * Weights 2:1:1 over about 8000 requests: each share is a binomial proportion whose
 * standard deviation is at most 0.0056; the shares must be within four of them.
 */
class OperationMixTest : public TestCase
{
  public:
    OperationMixTest()
        : TestCase("operations follow the mix")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Workload> profile = OneOperation(20, 200, 1000, MilliSeconds(1));
        profile->SetAttribute("ThinkTimeMean", DoubleValue(0.05));
        HttpOperationTable operations(3, profile->GetOperations().front());
        const double weights[] = {2, 1, 1};
        for (uint32_t i = 0; i < 3; ++i)
        {
            operations[i].name = "op" + std::to_string(i);
            operations[i].weight = weights[i];
            // Each operation answers with its own size, so the records show the
            // server served what the client asked for.
            operations[i].responseSize = 1000 * (i + 1);
        }
        profile->SetOperations(operations);
        RequestLog log = RunWorkload(profile, Seconds(20));
        std::map<uint16_t, uint64_t> count;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            ++count[r.operation];
            const HttpOperation& asked = operations.at(r.operation);
            NS_TEST_EXPECT_MSG_EQ(r.bytes,
                                  asked.headerSize + asked.responseSize,
                                  "the response is not the operation's");
        }
        double n = log.GetRecords().size();
        NS_TEST_ASSERT_MSG_GT(n, 5000, "too few requests");
        for (uint32_t i = 0; i < 3; ++i)
        {
            double p = weights[i] / 4;
            NS_TEST_EXPECT_MSG_EQ_TOL(count[i] / n,
                                      p,
                                      4 * std::sqrt(p * (1 - p) / n),
                                      "operation " << i << " is off its share");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Users start one after the other over the ramp-up.
 */
class RampUpTest : public TestCase
{
  public:
    RampUpTest()
        : TestCase("users start over the ramp-up")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t users = 10;
        const Time rampUp = Seconds(10);
        Ptr<Workload> profile = OneOperation(users, 200, 1000, MilliSeconds(1));
        profile->SetAttribute("ThinkTimeMean", DoubleValue(0.5));
        profile->SetAttribute("RampUp", TimeValue(rampUp));
        RequestLog log = RunWorkload(profile, Seconds(15));
        std::map<uint32_t, Time> first;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            first.emplace(r.user, r.start);
        }
        NS_TEST_ASSERT_MSG_EQ(first.size(), users, "a user never sent");
        for (const auto& [user, start] : first)
        {
            // User i starts at i × rampUp / N and thinks before its first request.
            NS_TEST_EXPECT_MSG_GT_OR_EQ(start,
                                        rampUp * user / users,
                                        "user " << user << " was early");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief An ab-like driver sends exactly its request count with its concurrency.
 */
class AbDriverTest : public TestCase
{
  public:
    AbDriverTest()
        : TestCase("ab sends its request count at its concurrency")
    {
    }

  private:
    void DoRun() override
    {
        const uint64_t count = 500;
        Ptr<Workload> profile = Workload::Create("ab");
        NS_TEST_ASSERT_MSG_NE(profile, nullptr, "no ab profile");
        profile->SetAttribute("Users", UintegerValue(4));
        profile->SetAttribute("RampUp", TimeValue(Seconds(0)));
        uint64_t inFlight = 0;
        uint64_t maxInFlight = 0;
        RequestLog log = RunWorkload(profile, Seconds(60), [&](const auto& w) {
            w.client->SetAttribute("MaxRequests", UintegerValue(count));
        });
        // Requests in flight at any time, from the records' start and end events.
        std::vector<std::pair<Time, int>> events;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::OK, "a request failed");
            events.emplace_back(r.start, 1);
            events.emplace_back(r.end, -1);
        }
        std::sort(events.begin(), events.end());
        for (const auto& [t, step] : events)
        {
            inFlight += step;
            maxInFlight = std::max(maxInFlight, inFlight);
        }
        NS_TEST_ASSERT_MSG_EQ(log.GetRecords().size(), count, "not the request count");
        NS_TEST_ASSERT_MSG_EQ(maxInFlight, profile->GetUsers(), "not the concurrency");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Requests to a port nobody listens on are refused; requests whose server
 *        goes away are reset.
 */
class FailedRequestsTest : public TestCase
{
  public:
    FailedRequestsTest()
        : TestCase("refused and reset requests are told apart")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Workload> profile = OneOperation(5, 200, 1000, Seconds(100));
        // The server stops at 5 s with every user's 100 s request in progress.
        RequestLog reset = RunWorkload(profile, Seconds(10), [](const auto& w) {
            w.server->SetStopTime(Seconds(5));
        });
        NS_TEST_ASSERT_MSG_EQ(reset.GetRecords().size(), 5, "not one failure per user");
        for (const HttpRequestRecord& r : reset.GetRecords())
        {
            NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::RESET, "not a reset");
            NS_TEST_EXPECT_MSG_EQ_TOL(r.end, Seconds(5), MilliSeconds(1), "not at the stop");
        }
        for (bool keepAlive : {true, false})
        {
            profile->SetAttribute("KeepAlive", BooleanValue(keepAlive));
            // No server listens: it starts after the run.  ns-3.37 ignores the RST|ACK
            // that answers a SYN to a closed port (it takes it for a stray ACK), so a
            // connection is found refused only when its SYN retransmissions run out,
            // after about three minutes.
            RequestLog refused = RunWorkload(profile, Seconds(300), [](const auto& w) {
                w.server->SetStartTime(Seconds(1000));
            });
            NS_TEST_ASSERT_MSG_GT_OR_EQ(refused.GetRecords().size(),
                                        profile->GetUsers(),
                                        "not a refusal per user");
            for (const HttpRequestRecord& r : refused.GetRecords())
            {
                NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::REFUSED, "not refused");
            }
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The web server's worker limit: a connection holds a worker until it closes, and
 *        a connection beyond MaxClients waits for one.
 *
 * Users with constant think times and no CPU demand, so every instant is known:
 * - MaxClients 2, three users thinking 1 s, no keep-alive timeout: the first two
 *   connections hold both workers for good; the third user's requests are never read,
 *   so each ends in the client's 3 s timeout, and the other two users see none.
 * - MaxClients 1, two users thinking 10 s, KeepAliveTimeout 5 s: user 0 is answered at
 *   10 s, its connection is closed at 15 s and user 1's request, waiting since 10 s, is
 *   answered then: its response time is the keep-alive timeout within the LAN's round
 *   trips (a millisecond; 10 ms allowed).  Without the limit it is answered at once.
 *   Connections the server closes for idling are reopened by the next request, so no
 *   request fails.
 */
class ServerLimitTest : public TestCase
{
  public:
    ServerLimitTest()
        : TestCase("the server's worker limit and keep-alive timeout")
    {
    }

  private:
    /**
     * @param users N
     * @param think constant think time
     * @param maxClients the server's workers
     * @param keepAliveTimeout the server's idle timeout
     * @param timeout the client's request timeout
     * @param duration simulated time
     * @return the requests
     */
    static RequestLog Run(uint32_t users,
                          Time think,
                          uint32_t maxClients,
                          Time keepAliveTimeout,
                          Time timeout,
                          Time duration)
    {
        Ptr<Workload> profile = OneOperation(users, 200, 1000, Seconds(0));
        profile->SetAttribute("MaxClients", UintegerValue(maxClients));
        profile->SetAttribute("KeepAliveTimeout", TimeValue(keepAliveTimeout));
        profile->SetAttribute("Timeout", TimeValue(timeout));
        return RunWorkload(profile, duration, [think](const auto& w) {
            std::string constant =
                "ns3::ConstantRandomVariable[Constant=" + std::to_string(think.GetSeconds()) + "]";
            w.client->SetAttribute("ThinkTime", StringValue(constant));
        });
    }

    void DoRun() override
    {
        const Time lanSlack = MilliSeconds(10);
        RequestLog starved = Run(3, Seconds(1), 2, Seconds(0), Seconds(3), Seconds(30));
        std::map<uint32_t, std::map<HttpRequestRecord::Status, uint32_t>> byUser;
        for (const HttpRequestRecord& r : starved.GetRecords())
        {
            ++byUser[r.user][r.status];
        }
        NS_TEST_ASSERT_MSG_EQ(byUser.size(), 3, "a user sent nothing");
        uint32_t starvedUser = 3;
        for (const auto& [user, statuses] : byUser)
        {
            if (statuses.count(HttpRequestRecord::TIMEOUT) > 0)
            {
                NS_TEST_EXPECT_MSG_EQ(statuses.size(), 1, "user " << user << " was also served");
                NS_TEST_EXPECT_MSG_EQ(starvedUser, 3, "more than one user starved");
                starvedUser = user;
            }
        }
        NS_TEST_EXPECT_MSG_NE(starvedUser, 3, "every user was served with two workers");
        // A request every think + timeout = 4 s from 1 s on: 1, 5, ..., 25 s time out.
        NS_TEST_EXPECT_MSG_EQ(byUser[starvedUser][HttpRequestRecord::TIMEOUT],
                              7,
                              "not one timeout per think time + timeout");

        for (uint32_t maxClients : {1, 0})
        {
            RequestLog log = Run(2, Seconds(10), maxClients, Seconds(5), Seconds(0), Seconds(45));
            std::map<uint32_t, std::vector<HttpRequestRecord>> requests;
            for (const HttpRequestRecord& r : log.GetRecords())
            {
                NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::OK, "a request failed");
                requests[r.user].push_back(r);
            }
            NS_TEST_ASSERT_MSG_EQ(requests.size(), 2, "a user was never answered");
            Time first = requests[0].front().end;
            Time second = requests[1].front().end;
            Time waited = std::max(first, second) - Seconds(10);
            Time expected = maxClients == 1 ? Seconds(5) : Seconds(0);
            NS_TEST_EXPECT_MSG_EQ_TOL(waited,
                                      expected,
                                      lanSlack,
                                      "MaxClients " << maxClients << ": the second user's "
                                                    << "first response");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(requests[0].size() + requests[1].size(),
                                        6,
                                        "requests lost after the keep-alive closes");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief A connection past a full accept queue is held as Linux holds it, and a SYN is
 *        dropped only while more than one held handshake is young.
 *
 * One worker, an accept queue of one, requests of 1 s of CPU, each user sending one
 * request on a new connection as it starts (no think time, no keep-alive):
 * - users at 0, 0.1 and 0.2 s; user 0 is answered at T0 (1 s after the LAN's first
 *   handshake, which waits for ARP): user 1 waits in the queue and is served until
 *   T0 + 1 s (T0 + 0.9 s after its start); user 2's handshake (0.2 s) finds the queue
 *   full and is held.  Its client's retransmissions come 0.2, 0.6 and 1.4 s after it,
 *   the last at 1.6 s, when user 1 has left the queue: it waits there and is served
 *   until T0 + 2 s, T0 + 1.8 s after its start.  Were its SYN dropped instead, ns-3's
 *   retry 3 s later would bring it in at 3.2 s, idle by then: 4 s.
 * - users at 0, 1, 2, 3 and 4 s, and a 20 s request holding the worker: users 2 and 3
 *   are held (at 3 s one young handshake), user 4's SYN at 4 s meets two young ones and
 *   is dropped; its retry at 7 s finds both past the 3 s SYN-ACK timeout and is held:
 *   3 held, 1 dropped by 11.5 s.  Without holding, each SYN is dropped and retried 3
 *   and 6 s later: 2, 5, 11 s; 3, 6 s; 4, 7 s: 7 dropped, none held.
 * - the first case with the client's retransmission timeout at 10 s: user 2 gets in on
 *   the server's first SYN-ACK retransmission, 3 s after its handshake, and is answered
 *   in 4 s.  With Apache's TCP_DEFER_ACCEPT of 30 s (Linux: 4 SYN-ACK timeouts, 3 + 6 +
 *   12 + 24 s) no SYN-ACK goes out before the fourth timeout, 45 s after, and it gets in
 *   on its client's retransmission, 10 s after: 11 s; with 5 s (2 timeouts, 3 + 6 s) the
 *   SYN-ACK first goes out at the second timeout, 9 s after: 10 s.
 * - the second case without holding, with a client Timeout of 1.5 s: the dropped SYN's
 *   request fails at 1.7 s if the Timeout counts from its start (no ConnectTimeout),
 *   and is answered at 4 s if it counts from the request's writing (ConnectTimeout
 *   30 s, Faban's); a ConnectTimeout of 2 s fails it at 2.2 s, before its SYN's retry.
 * Each time within 10 ms (a few LAN round trips).
 */
class HeldHandshakeTest : public TestCase
{
  public:
    HeldHandshakeTest()
        : TestCase("a handshake past a full accept queue is held as Linux holds it")
    {
    }

  private:
    /// What a run shows.
    struct Outcome
    {
        std::map<uint32_t, Time> responseTime; //!< by user, of its ok request
        uint64_t held{0};                      //!< handshakes held
        uint64_t dropped{0};                   //!< SYNs dropped
    };

    /**
     * @param users N, one request each, started evenly over @p rampUp
     * @param rampUp the ramp-up
     * @param demand CPU per request
     * @param hold whether the server holds overflowed handshakes
     * @param duration simulated time
     * @param timeout the client's Timeout
     * @param connectTimeout the client's ConnectTimeout
     * @param configureServer sets the server's attributes before the run
     * @return the outcome
     */
    static Outcome Run(uint32_t users,
                       Time rampUp,
                       Time demand,
                       bool hold,
                       Time duration,
                       Time timeout = Seconds(0),
                       Time connectTimeout = Seconds(0),
                       std::function<void(Ptr<VmHttpServer>)> configureServer = {})
    {
        Ptr<Workload> profile = OneOperation(users, 200, 1000, demand);
        profile->SetAttribute("Timeout", TimeValue(timeout));
        profile->SetAttribute("ConnectTimeout", TimeValue(connectTimeout));
        profile->SetAttribute("KeepAlive", BooleanValue(false));
        profile->SetAttribute("MaxClients", UintegerValue(1));
        profile->SetAttribute("AcceptQueueLength", UintegerValue(1));
        profile->SetAttribute("HoldOverflowedHandshakes", BooleanValue(hold));
        profile->SetAttribute("RampUp", TimeValue(rampUp));
        Ptr<VmHttpServer> server;
        RequestLog log =
            RunWorkload(profile, duration, [&server, &configureServer, users](const auto& w) {
                w.client->SetAttribute("ThinkTime",
                                       StringValue("ns3::ConstantRandomVariable[Constant=0]"));
                w.client->SetAttribute("MaxRequests", UintegerValue(users));
                server = w.server;
                if (configureServer)
                {
                    configureServer(server);
                }
            });
        Outcome outcome;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            if (r.status == HttpRequestRecord::OK)
            {
                outcome.responseTime[r.user] = r.end - r.start;
            }
        }
        outcome.held = server->GetHeldHandshakes();
        outcome.dropped = server->GetDroppedConnectionRequests();
        return outcome;
    }

    void DoRun() override
    {
        const Time slack = MilliSeconds(10);
        for (bool hold : {true, false})
        {
            Outcome o = Run(3, MilliSeconds(300), Seconds(1), hold, Seconds(10));
            NS_TEST_ASSERT_MSG_EQ(o.responseTime.size(), 3, "a request was not answered");
            // User 0's response ends at T0: 1 s of CPU after the LAN's first handshake
            // (and ARP); the server is busy from then on, one request after the other.
            Time t0 = o.responseTime[0];
            NS_TEST_EXPECT_MSG_EQ_TOL(t0, Seconds(1), 2 * slack, "one request alone");
            NS_TEST_EXPECT_MSG_EQ_TOL(o.responseTime[1],
                                      t0 + Seconds(0.9),
                                      slack,
                                      "the queued one");
            NS_TEST_EXPECT_MSG_EQ_TOL(o.responseTime[2],
                                      (hold ? t0 + Seconds(1.8) : Seconds(4)),
                                      slack,
                                      (hold ? "held" : "dropped") << " handshake");
            NS_TEST_EXPECT_MSG_EQ(o.held, (hold ? 1 : 0), "handshakes held");
        }
        // The server's SYN-ACK retransmissions, and TCP_DEFER_ACCEPT holding them back.
        for (auto [defer, answered] : {std::pair{Seconds(0), Seconds(4)},
                                       std::pair{Seconds(30), Seconds(11)},
                                       std::pair{Seconds(5), Seconds(10)}})
        {
            Outcome o = Run(3,
                            MilliSeconds(300),
                            Seconds(1),
                            true,
                            Seconds(12),
                            Seconds(0),
                            Seconds(0),
                            [defer = defer](Ptr<VmHttpServer> server) {
                                server->SetAttribute("ClientRto", TimeValue(Seconds(10)));
                                server->SetAttribute("DeferAccept", TimeValue(defer));
                            });
            NS_TEST_ASSERT_MSG_EQ(o.responseTime.count(2), 1, "the held one unanswered");
            NS_TEST_EXPECT_MSG_EQ_TOL(o.responseTime[2],
                                      answered,
                                      slack,
                                      "held, DeferAccept " << defer.As(Time::S));
        }
        // Faban's timeouts on the dropped SYN's user: a 1.5 s Timeout counted from the
        // request's start fails it at 1.7 s; counted from its writing on the connection
        // (up at 3.2 s) it is answered at 4 s; a 2 s ConnectTimeout fails it at 2.2 s.
        for (Time connectTimeout : {Seconds(0), Seconds(30), Seconds(2)})
        {
            Outcome o = Run(3,
                            MilliSeconds(300),
                            Seconds(1),
                            false,
                            Seconds(10),
                            Seconds(1.5),
                            connectTimeout);
            NS_TEST_EXPECT_MSG_EQ(o.responseTime.count(2),
                                  (connectTimeout == Seconds(30) ? 1 : 0),
                                  "ConnectTimeout " << connectTimeout.As(Time::S));
        }
        Outcome held = Run(5, Seconds(5), Seconds(20), true, Seconds(11.5));
        NS_TEST_EXPECT_MSG_EQ(held.held, 3, "handshakes held");
        NS_TEST_EXPECT_MSG_EQ(held.dropped, 1, "SYNs dropped with young ones held");
        Outcome dropped = Run(5, Seconds(5), Seconds(20), false, Seconds(11.5));
        NS_TEST_EXPECT_MSG_EQ(dropped.held, 0, "handshakes held");
        NS_TEST_EXPECT_MSG_EQ(dropped.dropped, 7, "SYNs dropped without holding");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The netperf workload: TCP_RR transactions one at a time, and a TCP_STREAM into
 *        the VM that fills the link.
 *
 * The stream's goodput cannot exceed the TCP/IP/Ethernet ceiling of a 100 Mb/s link,
 * 100 × 1448 / 1538 = 94.1 Mb/s, and a bulk flow that shares its path only with one
 * transaction at a time gets well over half of it.  The stream fills the load
 * generator's transmit queue, so each transaction's request waits behind at most its
 * 1000 full frames (123 ms): at least duration / (123 ms + 10 ms) transactions.
 */
class NetperfTest : public TestCase
{
  public:
    NetperfTest()
        : TestCase("netperf runs one transaction at a time beside a stream")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Workload> profile = Workload::Create("netperf");
        NS_TEST_ASSERT_MSG_NE(profile, nullptr, "no profile");
        NS_TEST_ASSERT_MSG_EQ(profile->GetNetperfStreams(), 1, "not one stream");
        profile->SetAttribute("RampUp", TimeValue(Seconds(0)));
        profile->SetAttribute("RampDown", TimeValue(Seconds(0)));
        const Time duration = Seconds(10);
        Ptr<PacketSink> stream;
        RequestLog log = RunWorkload(profile, duration, [&stream](const auto& w) {
            stream = w.streams.front();
        });
        double mbps = stream->GetTotalRx() * 8 / duration.GetSeconds() / 1e6;
        NS_TEST_EXPECT_MSG_LT_OR_EQ(mbps, 100.0 * 1448 / 1538, "the stream beat the link");
        NS_TEST_EXPECT_MSG_GT(mbps, 50.0, "the stream did not fill the link");
        // Transactions follow each other: each starts when the previous one ended.
        const auto& records = log.GetRecords();
        Time queue = DataRate("100Mbps").CalculateBytesTxTime(1538) * 1000;
        double fewest = duration.GetSeconds() / (queue + MilliSeconds(10)).GetSeconds();
        NS_TEST_ASSERT_MSG_GT(double(records.size()), fewest, "too few transactions");
        for (size_t i = 1; i < records.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(records[i].start,
                                        records[i - 1].end,
                                        "two transactions in flight");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Workload test suite: the drivers, the operation mix and the records.
 */
/**
 * @ingroup vm-migration-tests
 * @brief A client that finds no free port fails the request and tries again a
 *        PORT_RETRY later, never at the same instant.
 *
 * Every ephemeral port of the load generator but one is taken before the run.  Three
 * ab users with keep-alive and no think time, on a server with no request limit per
 * connection: the first takes the last port and keeps it; the other two find none when
 * they connect at 0 s (before any request: nothing fails) and at every PORT_RETRY after
 * it.  Over 2.5 s each fails a request at 1 and 2 s.  Retrying at the same instant,
 * the run would never end.
 */
class NoFreePortTest : public TestCase
{
  public:
    NoFreePortTest()
        : TestCase("a client with no free port refuses the request and retries later")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Workload> profile = Workload::Create("ab");
        profile->SetAttribute("Users", UintegerValue(3));
        profile->SetAttribute("KeepAlive", BooleanValue(true));
        std::vector<Ptr<Socket>> taken;
        RequestLog log = RunWorkload(profile, Seconds(2.5), [&taken](const auto& w) {
            w.server->SetAttribute("MaxKeepAliveRequests", UintegerValue(0));
            // ns-3 gives a node's address the ports 49152-65535 (Ipv4EndPointDemux).
            for (uint32_t port = 49152; port < 65535; ++port)
            {
                Ptr<Socket> socket =
                    Socket::CreateSocket(w.client->GetNode(), TcpSocketFactory::GetTypeId());
                socket->Bind();
                taken.push_back(socket);
            }
        });
        std::map<uint32_t, std::vector<Time>> refusedAt;
        uint64_t ok = 0;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            if (r.status == HttpRequestRecord::REFUSED)
            {
                refusedAt[r.user].push_back(r.end);
            }
            ok += r.status == HttpRequestRecord::OK;
        }
        NS_TEST_ASSERT_MSG_EQ(refusedAt.size(), 2, "not two users without a port");
        for (const auto& [user, times] : refusedAt)
        {
            NS_TEST_ASSERT_MSG_EQ(times.size(), 2, "user " << user << ": not 2 refusals");
            for (size_t i = 0; i < times.size(); ++i)
            {
                NS_TEST_EXPECT_MSG_EQ(times[i], Seconds(i + 1), "not one try per PORT_RETRY");
            }
        }
        NS_TEST_ASSERT_MSG_GT(ok, 0, "the user with the last port was not served");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Without keep-alive the server closes each connection after its response, as
 *        Apache does for ab without -k, so the client keeps no TIME_WAIT sockets.
 *
 * Four ab users for 2 s make thousands of connections.  At the end the load
 * generator holds at most two sockets per user (the open one and one the server is
 * closing); had it closed first, each connection would leave a socket in TIME_WAIT
 * there (ns-3: 240 s), thousands of them, and its ports would run out.
 */
class ServerClosesFirstTest : public TestCase
{
  public:
    ServerClosesFirstTest()
        : TestCase("without keep-alive the server closes first")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<Workload> profile = Workload::Create("ab");
        profile->SetAttribute("Users", UintegerValue(4));
        profile->SetAttribute("KeepAlive", BooleanValue(false));
        uint32_t clientSockets = 0;
        RequestLog log = RunWorkload(profile, Seconds(2), [&clientSockets](const auto& w) {
            Ptr<Node> node = w.client->GetNode();
            Simulator::Schedule(Seconds(2) - NanoSeconds(1), [node, &clientSockets]() {
                ObjectVectorValue sockets;
                node->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", sockets);
                clientSockets = sockets.GetN();
            });
        });
        uint64_t ok = 0;
        for (const HttpRequestRecord& r : log.GetRecords())
        {
            ok += r.status == HttpRequestRecord::OK;
        }
        NS_TEST_ASSERT_MSG_GT(ok, 1000, "too few connections to tell");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(clientSockets,
                                    2 * profile->GetUsers(),
                                    "the client keeps closed connections");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief An operation with fetches is its requests in turn, timed as one.
 *
 * One user's operation asks for a page and then two images on its keep-alive
 * connection, over full-duplex links of known delay d and no CPU demand.  Each request
 * costs what one keep-alive request does (4 d plus the request's and the response's
 * transmission on both links), the next leaving as the response arrives, so the
 * operation's response time is the sum of the three, within one packet time (the link
 * model's framing, a few microseconds a frame); its bytes are the three responses'; and
 * the server serves three requests an operation.  With a server that closes every
 * connection after two requests (MaxKeepAliveRequests), a fetch that follows a
 * connection's last response goes on a new connection: every operation still
 * succeeds, none is reset on the closing one.
 */
class FetchesTest : public TestCase
{
  public:
    /**
     * @param maxKeepAliveRequests the server's requests per connection (0: no limit)
     */
    explicit FetchesTest(uint32_t maxKeepAliveRequests)
        : TestCase("an operation's fetches, " +
                   (maxKeepAliveRequests == 0
                        ? std::string("on one connection")
                        : "a connection closed every " + std::to_string(maxKeepAliveRequests) +
                              " requests")),
          m_maxKeepAliveRequests(maxKeepAliveRequests)
    {
    }

  private:
    static constexpr uint32_t REQUEST = 200; //!< request bytes
    static constexpr uint32_t PAGE = 900;    //!< the page's body bytes
    static constexpr uint32_t IMAGE = 600;   //!< an image's body bytes

    void DoRun() override
    {
        Time delay = MilliSeconds(5);
        Ptr<Workload> profile = OneOperation(1, REQUEST, PAGE, Seconds(0));
        profile->SetAttribute("MaxKeepAliveRequests", UintegerValue(m_maxKeepAliveRequests));
        HttpOperationTable operations = profile->GetOperations();
        HttpOperation image = operations.front();
        image.name = "image";
        image.weight = 0;
        image.responseSize = IMAGE;
        operations.front().fetches = {1, 1};
        operations.push_back(image);
        profile->SetOperations(operations);
        Ptr<VmHttpServer> server;
        RequestLog log = RunWorkload(
            profile,
            Seconds(30),
            [&server](const auto& w) { server = w.server; },
            delay,
            TestbedHelper::FULL_DUPLEX);
        const std::vector<HttpRequestRecord>& records = log.GetRecords();
        NS_TEST_ASSERT_MSG_GT(records.size(), 10, "too few operations");
        uint64_t served = server->GetRequestsServed();
        NS_TEST_EXPECT_MSG_GT_OR_EQ(served, 3 * records.size(), "fetches not served");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(served, 3 * records.size() + 2, "more requests than asked");
        const HttpOperation& page = operations.front();
        uint32_t bytes = page.headerSize + PAGE + 2 * (image.headerSize + IMAGE);
        auto onWire = [](uint32_t b) { return Seconds(b * 8 / LINK_BPS); };
        auto requestTime = [&](uint32_t body) {
            return 4 * delay + 2 * onWire(REQUEST + SEGMENT_OVERHEAD) +
                   2 * onWire(page.headerSize + body + SEGMENT_OVERHEAD);
        };
        Time expected = requestTime(PAGE) + 2 * requestTime(IMAGE);
        for (size_t i = 0; i < records.size(); ++i)
        {
            const HttpRequestRecord& r = records[i];
            NS_TEST_EXPECT_MSG_EQ(r.status, HttpRequestRecord::OK, "operation " << i << " failed");
            NS_TEST_EXPECT_MSG_EQ(r.operation, 0, "a fetch recorded as an operation");
            NS_TEST_EXPECT_MSG_EQ(r.bytes, bytes, "the operation's bytes are not its responses'");
            if (m_maxKeepAliveRequests == 0 && i > 0)
            {
                // The first waits for ARP and meets the handshake's ACK (KnownDelayTest).
                NS_TEST_EXPECT_MSG_EQ_TOL(r.GetResponseTime(),
                                          expected,
                                          PACKET_TIME,
                                          "the operation is not its three requests in turn");
            }
        }
    }

    uint32_t m_maxKeepAliveRequests; //!< the server's requests per connection
};

class WorkloadTestSuite : public TestSuite
{
  public:
    WorkloadTestSuite()
        : TestSuite("vm-migration-workload", SYSTEM)
    {
        AddTestCase(new KnownDelayTest(true), TestCase::QUICK);
        AddTestCase(new KnownDelayTest(false), TestCase::QUICK);
        AddTestCase(new OperationMixTest(), TestCase::QUICK);
        AddTestCase(new FetchesTest(0), TestCase::QUICK);
        AddTestCase(new FetchesTest(2), TestCase::QUICK);
        AddTestCase(new RampUpTest(), TestCase::QUICK);
        AddTestCase(new AbDriverTest(), TestCase::QUICK);
        AddTestCase(new FailedRequestsTest(), TestCase::QUICK);
        AddTestCase(new ServerLimitTest(), TestCase::QUICK);
        AddTestCase(new HeldHandshakeTest(), TestCase::QUICK);
        AddTestCase(new NetperfTest(), TestCase::QUICK);
        AddTestCase(new NoFreePortTest(), TestCase::EXTENSIVE);
        AddTestCase(new ServerClosesFirstTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static WorkloadTestSuite g_workloadTestSuite;

} // namespace ns3
