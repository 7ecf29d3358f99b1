/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "closed-loop-client.h"

#include "ns3/abort.h"
#include "ns3/address.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

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
            .AddAttribute("Remote",
                          "The server's address and port (an InetSocketAddress).",
                          AddressValue(),
                          MakeAddressAccessor(&ClosedLoopHttpClient::m_remote),
                          MakeAddressChecker())
            .AddAttribute("RequestSize",
                          "Bytes of each request (at least 4: it starts with its length).",
                          UintegerValue(200),
                          MakeUintegerAccessor(&ClosedLoopHttpClient::m_requestSize),
                          MakeUintegerChecker<uint32_t>(HttpMessageChannel::PREFIX_BYTES))
            .AddAttribute("Timeout",
                          "Time after which a request without its whole response is given "
                          "up; 0 means never.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&ClosedLoopHttpClient::m_timeout),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Request",
                            "A request finished (its response arrived, or it failed).",
                            MakeTraceSourceAccessor(&ClosedLoopHttpClient::m_requestTrace),
                            "ns3::ClosedLoopHttpClient::RequestTracedCallback");
    return tid;
}

ClosedLoopHttpClient::ClosedLoopHttpClient()
    : m_userCount(1),
      m_requestSize(200)
{
}

const std::vector<HttpRequestRecord>&
ClosedLoopHttpClient::GetRecords() const
{
    return m_records;
}

int64_t
ClosedLoopHttpClient::AssignStreams(int64_t stream)
{
    m_thinkTime->SetStream(stream);
    return 1;
}

void
ClosedLoopHttpClient::DoDispose()
{
    StopApplication();
    m_users.clear();
    m_thinkTime = nullptr;
    Application::DoDispose();
}

void
ClosedLoopHttpClient::StartApplication()
{
    NS_ABORT_MSG_IF(!InetSocketAddress::IsMatchingType(m_remote),
                    "ClosedLoopHttpClient needs Remote, an InetSocketAddress");
    m_running = true;
    m_users.assign(m_userCount, User());
    for (uint32_t user = 0; user < m_userCount; ++user)
    {
        Connect(user);
        Think(user);
    }
}

void
ClosedLoopHttpClient::StopApplication()
{
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
}

void
ClosedLoopHttpClient::Connect(uint32_t user)
{
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(socket->Bind() != 0, "cannot bind a client socket");
    User& u = m_users[user];
    u.connected = false;
    u.channel = Create<HttpMessageChannel>(socket);
    u.channel->SetReceiveCallback(MakeCallback(&ClosedLoopHttpClient::HandleResponse, this, user));
    socket->SetConnectCallback(MakeCallback(&ClosedLoopHttpClient::ConnectionSucceeded, this, user),
                               MakeCallback(&ClosedLoopHttpClient::ConnectionFailed, this, user));
    socket->SetCloseCallbacks(MakeCallback(&ClosedLoopHttpClient::ConnectionFailed, this, user),
                              MakeCallback(&ClosedLoopHttpClient::ConnectionFailed, this, user));
    socket->Connect(m_remote);
}

void
ClosedLoopHttpClient::ConnectionSucceeded(uint32_t user, Ptr<Socket> /* socket */)
{
    User& u = m_users[user];
    u.connected = true;
    if (u.waiting)
    {
        u.channel->Send(m_requestSize); // the user's think time ended before the handshake
    }
}

void
ClosedLoopHttpClient::ConnectionFailed(uint32_t user, Ptr<Socket> socket)
{
    User& u = m_users[user];
    if (!m_running || !u.channel || u.channel->GetSocket() != socket)
    {
        return; // an old connection's late news
    }
    NS_LOG_INFO("user " << user << ": connection lost");
    u.channel->Close();
    u.channel = nullptr;
    Connect(user);
    if (u.waiting)
    {
        Finish(user, 0, "error");
    }
}

void
ClosedLoopHttpClient::Think(uint32_t user)
{
    Time think = Seconds(m_thinkTime->GetValue());
    m_users[user].think =
        Simulator::Schedule(think, &ClosedLoopHttpClient::SendRequest, this, user);
}

void
ClosedLoopHttpClient::SendRequest(uint32_t user)
{
    User& u = m_users[user];
    u.waiting = true;
    u.start = Simulator::Now();
    if (u.connected)
    {
        u.channel->Send(m_requestSize);
    }
    if (m_timeout.IsStrictlyPositive())
    {
        u.timeout =
            Simulator::Schedule(m_timeout, &ClosedLoopHttpClient::HandleTimeout, this, user);
    }
}

void
ClosedLoopHttpClient::HandleResponse(uint32_t user, uint32_t bytes)
{
    User& u = m_users[user];
    if (!u.waiting)
    {
        NS_LOG_WARN("user " << user << ": a response nobody asked for");
        return;
    }
    Finish(user, bytes, "ok");
}

void
ClosedLoopHttpClient::HandleTimeout(uint32_t user)
{
    User& u = m_users[user];
    NS_LOG_INFO("user " << user << ": request timed out");
    // A late response on this connection would be taken for the next request's.
    u.channel->Close();
    u.channel = nullptr;
    Connect(user);
    Finish(user, 0, "timeout");
}

void
ClosedLoopHttpClient::Finish(uint32_t user, uint64_t bytes, const std::string& status)
{
    User& u = m_users[user];
    u.waiting = false;
    u.timeout.Cancel();
    HttpRequestRecord record;
    record.user = user;
    record.start = u.start;
    record.end = Simulator::Now();
    record.bytes = bytes;
    record.status = status;
    m_records.push_back(record);
    m_requestTrace(record);
    Think(user);
}

} // namespace ns3
