/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Xen's I/O path, each mechanism against a hand computation: the hosts' vCPU
// scheduling, netback's dom0 CPU per guest packet, and the hosts' NIC transmit queue
// (its length, its count of segmentation-offload buffers, a bulk flow's standing queue);
// and the split driver's ends, which pass packets on without an event of their own.

#include "ns3/credit-scheduler.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/ethernet-header.h"
#include "ns3/hypervisor.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/linux-tx-queue.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/ppp-header.h"
#include "ns3/processor-sharing-cpu.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/split-driver-net-device.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"
#include "ns3/testbed.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-machine.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("XenIoPathTestSuite");

namespace
{

/// Completion instants are rounded to the simulator's 1 ns resolution.
const Time ONE_NS = NanoSeconds(1);

/// @return a domain's vCPUs attached to @p scheduler
Ptr<ProcessorSharingCpu>
MakeDomain(Ptr<CreditScheduler> scheduler, uint32_t vcpus)
{
    auto domain = CreateObject<ProcessorSharingCpu>();
    domain->SetAttribute("Cores", UintegerValue(vcpus));
    scheduler->Attach(domain);
    return domain;
}

/// @return a scheduler of @p cores cores of @p speed
Ptr<CreditScheduler>
MakeHost(uint32_t cores, double speed)
{
    auto host = CreateObject<CreditScheduler>();
    host->SetAttribute("Cores", UintegerValue(cores));
    host->SetAttribute("Speed", DoubleValue(speed));
    return host;
}

/// Records the instant each submitted job completes.
struct Finishes
{
    std::vector<Time> at; //!< completion instants, by job index

    /**
     * @brief Submit a job whose completion is recorded.
     * @param cpu where
     * @param demand its demand
     * @return its index
     */
    size_t Submit(Ptr<ProcessorSharingCpu> cpu, double demand)
    {
        size_t index = at.size();
        at.push_back(Seconds(-1));
        cpu->Submit(demand, MakeCallback(&Finishes::Done, this, index));
        return index;
    }

    /// @param index the job that completed
    void Done(size_t index)
    {
        at[index] = Simulator::Now();
    }
};

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief The credit scheduler shares a host's cores equally among the busy vCPUs of
 *        its domains, and a domain's jobs share its own vCPUs.
 */
class CreditSchedulerShareTest : public TestCase
{
  public:
    CreditSchedulerShareTest()
        : TestCase("busy vCPUs share the cores; a guest uses at most its vCPUs")
    {
    }

  private:
    void DoRun() override
    {
        // A 2-core host, a 1-vCPU guest and a 2-vCPU dom0, as the paper's hosts.
        {
            Ptr<CreditScheduler> host = MakeHost(2, 1.0);
            Ptr<ProcessorSharingCpu> guest = MakeDomain(host, 1);
            Ptr<ProcessorSharingCpu> dom0 = MakeDomain(host, 2);
            Finishes f;
            // 3 busy vCPUs on 2 cores: each runs at 2/3.  The 1 s guest job ends at
            // 1.5 s; the 3 s dom0 jobs have 3 - 1 = 2 s left, alone on the cores: 3.5 s.
            size_t g = f.Submit(guest, 1.0);
            size_t d1 = f.Submit(dom0, 3.0);
            size_t d2 = f.Submit(dom0, 3.0);
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[g], Seconds(1.5), ONE_NS, "guest at 2/3 speed");
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[d1], Seconds(3.5), ONE_NS, "dom0 job 1");
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[d2], Seconds(3.5), ONE_NS, "dom0 job 2");
            // Both cores busy for 3.5 s.
            NS_TEST_EXPECT_MSG_EQ_TOL(host->GetBusyCoreSeconds(), 7.0, 1e-6, "busy core time");
            Simulator::Destroy();
        }
        // Two guest jobs on one vCPU share it even with a core idle: 2 s each.
        {
            Ptr<CreditScheduler> host = MakeHost(2, 1.0);
            Ptr<ProcessorSharingCpu> guest = MakeDomain(host, 1);
            MakeDomain(host, 2);
            Finishes f;
            size_t a = f.Submit(guest, 1.0);
            size_t b = f.Submit(guest, 1.0);
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[a], Seconds(2), ONE_NS, "one vCPU: half speed each");
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[b], Seconds(2), ONE_NS, "one vCPU: half speed each");
            NS_TEST_EXPECT_MSG_EQ_TOL(host->GetBusyCoreSeconds(), 2.0, 1e-6, "one core busy");
            Simulator::Destroy();
        }
        // A paused guest moves to a host of speed 2 with the work it had left: a 1 s
        // job runs 0.4 s on speed 1, waits from 0.4 to 1 s, and ends at 1 + 0.6 / 2.
        {
            Ptr<CreditScheduler> source = MakeHost(1, 1.0);
            Ptr<CreditScheduler> target = MakeHost(1, 2.0);
            Ptr<ProcessorSharingCpu> guest = MakeDomain(source, 1);
            Finishes f;
            size_t job = f.Submit(guest, 1.0);
            Simulator::Schedule(Seconds(0.4), [=]() {
                guest->Pause();
                source->Detach(guest);
            });
            Simulator::Schedule(Seconds(1), [=]() {
                target->Attach(guest);
                guest->Resume();
            });
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ_TOL(f.at[job], Seconds(1.3), ONE_NS, "rest on the target");
            NS_TEST_EXPECT_MSG_EQ_TOL(source->GetBusyCoreSeconds(), 0.4, 1e-6, "source time");
            NS_TEST_EXPECT_MSG_EQ_TOL(target->GetBusyCoreSeconds(), 0.3, 1e-6, "target time");
            Simulator::Destroy();
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief netback charges dom0 its cost for every packet a guest receives or sends, and
 *        passes a direction's packets one at a time, in order.
 *
 * UDP packets at a known rate into (or out of) a VM on an ideal host whose dom0 has one
 * vCPU of speed 1: dom0's busy time is packets x cost; offered faster than 1 / cost,
 * the guest receives exactly one packet per cost.
 */
class NetbackCpuTest : public TestCase
{
  public:
    /**
     * @param transmit whether the guest sends (else it receives)
     * @param interval time between packets offered
     */
    NetbackCpuTest(bool transmit, Time interval)
        : TestCase(std::string("netback's dom0 CPU per packet ") +
                   (transmit ? "sent" : "received") + " by a guest, one every " +
                   std::to_string(interval.GetMicroSeconds()) + " us"),
          m_transmit(transmit),
          m_interval(interval)
    {
    }

  private:
    /// @brief Count a packet at the receiving socket.
    void Receive(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            m_received.push_back(Simulator::Now());
        }
    }

    void DoRun() override
    {
        const Time cost = MicroSeconds(100);
        const uint32_t packets = 1000;
        TestbedHelper helper;
        helper.SetLinkModel(TestbedHelper::FULL_DUPLEX);
        helper.AddMachine("load-generator");
        helper.AddHost("host1", 2048);
        Ptr<Testbed> testbed = helper.Install();
        Ptr<Hypervisor> host = testbed->GetHypervisor("host1");
        host->SetAttribute(m_transmit ? "NetbackTxCost" : "NetbackRxCost", TimeValue(cost));
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("MemoryMiB", DoubleValue(16));
        testbed->AddVm("host1", vm);

        Ptr<Node> sender = m_transmit ? vm->GetNode() : testbed->GetNode("load-generator");
        Ptr<Node> receiver = m_transmit ? testbed->GetNode("load-generator") : vm->GetNode();
        Ipv4Address to = m_transmit ? testbed->GetAddress("load-generator") : vm->GetAddress();
        Ptr<Socket> sink = Socket::CreateSocket(receiver, UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeCallback(&NetbackCpuTest::Receive, this));
        Ptr<Socket> source = Socket::CreateSocket(sender, UdpSocketFactory::GetTypeId());
        source->Connect(InetSocketAddress(to, 9));
        // Start after ARP has settled (its packets cross netback too).
        const Time start = Seconds(1);
        Simulator::Schedule(start - MilliSeconds(500),
                            [=]() { source->Send(Create<Packet>(100)); });
        for (uint32_t i = 0; i < packets; ++i)
        {
            Simulator::Schedule(start + m_interval * i,
                                [=]() { source->Send(Create<Packet>(100)); });
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        // Each packet of the test costs dom0 exactly `cost`; so do the ARP exchange and
        // the warm-up packet, which crossed before `start`.
        NS_TEST_ASSERT_MSG_EQ(m_received.size(), packets + 1, "every packet got through");
        uint32_t early = 0;
        for (Time t : m_received)
        {
            early += t < start ? 1 : 0;
        }
        double busy = host->GetDom0Cpu()->GetBusyCoreSeconds();
        double before = busy - packets * cost.GetSeconds();
        NS_TEST_EXPECT_MSG_GT_OR_EQ(before,
                                    early * cost.GetSeconds() - 1e-9,
                                    "dom0 worked on the packets before the test");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(before,
                                    4 * cost.GetSeconds() + 1e-9,
                                    "dom0 worked on nothing but the packets (and ARP)");
        Time first = m_received[early];
        Time last = m_received.back();
        if (m_interval >= cost)
        {
            // dom0 keeps up: the packets arrive as they were sent.
            NS_TEST_EXPECT_MSG_EQ_TOL(last - first,
                                      m_interval * (packets - 1),
                                      ONE_NS,
                                      "packets keep their spacing");
        }
        else
        {
            // dom0 is the bottleneck: one packet per `cost`, in order.
            NS_TEST_EXPECT_MSG_EQ_TOL(last - first,
                                      cost * (packets - 1),
                                      ONE_NS * packets,
                                      "dom0 passes one packet per cost");
        }
        Simulator::Destroy();
    }

    bool m_transmit;              //!< the guest sends
    Time m_interval;              //!< time between packets
    std::vector<Time> m_received; //!< arrival instants
};

/**
 * @ingroup vm-migration-tests
 * @brief A host's NIC holds TxQueueLength packets: a probe sent behind a burst of B
 *        full-size frames leaves B frame times later.
 *
 * dom0 on host1 sends B 1500-byte IP packets to host2 at one instant, then a small
 * probe to the load generator; on a full-duplex 100 Mb/s link a full frame (1538 bytes
 * on the wire) takes 123.04 us, so the probe reaches the load generator B x 123.04 us
 * later than it would alone.  With B beyond the queue, the burst's tail is dropped.
 */
class TxQueueDelayTest : public TestCase
{
  public:
    /**
     * @param queue the NIC's queue length
     * @param burst frames sent before the probe
     */
    TxQueueDelayTest(uint32_t queue, uint32_t burst)
        : TestCase("a probe behind " + std::to_string(burst) + " frames, queue of " +
                   std::to_string(queue)),
          m_queue(queue),
          m_burst(burst)
    {
    }

  private:
    /**
     * @param burst frames ahead of the probe
     * @param [out] burstReceived frames of the burst host2 received
     * @return the probe's one-way delay
     */
    Time ProbeDelay(uint32_t burst, uint32_t& burstReceived)
    {
        TestbedHelper helper;
        helper.SetLinkModel(TestbedHelper::FULL_DUPLEX);
        helper.SetTxQueueLength(m_queue);
        helper.AddMachine("load-generator");
        helper.AddHost("host1", 2048);
        helper.AddHost("host2", 2048);
        Ptr<Testbed> testbed = helper.Install();
        Ptr<Node> host1 = testbed->GetNode("host1");
        auto udp = [](Ptr<Node> node) {
            return Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
        };
        Ptr<Socket> bulkSink = udp(testbed->GetNode("host2"));
        bulkSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        m_burstReceived = 0;
        bulkSink->SetRecvCallback(MakeCallback(&TxQueueDelayTest::ReceiveBurst, this));
        Ptr<Socket> probeSink = udp(testbed->GetNode("load-generator"));
        probeSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 10));
        m_probeArrived = Seconds(-1);
        probeSink->SetRecvCallback(MakeCallback(&TxQueueDelayTest::ReceiveProbe, this));
        Ptr<Socket> bulk = udp(host1);
        bulk->Connect(InetSocketAddress(testbed->GetAddress("host2"), 9));
        Ptr<Socket> probe = udp(host1);
        probe->Connect(InetSocketAddress(testbed->GetAddress("load-generator"), 10));
        // ARP first, so that nothing waits for an address at the burst.
        Simulator::Schedule(Seconds(0.5), [=]() {
            bulk->Send(Create<Packet>(10));
            probe->Send(Create<Packet>(10));
        });
        const Time sent = Seconds(1);
        Simulator::Schedule(sent, [=]() {
            for (uint32_t i = 0; i < burst; ++i)
            {
                bulk->Send(Create<Packet>(1500 - 28)); // 1500-byte IP packets
            }
            probe->Send(Create<Packet>(10));
        });
        Simulator::Run();
        Simulator::Destroy();
        burstReceived = m_burstReceived - 1; // the ARP-time packet
        return m_probeArrived < sent ? Seconds(-1) : m_probeArrived - sent;
    }

    /// @brief A frame of the burst reached host2.
    void ReceiveBurst(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
            ++m_burstReceived;
        }
    }

    /// @brief The probe (or the ARP-time packet) reached the load generator.
    void ReceiveProbe(Ptr<Socket> socket)
    {
        socket->Recv();
        m_probeArrived = Simulator::Now();
    }

    void DoRun() override
    {
        uint32_t received = 0;
        Time alone = ProbeDelay(0, received);
        Time behind = ProbeDelay(m_burst, received);
        // 1538 bytes of wire per 1500-byte packet at 100 Mb/s.
        Time frame = DataRate("100Mbps").CalculateBytesTxTime(1538);
        // The first frame leaves at once; the queue holds the next m_queue, the probe
        // included.
        NS_TEST_EXPECT_MSG_EQ(received,
                              std::min(m_burst, m_queue + 1),
                              "the queue held what fits and dropped the rest");
        if (m_burst <= m_queue)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(behind - alone,
                                      frame * m_burst,
                                      NanoSeconds(2) * m_burst,
                                      "the probe waited one frame time per frame ahead");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(behind, Seconds(-1), "a full queue dropped the probe");
        }
    }

    uint32_t m_queue;         //!< queue length
    uint32_t m_burst;         //!< frames before the probe
    uint32_t m_burstReceived; //!< frames of the burst host2 received
    Time m_probeArrived;      //!< when the probe arrived
};

/**
 * @ingroup vm-migration-tests
 * @brief LinuxTxQueue counts socket buffers: a TCP flow's segments in sequence share a
 *        buffer of up to 45 segments of 1448 bytes (below 65536 bytes of data), anything
 *        else is a buffer of its own, and the limit drops only a frame that would open one.
 */
class LinuxTxQueueBufferTest : public TestCase
{
  public:
    LinuxTxQueueBufferTest()
        : TestCase("the NIC queue counts offload buffers, not frames")
    {
    }

  private:
    /// Bytes of data in a full segment (the testbed's MSS).
    static constexpr uint32_t MSS = 1448;

    /**
     * @param port the flow's source port
     * @param seq the segment's first sequence number
     * @param bytes its data (0: a pure ACK)
     * @return an IPv4 TCP segment as a full-duplex device queues it
     */
    static Ptr<Packet> Segment(uint16_t port, uint32_t seq, uint32_t bytes)
    {
        Ptr<Packet> p = Create<Packet>(bytes);
        TcpHeader tcp;
        tcp.SetSourcePort(port);
        tcp.SetDestinationPort(80);
        tcp.SetSequenceNumber(SequenceNumber32(seq));
        tcp.SetFlags(TcpHeader::ACK);
        p->AddHeader(tcp);
        Ipv4Header ip;
        ip.SetSource(Ipv4Address("10.0.0.1"));
        ip.SetDestination(Ipv4Address("10.0.0.2"));
        ip.SetProtocol(6);
        ip.SetPayloadSize(p->GetSize());
        p->AddHeader(ip);
        return p;
    }

    /**
     * @brief Frames queued behind a link header of @p size bytes: two IPv4 segments in
     *        sequence share a buffer, a third under another protocol is one of its own.
     * @param size the header's bytes (LinkHeaderSize)
     * @param frame adds the header, with the protocol given, to a segment
     * @param ipv4 IPv4's protocol number in that header
     * @param other another protocol's
     */
    void CheckLinkHeader(uint32_t size,
                         Ptr<Packet> (*frame)(Ptr<Packet>, uint16_t),
                         uint16_t ipv4,
                         uint16_t other)
    {
        auto queue = CreateObject<LinuxTxQueue>();
        queue->SetAttribute("GsoMaxSize", UintegerValue(65536));
        queue->SetAttribute("LinkHeaderSize", UintegerValue(size));
        queue->Enqueue(frame(Segment(1000, 0, MSS), ipv4));
        queue->Enqueue(frame(Segment(1000, MSS, MSS), ipv4));
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 1, "read past a " << size << "-byte header");
        queue->Enqueue(frame(Segment(1000, 2 * MSS, MSS), other));
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 2, "not IPv4: a buffer of its own");
    }

    void DoRun() override
    {
        auto queue = CreateObject<LinuxTxQueue>();
        queue->SetAttribute("MaxBuffers", UintegerValue(4));
        queue->SetAttribute("GsoMaxSize", UintegerValue(65536));
        uint32_t drops = 0;
        queue->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>>([&drops](Ptr<const Packet>) { ++drops; }));
        // 45 segments in sequence: 65160 bytes, below 65536; the 46th opens a buffer.
        for (uint32_t i = 0; i < 46; ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(queue->Enqueue(Segment(1000, i * MSS, MSS)), true, "queued");
        }
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 2, "45 segments to a buffer");
        // Another flow's segment between them does not close flow 1000's buffer.
        queue->Enqueue(Segment(2000, 0, MSS));
        queue->Enqueue(Segment(1000, 46 * MSS, MSS));
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 3, "a second flow's buffer; flow 1000 joins");
        // The queue is full at 4 buffers: a pure ACK is dropped, flow 1000's next segment
        // still joins its buffer, a segment out of sequence (a retransmission) is dropped.
        queue->Enqueue(Segment(3000, 0, MSS));
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 4, "4 buffers");
        NS_TEST_EXPECT_MSG_EQ(queue->Enqueue(Segment(4000, 0, 0)), false, "an ACK is a buffer");
        NS_TEST_EXPECT_MSG_EQ(queue->Enqueue(Segment(1000, 47 * MSS, MSS)), true, "joins");
        NS_TEST_EXPECT_MSG_EQ(queue->Enqueue(Segment(1000, 5 * MSS, MSS)),
                              false,
                              "out of sequence: a new buffer, over the limit");
        NS_TEST_EXPECT_MSG_EQ(drops, 2, "two frames dropped");
        NS_TEST_EXPECT_MSG_EQ(queue->GetNPackets(), 50, "every other frame held");
        // The first buffer leaves with its first frame; its other 44 frames follow
        // without counting again.
        queue->Dequeue();
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 3, "a buffer left");
        for (uint32_t i = 1; i < 45; ++i)
        {
            queue->Dequeue();
        }
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 3, "its frames left without counting");
        // A buffer that has begun to leave takes no more segments.
        queue->Dequeue(); // the 46th segment: flow 1000's open buffer starts to leave
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 2, "flow 1000's second buffer left");
        queue->Enqueue(Segment(1000, 48 * MSS, MSS));
        NS_TEST_EXPECT_MSG_EQ(queue->GetBuffers(), 3, "a leaving buffer takes no more");

        // Without offload every frame is a buffer.
        auto plain = CreateObject<LinuxTxQueue>();
        plain->SetAttribute("GsoMaxSize", UintegerValue(0));
        plain->SetAttribute("MaxBuffers", UintegerValue(10));
        for (uint32_t i = 0; i < 12; ++i)
        {
            plain->Enqueue(Segment(1000, i * MSS, MSS));
        }
        NS_TEST_EXPECT_MSG_EQ(plain->GetNPackets(), 10, "10 frames, 10 buffers");

        // A CSMA device queues its frames with their Ethernet header, a point-to-point
        // one with a PPP header: IPv4 frames are read past it, any other protocol is a
        // buffer of its own.
        CheckLinkHeader(
            14,
            [](Ptr<Packet> p, uint16_t etherType) {
                EthernetHeader ethernet;
                ethernet.SetLengthType(etherType);
                p->AddHeader(ethernet);
                return p;
            },
            0x0800,
            0x0806); // ARP
        CheckLinkHeader(
            2,
            [](Ptr<Packet> p, uint16_t protocol) {
                PppHeader ppp;
                ppp.SetProtocol(protocol);
                p->AddHeader(ppp);
                return p;
            },
            0x0021,
            0x0057); // IPv6
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Behind a NIC that queues offload buffers, a bulk TCP flow's standing queue is its
 *        window: a probe sent behind it waits the window's frames; without offload the
 *        1000-frame queue overflows and bounds the wait.
 *
 * dom0 on host1 sends to host2 without end (NewReno, whose slow start has no delay
 * exit, so the flow reaches its window within a second); host2 advertises 3 MiB, the
 * window Linux 2.6.32 advertises from its 4 MiB tcp_rmem (tcp_win_from_space), 2172 full
 * segments of 1448 bytes.  Two seconds in, host1 sends a
 * small UDP probe to the load generator.  With offload (GsoMaxSize 65536) the 2172
 * segments are 49 buffers, the queue never drops, and all of the window but the few
 * segments on the links, in the switch and at host2 (delayed ACK: at most one unacknowledged)
 * waits in host1's queue: the probe waits 2164 to 2172 frame times of 123.04 us (1538
 * bytes of wire at 100 Mb/s), 266.3-267.2 ms.  Without offload (GsoMaxSize 0) slow start
 * overflows the 1000 frames: host1's NIC drops, and the probe waits at most 1000 frames.
 */
class GsoStandingQueueTest : public TestCase
{
  public:
    /// @param gsoMaxSize host1's NIC's GsoMaxSize
    explicit GsoStandingQueueTest(uint32_t gsoMaxSize)
        : TestCase("a bulk flow's standing queue, GsoMaxSize " + std::to_string(gsoMaxSize)),
          m_gsoMaxSize(gsoMaxSize)
    {
    }

  private:
    /// host2's receive window, bytes.
    static constexpr uint32_t WINDOW = 3u << 20;

    /// @return host1's NIC's queue
    static Ptr<LinuxTxQueue> NicQueue(Ptr<Node> host)
    {
        for (uint32_t i = 0; i < host->GetNDevices(); ++i)
        {
            auto device = DynamicCast<SimpleNetDevice>(host->GetDevice(i));
            if (device && DynamicCast<LinuxTxQueue>(device->GetQueue()))
            {
                return DynamicCast<LinuxTxQueue>(device->GetQueue());
            }
        }
        return nullptr;
    }

    /**
     * @param bulk whether the bulk flow runs
     * @param [out] drops frames host1's NIC dropped
     * @return the probe's one-way delay, or -1 s if it was lost
     */
    Time ProbeDelay(bool bulk, uint32_t& drops)
    {
        TestbedHelper helper;
        helper.SetLinkModel(TestbedHelper::FULL_DUPLEX);
        helper.AddMachine("load-generator");
        helper.AddHost("host1", 2048);
        helper.AddHost("host2", 2048);
        Ptr<Testbed> testbed = helper.Install();
        Ptr<Node> host1 = testbed->GetNode("host1");
        Ptr<LinuxTxQueue> nic = NicQueue(host1);
        NS_ABORT_MSG_UNLESS(nic, "host1's NIC has no LinuxTxQueue");
        nic->SetAttribute("GsoMaxSize", UintegerValue(m_gsoMaxSize));
        drops = 0;
        nic->TraceConnectWithoutContext(
            "Drop",
            Callback<void, Ptr<const Packet>>([&drops](Ptr<const Packet>) { ++drops; }));
        host1->GetObject<TcpL4Protocol>()->SetAttribute("SocketType",
                                                        TypeIdValue(TcpNewReno::GetTypeId()));

        Ptr<Socket> sink =
            Socket::CreateSocket(testbed->GetNode("host2"), TcpSocketFactory::GetTypeId());
        sink->SetAttribute("RcvBufSize", UintegerValue(WINDOW)); // its connection's too
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5001));
        sink->Listen();
        sink->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&GsoStandingQueueTest::Accept, this));
        Ptr<Socket> sender = Socket::CreateSocket(host1, TcpSocketFactory::GetTypeId());
        sender->SetSendCallback(MakeCallback(&GsoStandingQueueTest::Fill, this));

        Ptr<Socket> probeSink =
            Socket::CreateSocket(testbed->GetNode("load-generator"), UdpSocketFactory::GetTypeId());
        probeSink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 10));
        m_probeArrived = Seconds(-1);
        probeSink->SetRecvCallback(MakeCallback(&GsoStandingQueueTest::ReceiveProbe, this));
        Ptr<Socket> probe = Socket::CreateSocket(host1, UdpSocketFactory::GetTypeId());
        probe->Connect(InetSocketAddress(testbed->GetAddress("load-generator"), 10));
        Simulator::Schedule(Seconds(0.5), [=]() { probe->Send(Create<Packet>(10)); }); // ARP
        if (bulk)
        {
            Simulator::Schedule(Seconds(1), [=]() {
                sender->Connect(InetSocketAddress(testbed->GetAddress("host2"), 5001));
            });
        }
        const Time sent = Seconds(3);
        Simulator::Schedule(sent, [=]() { probe->Send(Create<Packet>(10)); });
        Simulator::Stop(sent + Seconds(0.5));
        Simulator::Run();
        Simulator::Destroy();
        return m_probeArrived < sent ? Seconds(-1) : m_probeArrived - sent;
    }

    /// @brief Keep the sender's buffer full.
    void Fill(Ptr<Socket> socket, uint32_t available)
    {
        while (available >= 1448 && socket->Send(Create<Packet>(1448)) > 0)
        {
            available = socket->GetTxAvailable();
        }
    }

    /// @brief host2 accepted the flow: read all it gets.
    void Accept(Ptr<Socket> socket, const Address&)
    {
        socket->SetRecvCallback(MakeCallback(&GsoStandingQueueTest::Drain, this));
    }

    /// @brief host2 reads what arrived.
    void Drain(Ptr<Socket> socket)
    {
        while (socket->Recv())
        {
        }
    }

    /// @brief The probe (or the ARP-time packet) reached the load generator.
    void ReceiveProbe(Ptr<Socket> socket)
    {
        socket->Recv();
        m_probeArrived = Simulator::Now();
    }

    void DoRun() override
    {
        uint32_t drops = 0;
        Time alone = ProbeDelay(false, drops);
        Time behind = ProbeDelay(true, drops);
        NS_TEST_ASSERT_MSG_GT(behind, alone, "the probe arrived, behind the flow");
        const Time frame = DataRate("100Mbps").CalculateBytesTxTime(1538);
        const uint32_t window = WINDOW / 1448; // 2172 full segments
        if (m_gsoMaxSize > 0)
        {
            NS_TEST_EXPECT_MSG_EQ(drops, 0, "the flow's 49 buffers never fill the queue");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(behind - alone,
                                        frame * (window - 8),
                                        "the window waits in host1's queue");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(behind - alone,
                                        frame * window,
                                        "no more than the window waits");
        }
        else
        {
            NS_TEST_EXPECT_MSG_GT(drops, 0, "slow start overflowed 1000 frames");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(behind - alone, frame * 1000, "the queue bounds the wait");
        }
    }

    uint32_t m_gsoMaxSize; //!< host1's NIC's GsoMaxSize
    Time m_probeArrived;   //!< when the probe arrived
};

/**
 * @ingroup vm-migration-tests
 * @brief The ends of Xen's split network driver hand each packet to their channel as it
 *        is sent: the packets arrive when and in the order they would through
 *        SimpleNetDevices, with one event fewer each.
 *
 * Two devices on a SimpleChannel; at 1 s one sends three packets of different sizes at
 * once.  Through SimpleNetDevices (no data rate) each packet takes two events, the
 * sender's end of transmission and the receiver's arrival; through
 * SplitDriverNetDevices only the arrival.  A packet over the MTU, or sent by a device
 * with no channel, is refused.
 */
class SplitDriverDeviceTest : public TestCase
{
  public:
    SplitDriverDeviceTest()
        : TestCase("the split driver's ends pass packets on at once, with one event fewer")
    {
    }

  private:
    /// What one run saw.
    struct Seen
    {
        std::vector<uint32_t> sizes; //!< the packets' sizes, in order of arrival
        std::vector<Time> at;        //!< their arrival instants
        uint64_t events{0};          //!< events the simulator executed
    };

    /**
     * @brief Send three packets between two devices of a type.
     * @param type SimpleNetDevice or SplitDriverNetDevice
     * @return what arrived, and the events it took
     */
    static Seen Run(TypeId type)
    {
        Seen seen;
        auto channel = CreateObject<SimpleChannel>();
        std::vector<Ptr<SimpleNetDevice>> devices;
        for (int i = 0; i < 2; ++i)
        {
            ObjectFactory factory(type.GetName());
            Ptr<SimpleNetDevice> device = factory.Create<SimpleNetDevice>();
            device->SetAddress(Mac48Address::Allocate());
            CreateObject<Node>()->AddDevice(device);
            device->SetChannel(channel);
            devices.push_back(device);
        }
        devices[1]->SetReceiveCallback(
            [&seen](Ptr<NetDevice>, Ptr<const Packet> p, uint16_t, const Address&) {
                seen.sizes.push_back(p->GetSize());
                seen.at.push_back(Simulator::Now());
                return true;
            });
        Simulator::Schedule(Seconds(1), [&devices]() {
            for (uint32_t size : {100, 200, 300})
            {
                devices[0]->Send(Create<Packet>(size), devices[1]->GetAddress(), 0x0800);
            }
        });
        Simulator::Run();
        seen.events = Simulator::GetEventCount();
        Simulator::Destroy();
        return seen;
    }

    void DoRun() override
    {
        Seen simple = Run(SimpleNetDevice::GetTypeId());
        Seen split = Run(SplitDriverNetDevice::GetTypeId());
        NS_TEST_ASSERT_MSG_EQ(simple.sizes.size(), 3, "the reference run delivered all three");
        NS_TEST_EXPECT_MSG_EQ((split.sizes == simple.sizes), true, "the same packets, in order");
        NS_TEST_EXPECT_MSG_EQ((split.at == simple.at), true, "at the same instants");
        NS_TEST_EXPECT_MSG_EQ(split.events + 3, simple.events, "one event fewer a packet");

        auto device = CreateObject<SplitDriverNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        CreateObject<Node>()->AddDevice(device);
        NS_TEST_EXPECT_MSG_EQ(device->Send(Create<Packet>(100), Mac48Address::GetBroadcast(), 0),
                              false,
                              "a device with no channel refuses a packet");
        device->SetChannel(CreateObject<SimpleChannel>());
        device->SetMtu(1500);
        NS_TEST_EXPECT_MSG_EQ(device->Send(Create<Packet>(1501), Mac48Address::GetBroadcast(), 0),
                              false,
                              "a packet over the MTU is refused");
        NS_TEST_EXPECT_MSG_EQ(device->Send(Create<Packet>(1500), Mac48Address::GetBroadcast(), 0),
                              true,
                              "a packet of the MTU is sent");
        Simulator::Destroy();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Xen I/O path test suite.
 */
class XenIoPathTestSuite : public TestSuite
{
  public:
    XenIoPathTestSuite()
        : TestSuite("vm-migration-xen-io-path", UNIT)
    {
        AddTestCase(new CreditSchedulerShareTest(), TestCase::QUICK);
        AddTestCase(new NetbackCpuTest(false, MicroSeconds(250)), TestCase::QUICK);
        AddTestCase(new NetbackCpuTest(false, MicroSeconds(50)), TestCase::QUICK);
        AddTestCase(new NetbackCpuTest(true, MicroSeconds(50)), TestCase::QUICK);
        AddTestCase(new SplitDriverDeviceTest(), TestCase::QUICK);
        AddTestCase(new TxQueueDelayTest(1000, 1000), TestCase::QUICK);
        AddTestCase(new TxQueueDelayTest(100, 80), TestCase::QUICK);
        AddTestCase(new TxQueueDelayTest(100, 300), TestCase::QUICK);
        AddTestCase(new LinuxTxQueueBufferTest(), TestCase::QUICK);
        AddTestCase(new GsoStandingQueueTest(65536), TestCase::QUICK);
        AddTestCase(new GsoStandingQueueTest(0), TestCase::QUICK);
    }
};

/// The suite's instance.
static XenIoPathTestSuite g_xenIoPathTestSuite;

} // namespace ns3
