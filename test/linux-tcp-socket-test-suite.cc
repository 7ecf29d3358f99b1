/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/applications-module.h"
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/error-model.h"
#include "ns3/internet-module.h"
#include "ns3/linux-tcp-socket-factory.h"
#include "ns3/linux-tcp-socket.h"
#include "ns3/point-to-point-module.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

namespace
{
/// Two nodes joined by a 100 Mb/s point-to-point link, with IPv4.
struct Link
{
    NodeContainer nodes;        //!< the two ends
    NetDeviceContainer devices; //!< their devices
    Ipv4Address peer;           //!< the second end's address
};

/**
 * @param delay the link's propagation delay, each way
 * @return the link, its ends addressed
 */
Link
MakeLink(Time delay)
{
    Link link;
    link.nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    link.devices = p2p.Install(link.nodes);
    InternetStackHelper().Install(link.nodes);
    Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0");
    link.peer = addresses.Assign(link.devices).GetAddress(1);
    return link;
}
} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A LinuxTcpSocket writes to a peer whose application does not read: once the
 *        peer's buffer is full its window is zero and the zero-window probe is armed.
 *
 * With everything written already acknowledged, the probe has nothing to send: ns-3.37's
 * own socket then stops the run on a null dereference (TcpSocketBase::PersistTimeout),
 * Linux's timer does nothing.  With more written than the buffer holds, the probe must
 * still carry the rest once the peer reads (ns-3.37 sends no window update when an
 * application reads, so only the probe finds the open window).
 */
class ZeroWindowProbeTest : public TestCase
{
  public:
    /**
     * @param extra bytes written beyond what the peer's buffer holds
     */
    explicit ZeroWindowProbeTest(uint32_t extra)
        : TestCase(extra == 0 ? "zero window with nothing unsent: no probe, the run goes on"
                              : "zero window with data unsent: the probe carries it once "
                                "the peer reads"),
          m_extra(extra)
    {
    }

  private:
    /// The peer's receive buffer: whole segments of ns-3's default 536 bytes, so that
    /// the window closes to zero exactly (a remainder smaller than a segment would leave
    /// the sender waiting for a window update that ns-3.37 never sends).
    static constexpr uint32_t BUFFER = 240 * 536;

    void DoRun() override
    {
        Link link = MakeLink(Seconds(0)); // ns-3's default delay
        NodeContainer nodes = link.nodes;
        Ipv4Address peer = link.peer;

        Ptr<Socket> listener = LinuxTcpSocket::CreateSocket(nodes.Get(1));
        listener->SetAttribute("RcvBufSize", UintegerValue(BUFFER));
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&ZeroWindowProbeTest::Accept, this));
        Ptr<Socket> sender = LinuxTcpSocket::CreateSocket(nodes.Get(0));
        sender->SetAttribute("SndBufSize", UintegerValue(2 * BUFFER));
        Simulator::Schedule(Seconds(1), [sender, peer, this]() {
            sender->Connect(InetSocketAddress(peer, 9));
            sender->Send(Create<Packet>(BUFFER + m_extra));
        });
        // The peer starts reading only long after the window closed and the first
        // probe (6 s, ns-3's PersistTimeout) found it still closed.
        Simulator::Schedule(Seconds(20), &ZeroWindowProbeTest::StartReading, this);
        Simulator::Stop(Seconds(120));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_EXPECT_MSG_EQ(m_heldAtReading, BUFFER, "the peer's buffer was full");
        NS_TEST_EXPECT_MSG_EQ(m_read, BUFFER + m_extra, "every byte written arrived");
    }

    /// @param socket the connection the peer accepted
    void Accept(Ptr<Socket> socket, const Address& /* from */)
    {
        m_connection = socket;
    }

    void StartReading()
    {
        NS_ASSERT(m_connection);
        m_heldAtReading = m_connection->GetRxAvailable();
        m_connection->SetRecvCallback(MakeCallback(&ZeroWindowProbeTest::Read, this));
        Read(m_connection);
    }

    /// @param socket the peer's connection
    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            m_read += packet->GetSize();
        }
    }

    uint32_t m_extra;            //!< bytes beyond the buffer
    Ptr<Socket> m_connection;    //!< the peer's connection
    uint32_t m_heldAtReading{0}; //!< bytes held when the peer began reading
    uint32_t m_read{0};          //!< bytes the peer read
};

/**
 * @ingroup vm-migration-tests
 * @brief A request/response-like connection whose path delay grows past its
 *        retransmission timeout: with KeepRtoBackoff one spurious retransmission, then
 *        the backed-off timeout lets a clean sample through and the estimate follows the
 *        path; with ns-3.37's own timeout handling every segment is retransmitted.
 *
 * A LinuxTcpSocket sends one 100-byte segment a second (Nagle off) to a peer that
 * acknowledges each at once, without timestamps, over a point-to-point link of 1 ms
 * each way; at 5.5 s the link's delay becomes 150 ms each way (a 300 ms round trip),
 * above the 200 ms timeout (MinRto).  The first segment after that times out at 200
 * ms and is sent again; its ACK, at 300 ms, acknowledges a retransmitted segment, so
 * Karn's algorithm takes no sample.  Keeping the backoff, the next segment's timeout is
 * 400 ms, its ACK comes first and gives a sample (300 ms), after which RFC 6298's
 * estimator (srtt 39 ms, rttvar 75 ms) already gives 339 ms: no more retransmissions.
 * Recomputing the timeout at each ACK, it is 200 ms again for each segment, which is
 * retransmitted, and no sample is ever taken: 25 retransmissions for the 25 segments
 * sent from 6 s to 30 s.
 */
class KarnBackoffTest : public TestCase
{
  public:
    /// @param keep the sender's KeepRtoBackoff
    explicit KarnBackoffTest(bool keep)
        : TestCase(keep ? "a timeout backed off stays so until a clean RTT sample"
                        : "ns-3's timeout, recomputed at every ACK, never leaves 200 ms"),
          m_keep(keep)
    {
    }

  private:
    void DoRun() override
    {
        Link link = MakeLink(MilliSeconds(1));
        NodeContainer nodes = link.nodes;
        Ipv4Address peer = link.peer;

        Ptr<Socket> listener = LinuxTcpSocket::CreateSocket(nodes.Get(1));
        listener->SetAttribute("DelAckCount", UintegerValue(1)); // each segment at once
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&KarnBackoffTest::Accept, this));
        Ptr<Socket> sender = LinuxTcpSocket::CreateSocket(nodes.Get(0));
        sender->SetAttribute("KeepRtoBackoff", BooleanValue(m_keep));
        sender->SetAttribute("MinRto", TimeValue(MilliSeconds(200)));
        sender->SetAttribute("Timestamp", BooleanValue(false));
        sender->SetAttribute("TcpNoDelay", BooleanValue(true));
        sender->TraceConnectWithoutContext("Tx", MakeCallback(&KarnBackoffTest::Sent, this));
        Simulator::Schedule(Seconds(0.5),
                            [sender, peer]() { sender->Connect(InetSocketAddress(peer, 9)); });
        for (uint32_t second = 1; second <= 30; ++second)
        {
            Simulator::Schedule(Seconds(second), [sender]() { sender->Send(Create<Packet>(100)); });
        }
        Ptr<Channel> channel = link.devices.Get(0)->GetChannel();
        Simulator::Schedule(Seconds(5.5), [channel]() {
            channel->SetAttribute("Delay", TimeValue(MilliSeconds(150)));
        });
        Simulator::Stop(Seconds(35));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_EXPECT_MSG_EQ(m_received, 3000, "every byte arrived");
        NS_TEST_EXPECT_MSG_EQ(m_retransmitted, (m_keep ? 1 : 25), "spurious retransmissions");
    }

    /// @brief A segment left the sender: a retransmission if it repeats data already sent.
    void Sent(Ptr<const Packet> packet, const TcpHeader& header, Ptr<const TcpSocketBase>)
    {
        if (packet->GetSize() == 0)
        {
            return;
        }
        if (header.GetSequenceNumber() < m_next)
        {
            ++m_retransmitted;
        }
        m_next = std::max(m_next, header.GetSequenceNumber() + SequenceNumber32(packet->GetSize()));
    }

    /// @param socket the connection the peer accepted
    void Accept(Ptr<Socket> socket, const Address& /* from */)
    {
        socket->SetRecvCallback(MakeCallback(&KarnBackoffTest::Read, this));
    }

    /// @param socket the peer's connection
    void Read(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            m_received += packet->GetSize();
        }
    }

    bool m_keep;                 //!< the sender's KeepRtoBackoff
    SequenceNumber32 m_next{0};  //!< the sequence number after the highest sent
    uint32_t m_retransmitted{0}; //!< data segments sent again
    uint32_t m_received{0};      //!< bytes the peer read
};

/**
 * @ingroup vm-migration-tests
 * @brief A bulk flow through LinuxTcpSocketFactory (BulkSend to PacketSink) into a
 *        20,000-byte receive buffer, losing every 50th packet the receiver's device
 *        gets from the 10th on: loss recovery keeps room in the congestion window (the
 *        SACKed segments are out of flight) while the data sent fills the peer's window
 *        exactly.
 *
 * ns-3.37's scoreboard then offers an empty segment, and its own socket stops the run on
 * a segmentation fault within the first second (checked with ns-3's TcpSocketFactory in
 * this setting); LinuxTcpSocket sends nothing until the window opens, and every byte
 * arrives.
 */
class FullWindowTest : public TestCase
{
  public:
    FullWindowTest()
        : TestCase("the data sent fills the peer's window in loss recovery: nothing is sent "
                   "until it opens, every byte arrives")
    {
    }

  private:
    static constexpr uint32_t BYTES = 3000000; //!< written by the sender

    void DoRun() override
    {
        Link link = MakeLink(MilliSeconds(1));
        auto loss = CreateObject<ReceiveListErrorModel>();
        std::list<uint32_t> lost;
        for (uint32_t i = 10; i < 3000; i += 50)
        {
            lost.push_back(i);
        }
        loss->SetList(lost);
        link.devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        uint32_t dropped = 0;
        link.devices.Get(1)->TraceConnectWithoutContext(
            "PhyRxDrop",
            MakeBoundCallback(&FullWindowTest::CountDrop, &dropped));
        for (uint32_t i = 0; i < 2; ++i)
        {
            LinuxTcpSocketFactory::Install(link.nodes.Get(i));
        }
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(20000));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(4000000));
        PacketSinkHelper sinkHelper("ns3::LinuxTcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        auto sink = DynamicCast<PacketSink>(sinkHelper.Install(link.nodes.Get(1)).Get(0));
        BulkSendHelper bulk("ns3::LinuxTcpSocketFactory", InetSocketAddress(link.peer, 9));
        bulk.SetAttribute("MaxBytes", UintegerValue(BYTES));
        bulk.Install(link.nodes.Get(0)).Start(Seconds(1));
        Simulator::Stop(Seconds(60));
        Simulator::Run();
        const uint64_t received = sink->GetTotalRx();
        Simulator::Destroy();
        Config::Reset();

        // 3,000,000 bytes are some 2,100 segments: the 10th to 2,060th packets include
        // 42 of the list.
        NS_TEST_EXPECT_MSG_GT(dropped, 40, "the losses that start recovery did not happen");
        NS_TEST_EXPECT_MSG_EQ(received, BYTES, "every byte written arrived");
    }

    /**
     * @param count the drops so far
     * @param packet the frame dropped
     */
    static void CountDrop(uint32_t* count, Ptr<const Packet> /* packet */)
    {
        ++*count;
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief LinuxTcpSocket's zero-window probe, retransmission timeout and full window.
 */
class LinuxTcpSocketTestSuite : public TestSuite
{
  public:
    LinuxTcpSocketTestSuite()
        : TestSuite("vm-migration-linux-tcp", UNIT)
    {
        AddTestCase(new ZeroWindowProbeTest(0), TestCase::QUICK);
        AddTestCase(new ZeroWindowProbeTest(10000), TestCase::QUICK);
        AddTestCase(new KarnBackoffTest(true), TestCase::QUICK);
        AddTestCase(new KarnBackoffTest(false), TestCase::QUICK);
        AddTestCase(new FullWindowTest(), TestCase::QUICK);
    }
};

/// The suite's one instance.
static LinuxTcpSocketTestSuite g_linuxTcpSocketTestSuite;

} // namespace ns3
