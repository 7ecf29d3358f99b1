/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "closed-loop-client.h"

#include "linux-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ClosedLoopHttpClient");
NS_OBJECT_ENSURE_REGISTERED(ClosedLoopHttpClient);

TypeId
ClosedLoopHttpClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ClosedLoopHttpClient")
            .SetParent<Application>()
            .SetGroupName("VmMigration")
            .AddConstructor<ClosedLoopHttpClient>()
            .AddAttribute("Users",
                          "Number of emulated users, each with its own keep-alive connection.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ClosedLoopHttpClient::m_userCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ThinkTime",
                          "Time a user waits, in seconds, before each request (the first "
                          "one included).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=1.0]"),
                          MakePointerAccessor(&ClosedLoopHttpClient::m_thinkTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("CycleTime",
                          "Whether ThinkTime draws Faban's cycle time, from the start of a "
                          "user's previous request to the start of its next (cycleType = "
                          "CYCLETIME), instead of the time between a response and the next "
                          "request (THINKTIME).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ClosedLoopHttpClient::m_cycleTime),
                          MakeBooleanChecker())
            .AddAttribute("Remote",
                          "The server's address and port (an InetSocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&ClosedLoopHttpClient::m_remote),
                          MakeAddressChecker())
            .AddAttribute("RequestSize",
                          "Bytes of each request when no operation table is set (at least "
                          "6: it starts with its length and operation).",
                          UintegerValue(200),
                          MakeUintegerAccessor(&ClosedLoopHttpClient::m_requestSize),
                          MakeUintegerChecker<uint32_t>(HttpMessageChannel::PREFIX_BYTES))
            .AddAttribute("Timeout",
                          "Time after which a request without its whole response is given "
                          "up; 0 means never.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ClosedLoopHttpClient::m_timeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ConnectTimeout",
                          "Time after which a request whose connection is not up yet is "
                          "given up (Faban's TimedSocket: connect, then Timeout for the "
                          "response from when the request is written).  0: Timeout counts "
                          "from the request's start, connect included.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ClosedLoopHttpClient::m_connectTimeout),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("KeepAlive",
                          "Whether each user keeps one connection for all its requests; "
                          "if not, it opens one per request and closes it after the "
                          "response.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ClosedLoopHttpClient::m_keepAlive),
                          MakeBooleanChecker())
            .AddAttribute("RampUp",
                          "Time over which the users start, one after the other at equal "
                          "intervals (0: all at once).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ClosedLoopHttpClient::m_rampUp),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxRequests",
                          "Operations to start in all (requests, when they have no "
                          "fetches), after which the users stop; 0 means no limit.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ClosedLoopHttpClient::m_maxRequests),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource(
                "Request",
                "An operation finished (its responses arrived, or one of its requests failed).",
                MakeTraceSourceAccessor(&ClosedLoopHttpClient::m_requestTrace),
                "ns3::ClosedLoopHttpClient::RequestTracedCallback");
    return tid;
}

ClosedLoopHttpClient::ClosedLoopHttpClient()
    : m_userCount(1),
      m_mix(CreateObject<UniformRandomVariable>()),
      m_requestSize(200),
      m_keepAlive(true),
      m_cycleTime(false),
      m_maxRequests(0)
{
    NS_LOG_FUNCTION(this);
}

void
ClosedLoopHttpClient::SetOperations(const HttpOperationTable& operations)
{
    NS_LOG_FUNCTION(this);
    m_operations = operations;
}

uint64_t
ClosedLoopHttpClient::GetRequestsSent() const
{
    return m_sent;
}

int64_t
ClosedLoopHttpClient::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_thinkTime->SetStream(stream);
    m_mix->SetStream(stream + 1);
    return 2;
}

void
ClosedLoopHttpClient::DoDispose()
{
    NS_LOG_FUNCTION(this);
    StopApplication();
    m_users.clear();
    m_thinkTime = nullptr;
    m_mix = nullptr;
    Application::DoDispose();
}

void
ClosedLoopHttpClient::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_remote),
                    "ClosedLoopHttpClient needs Remote, an InetSocketAddress");
    if (m_operations.empty())
    {
        HttpOperation op;
        op.name = "request";
        op.requestSize = m_requestSize;
        m_operations.push_back(op);
    }
    m_cumulativeWeight.clear();
    double total = 0;
    for (const HttpOperation& op : m_operations)
    {
        NS_ABORT_MSG_IF(!(op.weight >= 0), "operation " << op.name << ": weight must be >= 0");
        NS_ABORT_MSG_IF(op.requestSize < HttpMessageChannel::PREFIX_BYTES,
                        "operation " << op.name << ": a request needs at least "
                                     << HttpMessageChannel::PREFIX_BYTES << " bytes");
        for (uint16_t fetch : op.fetches)
        {
            NS_ABORT_MSG_IF(fetch >= m_operations.size(),
                            "operation " << op.name << " fetches operation " << fetch
                                         << " of a table of " << m_operations.size());
            NS_ABORT_MSG_IF(!m_operations[fetch].fetches.empty(),
                            "operation " << op.name << " fetches " << m_operations[fetch].name
                                         << ", which has fetches of its own");
        }
        total += op.weight;
        m_cumulativeWeight.push_back(total);
    }
    NS_ABORT_MSG_IF(!(total > 0), "no operation has a weight above 0");
    m_running = true;
    m_users.assign(m_userCount, User());
    for (uint32_t user = 0; user < m_userCount; ++user)
    {
        m_users[user].think = Simulator::Schedule(m_rampUp * user / m_userCount,
                                                  &ClosedLoopHttpClient::StartUser,
                                                  this,
                                                  user);
    }
}

void
ClosedLoopHttpClient::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_running = false;
    for (User& user : m_users)
    {
        user.think.Cancel();
        user.timeout.Cancel();
        if (user.channel)
        {
            user.channel->Close();
            user.channel = nullptr;
        }
        user.connected = false;
        user.waiting = false;
    }
    for (auto& closing : m_closing)
    {
        closing.second->Close();
    }
    m_closing.clear();
}

void
ClosedLoopHttpClient::StartUser(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    if (m_keepAlive)
    {
        Connect(user);
    }
    Think(user);
}

void
ClosedLoopHttpClient::Connect(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    // Linux's timers where ns-3.37's differ (LinuxTcpSocket's attributes).
    Ptr<Socket> socket = LinuxTcpSocket::CreateSocket(GetNode());
    if (socket->Bind() != 0)
    {
        // Every ephemeral port of this address is taken (by connections, or closed ones
        // in TIME_WAIT): the connection cannot be opened, as a refused one cannot, and the
        // user tries again after its think time, at least PORT_RETRY_S later (Think).
        NS_LOG_WARN("user " << user << ": no free port for a connection");
        socket->Close();
        m_users[user].noPort = true;
        if (m_users[user].waiting)
        {
            Finish(user, 0, HttpRequestRecord::REFUSED);
        }
        return;
    }
    // A request is one write on an idle connection, so Nagle's algorithm would not delay
    // it; but ns-3.37 applies Nagle to the retransmission of a lost sub-MSS segment after
    // an RTO, and then never sends it: a request lost in a migration's downtime would
    // hang its connection for good.  Linux exempts retransmissions; no delay does too.
    socket->SetAttribute("TcpNoDelay", BooleanValue(true));
    // Linux 2.6.32 sends TCP timestamps, but ns-3.37 gets them wrong on a request/response
    // connection: a server that acknowledges only inside its responses echoes the
    // handshake's timestamp for good, so this side's RTT estimate grows with the
    // connection's age and its retransmission timeout to tens of seconds.  Without them
    // (the server follows the SYN), RTT comes from Karn's sampling, as RFC 6298 allows.
    socket->SetAttribute("Timestamp", BooleanValue(false));
    User& u = m_users[user];
    u.connected = false;
    u.connecting = Simulator::Now();
    u.channel = Create<HttpMessageChannel>(socket);
    u.channel->SetReceiveCallback(MakeCallback(&ClosedLoopHttpClient::HandleResponse, this, user));
    socket->SetConnectCallback(MakeCallback(&ClosedLoopHttpClient::ConnectionSucceeded, this, user),
                               MakeCallback(&ClosedLoopHttpClient::ConnectionFailed,
                                            this,
                                            user,
                                            HttpRequestRecord::REFUSED));
    auto lost =
        MakeCallback(&ClosedLoopHttpClient::ConnectionFailed, this, user, HttpRequestRecord::RESET);
    socket->SetCloseCallbacks(lost, lost);
    socket->Connect(m_remote);
}

void
ClosedLoopHttpClient::ConnectionSucceeded(uint32_t user, Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this << user);
    User& u = m_users[user];
    u.connected = true;
    if (u.waiting)
    {
        // The think time ended before the handshake did.
        SendOnConnection(user);
    }
}

void
ClosedLoopHttpClient::ConnectionFailed(uint32_t user,
                                       HttpRequestRecord::Status status,
                                       Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << user << HttpRequestRecord::GetStatusName(status) << socket);
    auto closing = m_closing.find(socket);
    if (closing != m_closing.end())
    {
        // A connection the server was to close: it has, or it broke; either way it is over.
        closing->second->Close();
        m_closing.erase(closing);
        return;
    }
    User& u = m_users[user];
    if (!m_running || !u.channel || u.channel->GetSocket() != socket)
    {
        return; // an old connection's late news
    }
    NS_LOG_INFO("user " << user << ": connection " << HttpRequestRecord::GetStatusName(status));
    Drop(user);
    if (u.waiting)
    {
        Finish(user, 0, status);
    }
}

void
ClosedLoopHttpClient::Drop(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    // The next request opens a new connection: reconnecting at once could spin on a
    // server that refuses.
    User& u = m_users[user];
    u.channel->Close();
    u.channel = nullptr;
    u.connected = false;
}

void
ClosedLoopHttpClient::Think(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    if (m_maxRequests > 0 && m_sent >= m_maxRequests)
    {
        return; // every request has been sent: this user is done
    }
    User& u = m_users[user];
    Time think = Seconds(m_thinkTime->GetValue());
    if (m_cycleTime && u.started)
    {
        // Faban's cycle runs from the previous request's start (its response time and
        // any timeout included); a cycle already over sends at once.
        think = Max(Time(0), u.start + think - Simulator::Now());
    }
    if (u.noPort)
    {
        // With no free port a connect fails at once (EADDRNOTAVAIL): ab gives up its
        // run, a Faban thread records the error and waits its cycle.  A user with no
        // think time would retry at the same instant for ever; it waits PORT_RETRY_S.
        think = Max(think, Seconds(PORT_RETRY_S));
        u.noPort = false;
    }
    u.think = Simulator::Schedule(think, &ClosedLoopHttpClient::SendRequest, this, user);
}

void
ClosedLoopHttpClient::SendRequest(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    if (m_maxRequests > 0 && m_sent >= m_maxRequests)
    {
        return;
    }
    ++m_sent;
    User& u = m_users[user];
    u.waiting = true;
    u.started = true;
    u.start = Simulator::Now();
    const std::vector<double>& mix = m_cumulativeWeight;
    double draw = m_mix->GetValue(0, mix.back());
    auto drawn = std::upper_bound(mix.begin(), mix.end(), draw);
    if (drawn == mix.end())
    {
        // A draw rounded up to the total: the last operation the mix draws, not one of
        // weight 0 after it (only ever fetched).
        drawn = std::lower_bound(mix.begin(), mix.end(), mix.back());
    }
    u.operation = static_cast<uint16_t>(drawn - mix.begin());
    u.fetched = 0;
    u.bytes = 0;
    Ask(user);
}

void
ClosedLoopHttpClient::Ask(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    User& u = m_users[user];
    if (!u.channel)
    {
        Connect(user); // sends when the connection is up
    }
    else if (u.connected)
    {
        SendOnConnection(user);
    }
    ArmTimeout(user);
}

Time
ClosedLoopHttpClient::GetDeadline(const User& u) const
{
    if (m_connectTimeout.IsZero())
    {
        return m_timeout.IsStrictlyPositive() ? u.start + m_timeout : Time::Max();
    }
    if (!u.connected)
    {
        // A connection opened before the operation started (keep-alive) counts from the
        // operation's start; one opened for a fetch, from its opening.
        return Max(u.start, u.connecting) + m_connectTimeout;
    }
    return m_timeout.IsStrictlyPositive() ? u.sent + m_timeout : Time::Max();
}

void
ClosedLoopHttpClient::ArmTimeout(uint32_t user)
{
    User& u = m_users[user];
    Time due = GetDeadline(u);
    if (due != Time::Max() && !u.timeout.IsRunning())
    {
        // One timer per user, not one per request: it is not cancelled when a response
        // comes, but checks then which request is pending (thousands of requests/s would
        // otherwise leave as many cancelled events in the scheduler).
        u.timeout = Simulator::Schedule(due - Simulator::Now(),
                                        &ClosedLoopHttpClient::CheckTimeout,
                                        this,
                                        user);
    }
}

void
ClosedLoopHttpClient::SendOnConnection(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    User& u = m_users[user];
    uint16_t close = m_keepAlive ? 0 : HTTP_CONNECTION_CLOSE;
    uint16_t asked = GetAsked(u);
    u.channel->Send(m_operations[asked].requestSize, asked | close);
    u.sent = Simulator::Now();
    ArmTimeout(user);
}

uint16_t
ClosedLoopHttpClient::GetAsked(const User& u) const
{
    return u.fetched == 0 ? u.operation : m_operations[u.operation].fetches[u.fetched - 1];
}

void
ClosedLoopHttpClient::HandleResponse(uint32_t user, uint32_t bytes, uint16_t operation)
{
    NS_LOG_FUNCTION(this << user << bytes << operation);
    User& u = m_users[user];
    if (!u.waiting)
    {
        NS_LOG_WARN("user " << user << ": a response nobody asked for");
        return;
    }
    if (operation & HTTP_CONNECTION_CLOSE)
    {
        AwaitServerClose(user);
    }
    u.bytes += bytes;
    if (u.fetched < m_operations[u.operation].fetches.size())
    {
        ++u.fetched;
        Ask(user);
        return;
    }
    Finish(user, u.bytes, HttpRequestRecord::OK);
}

void
ClosedLoopHttpClient::AwaitServerClose(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    // The server closes after the response (the request asked it to, or it was the
    // connection's last); this side closes when its FIN arrives, as ab does on reading
    // the end of the stream, so the TIME_WAIT is the server's and the port is free again
    // at once.
    User& u = m_users[user];
    u.channel->SetReceiveCallback(HttpMessageChannel::ReceiveCallback([](uint32_t, uint16_t) {}));
    m_closing[u.channel->GetSocket()] = u.channel;
    u.channel = nullptr;
    u.connected = false;
}

void
ClosedLoopHttpClient::CheckTimeout(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    User& u = m_users[user];
    if (!u.waiting)
    {
        return; // the next request arms the timer again
    }
    if (Simulator::Now() < GetDeadline(u))
    {
        ArmTimeout(user); // a later deadline, or none until the request is written
        return;
    }
    HandleTimeout(user);
}

void
ClosedLoopHttpClient::HandleTimeout(uint32_t user)
{
    NS_LOG_FUNCTION(this << user);
    NS_LOG_INFO("user " << user << ": request timed out");
    // A late response on this connection would be taken for the next request's.
    Drop(user);
    Finish(user, 0, HttpRequestRecord::TIMEOUT);
}

void
ClosedLoopHttpClient::Finish(uint32_t user, uint32_t bytes, HttpRequestRecord::Status status)
{
    NS_LOG_FUNCTION(this << user << bytes << HttpRequestRecord::GetStatusName(status));
    User& u = m_users[user];
    u.waiting = false;
    HttpRequestRecord record;
    record.start = u.start;
    record.end = Simulator::Now();
    record.bytes = bytes;
    record.user = user;
    record.operation = u.operation;
    record.status = status;
    m_requestTrace(record);
    Think(user);
}

} // namespace ns3
