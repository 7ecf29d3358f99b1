/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "linux-tx-queue.h"

#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LinuxTxQueue");
NS_OBJECT_ENSURE_REGISTERED(LinuxTxQueue);

namespace
{
/// IPv4's EtherType, as an Ethernet header carries it.
constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;
/// IPv4's PPP protocol number, as a point-to-point link's header carries it.
constexpr uint16_t PPP_IPV4 = 0x0021;
/// Bytes of a PPP header (ns-3's point-to-point devices).
constexpr uint32_t PPP_HEADER = 2;
/// Bytes of an Ethernet header (ns-3's CSMA devices).
constexpr uint32_t ETHERNET_HEADER = 14;
/// An IPv4 header's first byte without options: version 4, five 32-bit words.
constexpr uint8_t IPV4_NO_OPTIONS = 0x45;
/// IP's protocol number of TCP.
constexpr uint8_t IP_PROTOCOL_TCP = 6;
/// Linux's txqueuelen for an Ethernet device (ether_setup): the default MaxBuffers.
constexpr uint32_t TX_QUEUE_LEN = 1000;
/// Linux's gso_max_size (GSO_MAX_SIZE): the default GsoMaxSize.
constexpr uint32_t GSO_MAX_SIZE = 65536;
/// Frames the underlying container may hold: the buffers' limit is what binds.
constexpr uint32_t FRAMES_UNBOUNDED = 1u << 30;
} // namespace

TypeId
LinuxTxQueue::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LinuxTxQueue")
            .SetParent<Queue<Packet>>()
            .SetGroupName("VmMigration")
            .AddConstructor<LinuxTxQueue>()
            .AddAttribute(
                "MaxBuffers",
                "Socket buffers the queue holds at most: the device's txqueuelen "
                "(1000, ether_setup), which pfifo_fast applies to each band.",
                UintegerValue(TX_QUEUE_LEN),
                MakeUintegerAccessor(&LinuxTxQueue::SetMaxBuffers, &LinuxTxQueue::GetMaxBuffers),
                MakeUintegerChecker<uint32_t>(1))
            .AddAttribute(
                "GsoMaxSize",
                "Bytes of TCP data a buffer stays below: Linux's 65536 (gso_max_size, "
                "GSO_MAX_SIZE) by default; 0: no segmentation offload, every frame a "
                "buffer.",
                UintegerValue(GSO_MAX_SIZE),
                MakeUintegerAccessor(&LinuxTxQueue::SetGsoMaxSize, &LinuxTxQueue::GetGsoMaxSize),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute("LinkHeaderSize",
                          "Bytes of link header the device puts before the IP header when "
                          "it queues a frame: 14 (Ethernet) for CSMA, 2 (PPP) for "
                          "point-to-point, 0 for a device that queues the IP packet.  The "
                          "header's protocol must be IPv4 for the frame to be read as TCP.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&LinuxTxQueue::m_linkHeader),
                          MakeUintegerChecker<uint32_t>(0, 14));
    return tid;
}

LinuxTxQueue::LinuxTxQueue()
    : m_maxBuffers(TX_QUEUE_LEN),
      m_gsoMaxSize(GSO_MAX_SIZE),
      m_linkHeader(0),
      NS_LOG_TEMPLATE_DEFINE("LinuxTxQueue")
{
    UpdateFrameLimit();
}

uint32_t
LinuxTxQueue::GetBuffers() const
{
    return m_buffers;
}

void
LinuxTxQueue::SetMaxBuffers(uint32_t buffers)
{
    m_maxBuffers = buffers;
    UpdateFrameLimit();
}

uint32_t
LinuxTxQueue::GetMaxBuffers() const
{
    return m_maxBuffers;
}

void
LinuxTxQueue::SetGsoMaxSize(uint32_t bytes)
{
    m_gsoMaxSize = bytes;
    UpdateFrameLimit();
}

uint32_t
LinuxTxQueue::GetGsoMaxSize() const
{
    return m_gsoMaxSize;
}

void
LinuxTxQueue::UpdateFrameLimit()
{
    // Without offload a buffer is a frame, and the frame limit is the buffers': a
    // device's flow control (NetDeviceQueue, QueueBase::WouldOverflow) then sees the
    // queue as full when Linux's would be.  With offload only the buffers' count binds.
    SetMaxSize(
        QueueSize(QueueSizeUnit::PACKETS, m_gsoMaxSize == 0 ? m_maxBuffers : FRAMES_UNBOUNDED));
}

bool
LinuxTxQueue::ReadSegment(Ptr<const Packet> frame,
                          Flow& flow,
                          SequenceNumber32& seq,
                          uint32_t& bytes) const
{
    uint8_t head[15];
    const uint32_t need = m_linkHeader + 1;
    if (frame->GetSize() < need + 39 || frame->CopyData(head, need) != need ||
        head[m_linkHeader] != IPV4_NO_OPTIONS)
    {
        return false;
    }
    if ((m_linkHeader == ETHERNET_HEADER && ((head[12] << 8) | head[13]) != ETHERTYPE_IPV4) ||
        (m_linkHeader == PPP_HEADER && ((head[0] << 8) | head[1]) != PPP_IPV4))
    {
        return false;
    }
    Ptr<Packet> ipPacket = frame->CreateFragment(m_linkHeader, frame->GetSize() - m_linkHeader);
    Ipv4Header ip;
    ipPacket->RemoveHeader(ip);
    if (ip.GetProtocol() != IP_PROTOCOL_TCP || ip.GetFragmentOffset() != 0 || !ip.IsLastFragment())
    {
        return false;
    }
    TcpHeader tcp;
    ipPacket->PeekHeader(tcp);
    const uint32_t headerBytes = tcp.GetLength() * 4;
    if (ip.GetPayloadSize() <= headerBytes)
    {
        return false; // no data: an ACK, a SYN or a FIN
    }
    flow = Flow(ip.GetSource().Get(),
                ip.GetDestination().Get(),
                tcp.GetSourcePort(),
                tcp.GetDestinationPort());
    seq = tcp.GetSequenceNumber();
    bytes = ip.GetPayloadSize() - headerBytes;
    return true;
}

bool
LinuxTxQueue::Enqueue(Ptr<Packet> item)
{
    NS_LOG_FUNCTION(this << item);
    Frame frame{0, true, false, Flow()};
    SequenceNumber32 seq;
    uint32_t bytes = 0;
    frame.tcp = m_gsoMaxSize > 0 && ReadSegment(item, frame.flow, seq, bytes);
    if (frame.tcp)
    {
        auto open = m_open.find(frame.flow);
        if (open != m_open.end() && open->second.next == seq &&
            open->second.bytes + bytes < m_gsoMaxSize)
        {
            if (!DoEnqueue(GetContainer().end(), item))
            {
                return false;
            }
            open->second.bytes += bytes;
            open->second.next = seq + bytes;
            m_frames.push_back(Frame{open->second.buffer, false, true, frame.flow});
            return true;
        }
    }
    if (m_buffers >= m_maxBuffers)
    {
        DropBeforeEnqueue(item);
        return false;
    }
    if (!DoEnqueue(GetContainer().end(), item))
    {
        return false;
    }
    frame.buffer = m_nextBuffer++;
    ++m_buffers;
    m_frames.push_back(frame);
    if (frame.tcp)
    {
        m_open[frame.flow] = OpenBuffer{frame.buffer, bytes, seq + bytes};
    }
    return true;
}

void
LinuxTxQueue::ForgetHead()
{
    NS_ASSERT(!m_frames.empty());
    const Frame head = m_frames.front();
    m_frames.pop_front();
    if (!head.first)
    {
        return;
    }
    // The buffer leaves the qdisc whole: it no longer counts, and no frame joins it.
    --m_buffers;
    if (head.tcp)
    {
        auto open = m_open.find(head.flow);
        if (open != m_open.end() && open->second.buffer == head.buffer)
        {
            m_open.erase(open);
        }
    }
}

Ptr<Packet>
LinuxTxQueue::Dequeue()
{
    NS_LOG_FUNCTION(this);
    Ptr<Packet> item = DoDequeue(GetContainer().begin());
    if (item)
    {
        ForgetHead();
    }
    return item;
}

Ptr<Packet>
LinuxTxQueue::Remove()
{
    NS_LOG_FUNCTION(this);
    Ptr<Packet> item = DoRemove(GetContainer().begin());
    if (item)
    {
        ForgetHead();
    }
    return item;
}

Ptr<const Packet>
LinuxTxQueue::Peek() const
{
    NS_LOG_FUNCTION(this);
    return DoPeek(GetContainer().begin());
}

} // namespace ns3
