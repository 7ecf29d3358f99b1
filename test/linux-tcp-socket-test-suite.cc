/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/internet-module.h"
#include "ns3/linux-tcp-socket.h"
#include "ns3/point-to-point-module.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

namespace ns3
{

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
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper link;
        link.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        NetDeviceContainer devices = link.Install(nodes);
        InternetStackHelper().Install(nodes);
        Ipv4AddressHelper addresses("10.1.0.0", "255.255.255.0");
        Ipv4Address peer = addresses.Assign(devices).GetAddress(1);

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
 * @brief LinuxTcpSocket's zero-window probe.
 */
class LinuxTcpSocketTestSuite : public TestSuite
{
  public:
    LinuxTcpSocketTestSuite()
        : TestSuite("vm-migration-linux-tcp", UNIT)
    {
        AddTestCase(new ZeroWindowProbeTest(0), TestCase::QUICK);
        AddTestCase(new ZeroWindowProbeTest(10000), TestCase::QUICK);
    }
};

/// The suite's one instance.
static LinuxTcpSocketTestSuite g_linuxTcpSocketTestSuite;

} // namespace ns3
