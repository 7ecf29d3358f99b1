/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-server.h"

#include "hypervisor.h"
#include "linux-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("VmHttpServer");

namespace
{
/**
 * Maximum segment lifetime of the server's sockets (s): TIME_WAIT lasts twice that,
 * 0.2 s where Linux holds 60 s (see where the listener is made).  Long enough for any
 * segment of the closed connection still in the LAN's queues (1,000 packets at
 * 100 Mb/s drain in 0.12 s); a FIN retransmitted later meets a RST, which ends the
 * client's side as the ACK would have.
 */
constexpr double TIME_WAIT_MSL_S = 0.1;
} // namespace

NS_OBJECT_ENSURE_REGISTERED(VmHttpServer);

TypeId
VmHttpServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::VmHttpServer")
            .SetParent<Application>()
            .SetGroupName("VmMigration")
            .AddConstructor<VmHttpServer>()
            .AddAttribute("Port",
                          "TCP port the server listens on.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&VmHttpServer::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("RequestDemand",
                          "CPU time per request on a speed-1 core; the host's CPU is shared "
                          "by processor sharing, so the actual service time depends on load.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&VmHttpServer::m_demand),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ResponseSize",
                          "Bytes of each response's body.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&VmHttpServer::m_responseSize),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HeaderSize",
                          "Bytes of each response's header (at least 6: it starts with the "
                          "response's length and operation).",
                          UintegerValue(250),
                          MakeUintegerAccessor(&VmHttpServer::m_headerSize),
                          MakeUintegerChecker<uint32_t>(HttpMessageChannel::PREFIX_BYTES))
            .AddAttribute("PagesWrittenPerRequest",
                          "Guest memory pages written when a request is served, on top of "
                          "the VM's background writes.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&VmHttpServer::m_pagesPerRequest),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxClients",
                          "Connections served at once (Apache prefork's MaxClients); each "
                          "holds a worker until it closes, and later ones wait in arrival "
                          "order.  0: no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&VmHttpServer::m_maxClients),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AcceptQueueLength",
                          "Connections the guest kernel holds established but not yet taken "
                          "by a worker (the listen socket's accept queue); while it is full, "
                          "new connection requests (SYNs) are dropped and the clients retry "
                          "them.  0: no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&VmHttpServer::m_acceptQueueLength),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("HoldOverflowedHandshakes",
                          "Whether a connection whose handshake completes while the accept "
                          "queue is full is held half-open and retried, as Linux holds it "
                          "(tcp_abort_on_overflow 0): its client's retransmissions of the "
                          "request (ClientRto, doubling) and the server's of the SYN-ACK "
                          "(SynAckTimeout, doubling) each let it into the queue if there is "
                          "room then; a SYN is dropped only while the queue is full and more "
                          "than one held handshake is younger than SynAckTimeout, or "
                          "SynQueueLength are held.  If false, every SYN is dropped while "
                          "the queue is full.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&VmHttpServer::m_holdOverflowed),
                          MakeBooleanChecker())
            .AddAttribute("ClientRto",
                          "The client's first retransmission timeout of its request on a "
                          "held handshake (Linux's TCP_RTO_MIN on a LAN); it doubles.",
                          TimeValue(MilliSeconds(200)),
                          MakeTimeAccessor(&VmHttpServer::m_clientRto),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("SynAckTimeout",
                          "The server's first retransmission timeout of a SYN-ACK (Linux "
                          "2.6.32's TCP_TIMEOUT_INIT); it doubles, 5 times "
                          "(tcp_synack_retries).",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&VmHttpServer::m_synAckTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("DeferAccept",
                          "The listening socket's TCP_DEFER_ACCEPT period (Apache 2.2 on "
                          "Linux sets 30 s: AcceptFilter http data).  Linux 2.6.32 turns it "
                          "into SYN-ACK timeouts (secs_to_retrans) and, while they last, does "
                          "not retransmit a held handshake's SYN-ACK (syn_ack_recalc): only "
                          "its client's retransmissions retry it.  0: none.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&VmHttpServer::m_deferAccept),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SynQueueLength",
                          "Handshakes held at most (the listen socket's SYN queue: Linux "
                          "2.6.32's reqsk_queue_alloc rounds the backlog, 128 after "
                          "somaxconn, up to 256).",
                          UintegerValue(256),
                          MakeUintegerAccessor(&VmHttpServer::m_synQueueLength),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxKeepAliveRequests",
                          "Requests served on one connection, after which the server closes "
                          "it with the last response (Apache's MaxKeepAliveRequests).  0: no "
                          "limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&VmHttpServer::m_maxKeepAliveRequests),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("KeepAliveTimeout",
                          "The server closes a connection that has been idle this long "
                          "after a response, freeing its worker (Apache's "
                          "KeepAliveTimeout).  0: connections are never closed for idling.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&VmHttpServer::m_keepAliveTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("RequestServed",
                            "A request's response was handed to TCP.",
                            MakeTraceSourceAccessor(&VmHttpServer::m_servedTrace),
                            "ns3::VmHttpServer::RequestServedTracedCallback");
    return tid;
}

VmHttpServer::VmHttpServer()
    : m_port(80),
      m_demand(MilliSeconds(20)),
      m_responseSize(1500),
      m_headerSize(250),
      m_pagesPerRequest(0),
      m_maxClients(0),
      m_acceptQueueLength(0),
      m_maxKeepAliveRequests(0)
{
    NS_LOG_FUNCTION(this);
}

void
VmHttpServer::SetVm(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    m_vm = vm;
    vm->TraceConnectWithoutContext("State", MakeCallback(&VmHttpServer::VmStateChanged, this));
}

void
VmHttpServer::SetOperations(const HttpOperationTable& operations)
{
    NS_LOG_FUNCTION(this);
    for (const HttpOperation& op : operations)
    {
        NS_ABORT_MSG_IF(op.headerSize < HttpMessageChannel::PREFIX_BYTES,
                        "operation " << op.name << ": a response header needs at least "
                                     << HttpMessageChannel::PREFIX_BYTES << " bytes");
    }
    m_operations = operations;
}

void
VmHttpServer::VmStateChanged(VirtualMachine::State /* before */, VirtualMachine::State now)
{
    NS_LOG_FUNCTION(this << VirtualMachine::StateName(now));
    // The trace fires before the VM's state changes: remember the new one here.  The
    // requests' CPU work needs nothing: the VM's vCPUs pause and resume with it, and
    // after a migration they run on the target's cores.
    m_paused = now != VirtualMachine::RUNNING && now != VirtualMachine::MIGRATING;
    for (auto& [id, connection] : m_connections)
    {
        if (m_paused)
        {
            connection.idle.Cancel(); // a paused server closes nothing
        }
        else
        {
            ArmKeepAlive(id);
        }
    }
}

uint64_t
VmHttpServer::GetRequestsServed() const
{
    return m_served;
}

void
VmHttpServer::DoDispose()
{
    NS_LOG_FUNCTION(this);
    StopApplication();
    m_vm = nullptr;
    Application::DoDispose();
}

void
VmHttpServer::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_vm, "VmHttpServer needs its VM (SetVm) before it starts");
    if (m_operations.empty())
    {
        HttpOperation op;
        op.name = "request";
        op.headerSize = m_headerSize;
        op.responseSize = m_responseSize;
        op.demand = m_demand;
        op.pagesWritten = m_pagesPerRequest;
        m_operations.push_back(op);
    }
    // Linux's timers where ns-3.37's differ; its connections fork as the same kind.
    m_listener = LinuxTcpSocket::CreateSocket(GetNode());
    m_listener->SetAttribute("TcpNoDelay", BooleanValue(true));
    // The server closes connections (MaxKeepAliveRequests, KeepAliveTimeout), so its side
    // holds them in TIME_WAIT: tens per second, 60 s each on Linux.  ns-3 looks up every
    // arriving packet's socket by scanning all of the node's sockets, TIME_WAIT ones
    // included, which would make the guest's every packet cost thousands of compares.
    // A TIME_WAIT socket only keeps its port pair from being reused; the clients take
    // their ports in turn from ns-3's 16384 and come back to one only after using all
    // of them (8 s at 2,000 connections/s).  The accepted sockets inherit this
    // 2 x TIME_WAIT_MSL_S from the listener.
    m_listener->SetAttribute("MaxSegLifetime", DoubleValue(TIME_WAIT_MSL_S));
    NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "cannot bind port " << m_port);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&VmHttpServer::HandleConnectionRequest, this),
                                  MakeCallback(&VmHttpServer::HandleAccept, this));
}

bool
VmHttpServer::HandleConnectionRequest(Ptr<Socket> /* listener */, const Address& from)
{
    NS_LOG_FUNCTION(this << from);
    // Linux drops a SYN while the listen socket's accept queue is full and it holds more
    // than one half-open handshake whose SYN-ACK it has not yet retransmitted
    // (tcp_v4_conn_request: sk_acceptq_is_full, inet_csk_reqsk_queue_young); the client
    // retries it 3, 6, 12 ... s later.  The queue holds the connections that
    // wait for a worker, those whose client has given up included, until a worker takes
    // them.  Handshakes in progress are not counted: a few SYNs within one round trip
    // may overfill the queue by as many.
    bool drop = IsAcceptQueueFull() && (!m_holdOverflowed || CountYoungHandshakes() > 1 ||
                                        m_overflowed.size() >= m_synQueueLength);
    if (drop)
    {
        ++m_droppedSyns;
        NS_LOG_INFO("accept queue full: SYN from " << InetSocketAddress::ConvertFrom(from).GetIpv4()
                                                   << " dropped");
    }
    return !drop;
}

uint64_t
VmHttpServer::GetDroppedConnectionRequests() const
{
    return m_droppedSyns;
}

uint64_t
VmHttpServer::GetHeldHandshakes() const
{
    return m_heldHandshakes;
}

void
VmHttpServer::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
        m_listener = nullptr;
    }
    for (auto& [id, connection] : m_connections)
    {
        if (connection.job != 0)
        {
            m_vm->GetCpu()->Cancel(connection.job);
        }
        connection.idle.Cancel();
        connection.channel->Close();
    }
    m_connections.clear();
    m_waiting.clear();
    m_overflowed.clear();
    m_busyWorkers = 0;
}

void
VmHttpServer::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    uint64_t id = m_nextConnection++;
    NS_LOG_INFO("connection " << id << " from " << InetSocketAddress::ConvertFrom(from).GetIpv4());
    socket->SetAttribute("TcpNoDelay", BooleanValue(true));
    Connection& connection = m_connections[id];
    connection.channel = Create<HttpMessageChannel>(socket);
    connection.channel->SetReceiveCallback(MakeCallback(&VmHttpServer::HandleRequest, this, id));
    socket->SetCloseCallbacks(MakeCallback(&VmHttpServer::HandleClose, this, id),
                              MakeCallback(&VmHttpServer::HandleClose, this, id));
    if (m_holdOverflowed && IsAcceptQueueFull()) // and so every worker is busy
    {
        // Linux drops the handshake's last ACK (tcp_v4_syn_recv_sock: the accept queue
        // overflows) and keeps it half-open; the client believes it is connected and
        // sends its request, which is dropped too until a retransmission finds room.
        NS_LOG_INFO("connection " << id << ": accept queue full, handshake held");
        m_overflowed[id] = Simulator::Now();
        ++m_heldHandshakes;
        ScheduleOverflowRetry(id);
        return;
    }
    Admit(id);
}

void
VmHttpServer::Admit(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    Connection& connection = m_connections.at(id);
    if (m_maxClients == 0 || m_busyWorkers < m_maxClients)
    {
        connection.worker = true;
        ++m_busyWorkers;
        StartNext(id);
    }
    else
    {
        NS_LOG_INFO("connection " << id << " waits for a worker");
        m_waiting.push_back(id);
    }
}

bool
VmHttpServer::IsAcceptQueueFull() const
{
    return m_acceptQueueLength > 0 && m_waiting.size() >= m_acceptQueueLength;
}

uint32_t
VmHttpServer::CountYoungHandshakes() const
{
    uint32_t young = 0;
    for (const auto& [id, since] : m_overflowed)
    {
        young += Simulator::Now() - since < m_synAckTimeout ? 1 : 0;
    }
    return young;
}

namespace
{
/**
 * @param first a retransmission timeout, doubling after each retransmission
 * @param age a time since the first transmission
 * @param count timeouts at most, each a retransmission unless skipped
 * @param skipped how many of the first timeouts send nothing
 * @return the first retransmission after @p age (first x 1, 3, 7, 15 ...), or
 *         Time::Max() if none is left
 */
Time
NextRetransmission(Time first, Time age, uint32_t count, uint32_t skipped = 0)
{
    Time rto = first;
    Time at = rto;
    for (uint32_t n = 1; n <= count; ++n, rto = rto * 2, at += rto)
    {
        if (n > skipped && at > age)
        {
            return at;
        }
    }
    return Time::Max();
}
} // namespace

uint32_t
VmHttpServer::GetDeferredSynAckTimeouts() const
{
    // Linux 2.6.32's secs_to_retrans(seconds, TCP_TIMEOUT_INIT, TCP_RTO_MAX): the SYN-ACK
    // timeouts whose sum first reaches the period.
    if (!m_deferAccept.IsStrictlyPositive())
    {
        return 0;
    }
    const Time rtoMax = Seconds(120); // TCP_RTO_MAX
    uint32_t timeouts = 1;
    Time timeout = m_synAckTimeout;
    Time period = timeout;
    while (m_deferAccept > period && timeouts < 255)
    {
        ++timeouts;
        timeout = Min(timeout * 2, rtoMax);
        period += timeout;
    }
    return timeouts;
}

Time
VmHttpServer::NextOverflowRetry(Time age) const
{
    // The client retransmits its request until it gives up; the server its SYN-ACK
    // SYNACK_RETRIES times, and the client acknowledges each: every arrival retries the
    // handshake.  Under TCP_DEFER_ACCEPT of d SYN-ACK timeouts, a handshake whose ACK came
    // is sent no SYN-ACK at its first d - 1 timeouts (syn_ack_recalc: resend when
    // retrans >= d - 1).
    uint32_t deferred = GetDeferredSynAckTimeouts();
    uint32_t silent = deferred > 0 ? deferred - 1 : 0;
    return Min(NextRetransmission(m_clientRto, age, std::numeric_limits<uint32_t>::max()),
               NextRetransmission(m_synAckTimeout, age, SYNACK_RETRIES, silent));
}

void
VmHttpServer::ScheduleOverflowRetry(uint64_t id)
{
    Time age = Simulator::Now() - m_overflowed.at(id);
    Simulator::Schedule(NextOverflowRetry(age) - age, &VmHttpServer::RetryOverflowed, this, id);
}

void
VmHttpServer::RetryOverflowed(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    if (m_overflowed.count(id) == 0)
    {
        return; // closed meanwhile
    }
    if (IsAcceptQueueFull())
    {
        ScheduleOverflowRetry(id);
        return;
    }
    NS_LOG_INFO("connection " << id << ": handshake completed on a retry");
    m_overflowed.erase(id);
    Admit(id);
}

void
VmHttpServer::HandleClose(uint64_t id, Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    NS_LOG_INFO("connection " << id << " closed");
    // The client is gone: its unanswered requests need no more CPU.
    if (it->second.job != 0)
    {
        m_vm->GetCpu()->Cancel(it->second.job);
    }
    it->second.channel->Close();
    Release(it);
}

void
VmHttpServer::Release(std::map<uint64_t, Connection>::iterator it)
{
    NS_LOG_FUNCTION(this << it->first);
    bool hadWorker = it->second.worker;
    it->second.idle.Cancel();
    m_overflowed.erase(it->first);
    m_connections.erase(it);
    if (!hadWorker)
    {
        return; // its id stays in m_waiting and is skipped there
    }
    --m_busyWorkers;
    while (!m_waiting.empty())
    {
        auto next = m_connections.find(m_waiting.front());
        m_waiting.pop_front();
        if (next != m_connections.end())
        {
            NS_LOG_INFO("connection " << next->first << " gets a worker");
            next->second.worker = true;
            ++m_busyWorkers;
            StartNext(next->first);
            return;
        }
    }
}

void
VmHttpServer::ArmKeepAlive(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    Connection& connection = m_connections.at(id);
    if (m_keepAliveTimeout.IsStrictlyPositive() && IsIdle(connection))
    {
        connection.idleSince = Simulator::Now();
        // One timer per connection, not one per response: a request does not cancel
        // it; when it runs out it checks whether the connection has been idle long
        // enough.
        if (!connection.idle.IsRunning())
        {
            connection.idle =
                Simulator::Schedule(m_keepAliveTimeout, &VmHttpServer::KeepAliveExpired, this, id);
        }
    }
}

bool
VmHttpServer::IsIdle(const Connection& connection) const
{
    return !m_paused && connection.worker && connection.answered && connection.requests.empty();
}

void
VmHttpServer::KeepAliveExpired(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_connections.find(id);
    NS_ASSERT_MSG(it != m_connections.end(), "a closed connection's keep-alive ran out");
    Connection& connection = it->second;
    if (!IsIdle(connection))
    {
        return; // busy again: armed anew when it next becomes idle
    }
    Time due = connection.idleSince + m_keepAliveTimeout;
    if (Simulator::Now() < due)
    {
        connection.idle =
            Simulator::Schedule(due - Simulator::Now(), &VmHttpServer::KeepAliveExpired, this, id);
        return;
    }
    NS_LOG_INFO("connection " << id << " idle for " << m_keepAliveTimeout.As(Time::S)
                              << ": closed");
    it->second.channel->Close();
    Release(it);
}

void
VmHttpServer::HandleRequest(uint64_t id, uint32_t bytes, uint16_t operation)
{
    NS_LOG_FUNCTION(this << id << bytes << operation);
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return;
    }
    bool close = operation & HTTP_CONNECTION_CLOSE;
    operation &= ~HTTP_CONNECTION_CLOSE;
    NS_ABORT_MSG_IF(operation >= m_operations.size(),
                    "a request for operation " << operation << "; the server has "
                                               << m_operations.size());
    it->second.requests.push_back({bytes, operation, Simulator::Now(), close});
    StartNext(id);
}

void
VmHttpServer::StartNext(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    Connection& connection = m_connections.at(id);
    if (!connection.worker || connection.job != 0 || connection.waitsForPages ||
        connection.requests.empty())
    {
        return;
    }
    // On the VM's vCPUs: paused with the VM, they hold the work left of a request
    // and continue it on the host the VM resumes on.
    const HttpOperation& op = m_operations[connection.requests.front().operation];
    connection.job = m_vm->GetCpu()->Submit(op.demand.GetSeconds(),
                                            MakeCallback(&VmHttpServer::RequestDone, this, id));
}

void
VmHttpServer::RequestDone(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_connections.find(id);
    NS_ASSERT_MSG(it != m_connections.end(), "a closed connection's job ran to its end");
    Connection& connection = it->second;
    connection.job = 0;
    const HttpOperation& op = m_operations[connection.requests.front().operation];
    // The pages the request touches: on a post-copy target those still on the source
    // are pulled first, and the response waits for them.
    if (m_vm->GetDirtyPageModel()->AccessNow(op.pagesWritten,
                                             MakeCallback(&VmHttpServer::Respond, this, id)))
    {
        connection.waitsForPages = true;
        return;
    }
    Respond(id);
}

void
VmHttpServer::Respond(uint64_t id)
{
    NS_LOG_FUNCTION(this << id);
    auto it = m_connections.find(id);
    if (it == m_connections.end())
    {
        return; // closed while its request waited for pages
    }
    Connection& connection = it->second;
    connection.waitsForPages = false;
    Request request = connection.requests.front();
    connection.requests.pop_front();
    const HttpOperation& op = m_operations[request.operation];
    if (op.pagesWritten > 0)
    {
        m_vm->GetDirtyPageModel()->WriteNow(op.pagesWritten);
    }
    bool last = m_maxKeepAliveRequests > 0 && ++connection.served >= m_maxKeepAliveRequests;
    uint16_t closes = last || request.close ? HTTP_CONNECTION_CLOSE : 0;
    connection.channel->Send(op.headerSize + op.responseSize, request.operation | closes);
    connection.answered = true;
    ++m_served;
    m_servedTrace(request.bytes, Simulator::Now() - request.received);
    if (closes)
    {
        // Apache answers the last request, or one that did not ask to keep the
        // connection, with "Connection: close" and closes; TCP sends the response before
        // the FIN.  The client opens a new connection next time.
        NS_LOG_INFO("connection " << id << ": " << connection.served << " requests, closed");
        connection.channel->CloseWhenSent();
        Release(it);
        return;
    }
    StartNext(id);
    ArmKeepAlive(id);
}

} // namespace ns3
