/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "bare-lan-workload.h"

#include "tool-error.h"

#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/linux-tcp-socket-factory.h"
#include "ns3/linux-tcp-socket.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket.h"
#include "ns3/testbed-helper.h"
#include "ns3/testbed.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

namespace
{

/// Port of the request/response server on host1.
constexpr uint16_t SERVICE_PORT = 80;
/// Port of the bulk transfer's sink on host2.
constexpr uint16_t BULK_PORT = 9000;
/// First random stream index assigned (as Testbed::FIRST_STREAM).
constexpr int64_t FIRST_STREAM = 100000;
/// Microseconds between the openings of two client connections.
constexpr uint64_t CONNECT_SPACING_US = 100;

/**
 * @brief One end of a TCP connection carrying fixed-size messages.
 *
 * Send queues bytes and writes them as the send buffer makes room; every
 * @c incomingSize bytes received complete one incoming message.
 */
class MessageEnd
{
  public:
    /// Called for each complete incoming message.
    using MessageCallback = Callback<void>;

    /**
     * @param socket the connected (or connecting) socket
     * @param incomingSize bytes of each incoming message
     * @param onMessage called for each complete incoming message
     */
    MessageEnd(Ptr<Socket> socket, uint32_t incomingSize, MessageCallback onMessage)
        : m_socket(socket),
          m_incomingSize(incomingSize),
          m_onMessage(onMessage)
    {
        // Raw pointers: the MessageEnd outlives the simulation (see RunBareLan).
        m_socket->SetRecvCallback(MakeCallback(&MessageEnd::HandleRecv, this));
        m_socket->SetSendCallback(MakeCallback(&MessageEnd::HandleSend, this));
    }

    ~MessageEnd()
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    }

    MessageEnd(const MessageEnd&) = delete;
    MessageEnd& operator=(const MessageEnd&) = delete;

    /**
     * @brief Queue a message and write what the send buffer takes.
     * @param bytes its size
     */
    void Send(uint32_t bytes)
    {
        m_unsent += bytes;
        Flush();
    }

    /// @return the socket
    Ptr<Socket> GetSocket() const
    {
        return m_socket;
    }

  private:
    /// @brief Write queued bytes while the send buffer has room.
    void Flush()
    {
        while (m_unsent > 0)
        {
            uint32_t n =
                static_cast<uint32_t>(std::min<uint64_t>(m_unsent, m_socket->GetTxAvailable()));
            if (n == 0)
            {
                return; // HandleSend resumes once ACKs free the buffer
            }
            int accepted = m_socket->Send(Create<Packet>(n));
            if (accepted <= 0)
            {
                return; // not connected yet: the send callback comes once it is
            }
            m_unsent -= accepted;
        }
    }

    /// @brief The send buffer has room again.
    void HandleSend(Ptr<Socket> /* socket */, uint32_t /* available */)
    {
        Flush();
    }

    /// @brief Data arrived: count its bytes into messages.
    void HandleRecv(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()))
        {
            m_received += packet->GetSize();
            while (m_received >= m_incomingSize)
            {
                m_received -= m_incomingSize;
                m_onMessage();
            }
        }
    }

    Ptr<Socket> m_socket;        //!< the connection
    uint64_t m_unsent{0};        //!< queued bytes not yet in the send buffer
    uint32_t m_incomingSize;     //!< bytes of an incoming message
    uint64_t m_received{0};      //!< bytes of the incoming message so far
    MessageCallback m_onMessage; //!< called per incoming message
};

/**
 * @brief A closed population of request/response clients and their server.
 *
 * Plain sockets, no Application: the clients' sockets are on the client node, the
 * server's listening and accepted sockets on the server node.
 */
class RequestResponseWorkload
{
  public:
    /**
     * @param config clients, think time and message sizes
     * @param client the load generator's node
     * @param server the server's node
     * @param serverAddress the server's address
     * @param stream random stream index of the think times
     */
    RequestResponseWorkload(const BareLanConfig& config,
                            Ptr<Node> client,
                            Ptr<Node> server,
                            Ipv4Address serverAddress,
                            int64_t stream)
        : m_config(config),
          m_clientNode(client),
          m_serverNode(server),
          m_remote(InetSocketAddress(serverAddress, SERVICE_PORT)),
          m_think(CreateObject<ExponentialRandomVariable>()),
          m_clients(config.clients)
    {
        m_think->SetAttribute("Mean", DoubleValue(config.thinkMean));
        m_think->SetStream(stream);
    }

    ~RequestResponseWorkload()
    {
        if (m_listener)
        {
            m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                          MakeNullCallback<void, Ptr<Socket>, const Address&>());
        }
        for (Client& c : m_clients)
        {
            if (c.end)
            {
                c.end->GetSocket()->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                                                       MakeNullCallback<void, Ptr<Socket>>());
            }
        }
    }

    RequestResponseWorkload(const RequestResponseWorkload&) = delete;
    RequestResponseWorkload& operator=(const RequestResponseWorkload&) = delete;

    /// @brief Listen, open the first connection and start every client's think time.
    void Start()
    {
        // The models' TCP (LinuxTcpSocket: Linux's timeout back-off), so that the same
        // traffic crosses the LAN.
        m_listener = LinuxTcpSocket::CreateSocket(m_serverNode);
        m_listener->SetAttribute("TcpNoDelay", BooleanValue(true));
        if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), SERVICE_PORT)) != 0)
        {
            throw ToolError("cannot bind port " + std::to_string(SERVICE_PORT));
        }
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&RequestResponseWorkload::HandleAccept, this));
        if (m_clients.empty())
        {
            return;
        }
        Connect(0); // alone: its handshake has ARP resolve both ends
        for (uint32_t i = 0; i < m_clients.size(); ++i)
        {
            Think(i);
        }
    }

    /// @return requests whose whole response has arrived
    uint64_t GetRequests() const
    {
        return m_requests;
    }

  private:
    /// A client connection's state.
    struct Client
    {
        std::unique_ptr<MessageEnd> end; //!< its connection
        bool connected{false};           //!< whether the connection is up
        bool waiting{false};             //!< whether a request is outstanding
    };

    /// @brief The server accepted a connection.
    void HandleAccept(Ptr<Socket> socket, const Address& /* from */)
    {
        socket->SetAttribute("TcpNoDelay", BooleanValue(true));
        m_serverEnds.push_back(std::make_unique<MessageEnd>(
            socket,
            m_config.requestBytes,
            MakeCallback(&RequestResponseWorkload::RequestArrived, this, m_serverEnds.size())));
    }

    /// @brief A whole request arrived on the server's connection @p index: answer it.
    void RequestArrived(size_t index)
    {
        m_serverEnds[index]->Send(m_config.responseBytes);
    }

    /// @brief Open client @p i's connection.
    void Connect(uint32_t i)
    {
        Ptr<Socket> socket = LinuxTcpSocket::CreateSocket(m_clientNode);
        if (socket->Bind() != 0)
        {
            throw ToolError("cannot bind a client socket");
        }
        // As the module's ClosedLoopHttpClient sets its sockets (see there why).
        socket->SetAttribute("TcpNoDelay", BooleanValue(true));
        socket->SetAttribute("Timestamp", BooleanValue(false));
        m_clients[i].end = std::make_unique<MessageEnd>(
            socket,
            m_config.responseBytes,
            MakeCallback(&RequestResponseWorkload::ResponseArrived, this, i));
        socket->SetConnectCallback(MakeCallback(&RequestResponseWorkload::Connected, this, i),
                                   MakeCallback(&RequestResponseWorkload::ConnectFailed, this, i));
        socket->Connect(m_remote);
    }

    /// @brief Client @p i's connection is up.
    void Connected(uint32_t i, Ptr<Socket> /* socket */)
    {
        Client& c = m_clients[i];
        c.connected = true;
        if (c.waiting)
        {
            c.end->Send(m_config.requestBytes); // its think time ended before the handshake
        }
        if (i == 0)
        {
            // The others, paced rather than all at once: no burst of SYNs.
            for (uint32_t j = 1; j < m_clients.size(); ++j)
            {
                Simulator::Schedule(MicroSeconds(CONNECT_SPACING_US * (j - 1)),
                                    &RequestResponseWorkload::Connect,
                                    this,
                                    j);
            }
        }
    }

    /// @brief Client @p i's connection could not be opened.
    void ConnectFailed(uint32_t i, Ptr<Socket> /* socket */)
    {
        throw ToolError("client " + std::to_string(i) + ": connection to the server failed");
    }

    /// @brief Client @p i thinks, then sends a request.
    void Think(uint32_t i)
    {
        Simulator::Schedule(Seconds(m_think->GetValue()),
                            &RequestResponseWorkload::SendRequest,
                            this,
                            i);
    }

    /// @brief Client @p i sends a request (once connected).
    void SendRequest(uint32_t i)
    {
        Client& c = m_clients[i];
        c.waiting = true;
        if (c.connected)
        {
            c.end->Send(m_config.requestBytes);
        }
    }

    /// @brief Client @p i's whole response arrived.
    void ResponseArrived(uint32_t i)
    {
        m_clients[i].waiting = false;
        ++m_requests;
        Think(i);
    }

    const BareLanConfig m_config;                          //!< the workload
    Ptr<Node> m_clientNode;                                //!< the load generator
    Ptr<Node> m_serverNode;                                //!< the server's machine
    Address m_remote;                                      //!< the server's address and port
    Ptr<ExponentialRandomVariable> m_think;                //!< think times
    std::vector<Client> m_clients;                         //!< the clients
    Ptr<Socket> m_listener;                                //!< the server's listening socket
    std::vector<std::unique_ptr<MessageEnd>> m_serverEnds; //!< the server's connections
    uint64_t m_requests{0};                                //!< completed requests
};

/// @brief Note when the sink has all @p bytes.
void
BulkReceived(Ptr<PacketSink> sink,
             uint64_t bytes,
             double* completedAt,
             Ptr<const Packet> /* packet */,
             const Address& /* from */)
{
    if (std::isnan(*completedAt) && sink->GetTotalRx() >= bytes)
    {
        *completedAt = Simulator::Now().GetSeconds();
    }
}

} // namespace

BareLanResult
RunBareLan(const BareLanConfig& config)
{
    if (!(config.duration > 0))
    {
        throw ToolError("the duration must be positive");
    }
    if (!(config.thinkMean > 0))
    {
        throw ToolError("the mean think time must be positive");
    }
    if (config.requestBytes == 0 || config.responseBytes == 0)
    {
        throw ToolError("messages must have at least one byte");
    }
    RngSeedManager::SetRun(config.rngRun);
    // The testbed's physical LAN, its queues and its TCP, built by TestbedHelper from
    // plain machines: no Xen hosts, so no bridges, VMs or CPU models.
    TestbedHelper lan;
    lan.SetLinkModel(config.linkModel);
    for (const char* name : {"front-end", "storage", "host1", "host2"})
    {
        lan.AddMachine(name);
    }
    Ptr<Testbed> testbed = lan.Install();
    Ptr<Node> storage = testbed->GetNode("storage");
    Ptr<Node> host1 = testbed->GetNode("host1");
    Ptr<Node> host2 = testbed->GetNode("host2");
    int64_t stream = FIRST_STREAM;

    // The request/response workload: storage's clients, host1's server.
    RequestResponseWorkload workload(config,
                                     storage,
                                     host1,
                                     testbed->GetAddress("host1"),
                                     stream++);
    Simulator::ScheduleNow(&RequestResponseWorkload::Start, &workload);

    // The bulk transfer standing for the migration stream.
    double bulkCompletedAt = std::numeric_limits<double>::quiet_NaN();
    if (config.bulkBytes > 0)
    {
        TypeId::AttributeInformation sendBuffer;
        TcpSocket::GetTypeId().LookupAttributeByName("SndBufSize", &sendBuffer);
        uint64_t chunk = DynamicCast<const UintegerValue>(sendBuffer.initialValue)->Get() / 3;
        // The migration stream's TCP (LinuxTcpSocket), as the request/response
        // connections'.
        LinuxTcpSocketFactory::Install(host1);
        LinuxTcpSocketFactory::Install(host2);
        PacketSinkHelper sinkHelper("ns3::LinuxTcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), BULK_PORT));
        Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(host2).Get(0));
        sink->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&BulkReceived, sink, config.bulkBytes, &bulkCompletedAt));
        BulkSendHelper bulk("ns3::LinuxTcpSocketFactory",
                            InetSocketAddress(testbed->GetAddress("host2"), BULK_PORT));
        bulk.SetAttribute("MaxBytes", UintegerValue(config.bulkBytes));
        bulk.SetAttribute("SendSize", UintegerValue(chunk));
        bulk.Install(host1).Start(Seconds(config.bulkStart));
    }

    Simulator::Stop(Seconds(config.duration));
    Simulator::Run();
    BareLanResult result;
    result.requests = workload.GetRequests();
    result.simulatedSeconds = Simulator::Now().GetSeconds();
    result.events = Simulator::GetEventCount();
    result.bulkCompletedAt = bulkCompletedAt;
    // The workload's callbacks stay valid while Destroy disposes the sockets.
    Simulator::Destroy();
    return result;
}

} // namespace ns3
