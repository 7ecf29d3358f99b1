/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "workload.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/type-registry.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>

/*
 * The named workloads of the paper are Workload's subclasses, one file each.  Every
 * number says where it comes from: a named source, a fit to the paper's figures, or
 * "assumed" with the reason.  Sizes are bytes; demands are CPU time on a speed-1 core.
 *
 * Memory writes: total page writes/s = BackgroundWriteRate + X * mean(pagesWritten),
 * X = users / (think + R).  The working sets and the per-request writes are assumed;
 * the background rates are then fitted to experiment 2's pre-copy totals by
 * utils/vm-migration-calibrate-workloads (Brent's method on the simulated total, paper
 * testbed, full-duplex links).  The pages they dirty are bounded by the working set:
 * netperf writes fast over 4 MiB, SampleWeb over 64 MiB, Olio over 96 MiB.
 */

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("Workload");
NS_OBJECT_ENSURE_REGISTERED(Workload);

namespace
{

// --- Faban (SampleWeb and Olio drivers) ---
// The paper: a 10-minute steady state (Workload::FABAN_STEADY_S).  Ramp-up assumed 60 s: >= 12
// cycles for the users (started evenly over it) and the server's caches to settle; ramp-down
// assumed 30 s (6 cycles), so the steady state ends with the full population still running.
const double FABAN_RAMP_UP_S = 60;
const double FABAN_RAMP_DOWN_S = 30;
// Faban's TimedSocket (driver/transport/util): a 30 s connect timeout
// (TimedSocket.connect), then a 30 s socket read timeout (setSoTimeout) from the request's
// writing: a request fails when its connection is not up in 30 s, or when its response
// does not come within 30 s of the request's being written.
const double FABAN_TIMEOUT_S = 30;
const double FABAN_CONNECT_TIMEOUT_S = 30;

// --- Apache 2.2 in the LAMP VMs: Debian 2.2.14-5's apache2.conf, on which Ubuntu
// 10.04's package is built (prefork MPM); MaxClients is Workload::APACHE_MAX_CLIENTS ---
const double APACHE_KEEP_ALIVE_TIMEOUT_S = 15;
const uint32_t APACHE_MAX_KEEP_ALIVE_REQUESTS = 100;
// Apache asks listen() for a backlog of 511 (ListenBacklog's default); Linux 2.6.32 cuts
// it to net.core.somaxconn = 128, and its accept queue counts as full only when it
// holds more than that (sk_acceptq_is_full: ack_backlog > max_ack_backlog): 129
// connections wait for a worker.  Past that, Linux holds a new handshake half-open
// (tcp_abort_on_overflow 0) and drops a SYN only while it holds more than one young one
// (VmHttpServer's HoldOverflowedHandshakes).
const uint32_t LINUX_ACCEPT_QUEUE = 128 + 1;
// Apache 2.2's accept filter on Linux: core.c maps http and https to "data" unless
// AcceptFilter says otherwise, and listen.c (ap_apply_accept_filter) sets TCP_DEFER_ACCEPT
// to 30 s for it.  Linux 2.6.32 makes that 4 SYN-ACK timeouts (3 + 6 + 12 + 24 s), during
// the first 3 of which it retransmits no SYN-ACK of a held handshake.
const double APACHE_DEFER_ACCEPT_S = 30;

} // namespace

TypeId
Workload::GetTypeId()
{
    // No attributes here: see the class's description (AddAttributes).
    static TypeId tid = TypeId("ns3::Workload").SetParent<Object>().SetGroupName("VmMigration");
    return tid;
}

TypeId
Workload::AddAttributes(TypeId tid, const Defaults& d)
{
    return tid
        .AddAttribute("Users",
                      "Faban users, or ab's concurrency (the requests in flight)",
                      UintegerValue(d.users),
                      MakeUintegerAccessor(&Workload::m_users),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("ThinkTimeMean",
                      "Mean of a Faban user's think or cycle time (s; exponential, truncated at "
                      "5 x the mean as Faban's NegativeExponential is); 0: none",
                      DoubleValue(d.thinkTimeMean),
                      MakeDoubleAccessor(&Workload::m_thinkTimeMean),
                      MakeDoubleChecker<double>(0))
        .AddAttribute("CycleTime",
                      "Whether the think time runs from the start of the user's previous "
                      "request (Faban's CYCLETIME) rather than from its end",
                      BooleanValue(d.cycleTime),
                      MakeBooleanAccessor(&Workload::m_cycleTime),
                      MakeBooleanChecker())
        .AddAttribute("KeepAlive",
                      "Whether a user keeps one connection for its requests (else one per "
                      "request)",
                      BooleanValue(d.keepAlive),
                      MakeBooleanAccessor(&Workload::m_keepAlive),
                      MakeBooleanChecker())
        .AddAttribute("Timeout",
                      "The driver's request timeout (0: none)",
                      TimeValue(d.timeout),
                      MakeTimeAccessor(&Workload::m_timeout),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("ConnectTimeout",
                      "The driver's connect timeout (0: within Timeout)",
                      TimeValue(d.connectTimeout),
                      MakeTimeAccessor(&Workload::m_connectTimeout),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("MaxClients",
                      "The web server's workers (Apache's MaxClients; 0: no limit)",
                      UintegerValue(d.maxClients),
                      MakeUintegerAccessor(&Workload::m_maxClients),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("AcceptQueueLength",
                      "Connections the guest's accept queue holds before it refuses more "
                      "(0: no limit)",
                      UintegerValue(d.acceptQueueLength),
                      MakeUintegerAccessor(&Workload::m_acceptQueueLength),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("HoldOverflowedHandshakes",
                      "Whether the guest holds a handshake half-open past a full accept "
                      "queue, as Linux does, rather than dropping its SYN",
                      BooleanValue(d.holdOverflowedHandshakes),
                      MakeBooleanAccessor(&Workload::m_holdOverflowedHandshakes),
                      MakeBooleanChecker())
        .AddAttribute("DeferAccept",
                      "The web server's TCP_DEFER_ACCEPT period on its listening socket: "
                      "while it lasts, a handshake held past a full accept queue gets no "
                      "SYN-ACK retransmission (0: none)",
                      TimeValue(d.deferAccept),
                      MakeTimeAccessor(&Workload::m_deferAccept),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("MaxKeepAliveRequests",
                      "Requests the web server serves on one connection (0: no limit)",
                      UintegerValue(d.maxKeepAliveRequests),
                      MakeUintegerAccessor(&Workload::m_maxKeepAliveRequests),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("KeepAliveTimeout",
                      "The web server's idle-connection timeout (0: none)",
                      TimeValue(d.keepAliveTimeout),
                      MakeTimeAccessor(&Workload::m_keepAliveTimeout),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("RequestHotSetPages",
                      "Guest pages the requests' own writes land in (0: the working set)",
                      UintegerValue(d.requestHotSetPages),
                      MakeUintegerAccessor(&Workload::m_requestHotSetPages),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("BackgroundWriteRate",
                      "Guest page writes per second besides the requests' own (Poisson)",
                      DoubleValue(d.backgroundWriteRate),
                      MakeDoubleAccessor(&Workload::m_backgroundWriteRate),
                      MakeDoubleChecker<double>(0))
        .AddAttribute("WorkingSetMiB",
                      "The guest's writable working set (MiB; 0: all its memory)",
                      DoubleValue(d.workingSetMiB),
                      MakeDoubleAccessor(&Workload::m_workingSetMiB),
                      MakeDoubleChecker<double>(0))
        .AddAttribute("NetperfStreams",
                      "netperf TCP_STREAM flows from the load generator to the VM",
                      UintegerValue(d.netperfStreams),
                      MakeUintegerAccessor(&Workload::m_netperfStreams),
                      MakeUintegerChecker<uint32_t>())
        .AddAttribute("RampUp",
                      "Ramp-up: the clients start evenly over it",
                      TimeValue(d.rampUp),
                      MakeTimeAccessor(&Workload::m_rampUp),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("Steady",
                      "Steady state: what the summaries measure",
                      TimeValue(d.steady),
                      MakeTimeAccessor(&Workload::m_steady),
                      MakeTimeChecker(Seconds(0)))
        .AddAttribute("RampDown",
                      "Ramp-down: the clients run on after the steady state",
                      TimeValue(d.rampDown),
                      MakeTimeAccessor(&Workload::m_rampDown),
                      MakeTimeChecker(Seconds(0)));
}

Workload::Defaults
Workload::FabanRun()
{
    Defaults d;
    // Faban's SunHttpTransport keeps a connection per user thread (its own keep-alive
    // cache, not the JDK's shared one of 5); it is closed only when the server closes it.
    d.keepAlive = true;
    d.cycleTime = true;
    d.timeout = Seconds(FABAN_TIMEOUT_S);
    d.connectTimeout = Seconds(FABAN_CONNECT_TIMEOUT_S);
    d.rampUp = Seconds(FABAN_RAMP_UP_S);
    d.steady = Seconds(FABAN_STEADY_S);
    d.rampDown = Seconds(FABAN_RAMP_DOWN_S);
    return d;
}

void
Workload::SetApache(Defaults& d)
{
    d.maxClients = APACHE_MAX_CLIENTS;
    d.keepAliveTimeout = Seconds(APACHE_KEEP_ALIVE_TIMEOUT_S);
    d.maxKeepAliveRequests = APACHE_MAX_KEEP_ALIVE_REQUESTS;
    d.acceptQueueLength = LINUX_ACCEPT_QUEUE;
    d.holdOverflowedHandshakes = true;
    d.deferAccept = Seconds(APACHE_DEFER_ACCEPT_S);
}

Workload::Workload()
{
    NS_LOG_FUNCTION(this);
}

Workload::~Workload()
{
    NS_LOG_FUNCTION(this);
}

bool
Workload::LookupByName(const std::string& name, TypeId& tid)
{
    return TypeRegistry::Lookup(Workload::GetTypeId(), name, &GetShortName, tid);
}

Ptr<Workload>
Workload::Create(const std::string& name)
{
    TypeId tid;
    if (!LookupByName(name, tid))
    {
        return nullptr;
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return factory.Create<Workload>();
}

std::string
Workload::GetShortName(TypeId tid)
{
    std::string name = tid.GetName();
    std::size_t colons = name.rfind("::");
    name = colons == std::string::npos ? name : name.substr(colons + 2);
    const std::string suffix = "Workload";
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
    {
        name.erase(name.size() - suffix.size());
    }
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return std::tolower(c);
    });
    return name;
}

std::string
Workload::GetNames()
{
    return TypeRegistry::ListNames(Workload::GetTypeId(), &GetShortName);
}

std::string
Workload::GetName() const
{
    return GetShortName(GetInstanceTypeId());
}

void
Workload::SetDriver(Driver driver)
{
    m_driver = driver;
}

Workload::Driver
Workload::GetDriver() const
{
    return m_driver;
}

const HttpOperationTable&
Workload::GetOperations() const
{
    return m_operations;
}

void
Workload::SetOperations(const HttpOperationTable& operations)
{
    m_operations = operations;
}

bool
Workload::HasClients() const
{
    return !m_operations.empty() && m_driver != NONE;
}

uint32_t
Workload::GetUsers() const
{
    return m_users;
}

double
Workload::GetThinkTimeMean() const
{
    return m_thinkTimeMean;
}

bool
Workload::GetCycleTime() const
{
    return m_cycleTime;
}

bool
Workload::GetKeepAlive() const
{
    return m_keepAlive;
}

Time
Workload::GetTimeout() const
{
    return m_timeout;
}

Time
Workload::GetConnectTimeout() const
{
    return m_connectTimeout;
}

uint32_t
Workload::GetMaxClients() const
{
    return m_maxClients;
}

uint32_t
Workload::GetAcceptQueueLength() const
{
    return m_acceptQueueLength;
}

bool
Workload::GetHoldOverflowedHandshakes() const
{
    return m_holdOverflowedHandshakes;
}

Time
Workload::GetDeferAccept() const
{
    return m_deferAccept;
}

uint32_t
Workload::GetMaxKeepAliveRequests() const
{
    return m_maxKeepAliveRequests;
}

Time
Workload::GetKeepAliveTimeout() const
{
    return m_keepAliveTimeout;
}

uint32_t
Workload::GetRequestHotSetPages() const
{
    return m_requestHotSetPages;
}

double
Workload::GetBackgroundWriteRate() const
{
    return m_backgroundWriteRate;
}

double
Workload::GetWorkingSetMiB() const
{
    return m_workingSetMiB;
}

uint32_t
Workload::GetNetperfStreams() const
{
    return m_netperfStreams;
}

Time
Workload::GetRampUp() const
{
    return m_rampUp;
}

Time
Workload::GetSteady() const
{
    return m_steady;
}

Time
Workload::GetRampDown() const
{
    return m_rampDown;
}

} // namespace ns3
