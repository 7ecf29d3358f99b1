/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINUX_TX_QUEUE_H
#define LINUX_TX_QUEUE_H

#include "ns3/packet.h"
#include "ns3/queue.h"
#include "ns3/sequence-number.h"

#include <deque>
#include <map>
#include <tuple>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A Linux NIC's transmit queue (pfifo_fast under txqueuelen) as Linux 2.6.27-2.6.32
 *        fills it: its limit counts socket buffers, and TCP hands it segments in generic
 *        segmentation offload (GSO) buffers of up to 64 KiB.
 *
 * pfifo_fast drops a buffer when its band already holds ``txqueuelen`` buffers
 * (``pfifo_fast_enqueue``), whatever their size.  A TCP socket whose route supports
 * segmentation offload (every device with scatter-gather, which GSO emulates in software,
 * and the Xen bridge, which advertises it for its vifs) builds buffers of up to
 * ``gso_max_size`` (65536) bytes, and ``dev_queue_xmit`` queues them whole: they are cut
 * into frames only as they leave (``dev_hard_start_xmit``).  So a bulk flow's 3 MiB of
 * window is some 50 buffers of the 1000, and its standing queue is bounded by its window,
 * not by the queue: the bufferbloat that byte queue limits (Linux 3.3) and TCP small
 * queues (3.6) later removed.
 *
 * The queue holds ns-3's frames and counts buffers: a TCP segment with data joins the
 * buffer its flow opened last if that buffer has not begun to leave, the segment continues
 * it in sequence, and the buffer's data stays below GsoMaxSize (45 segments of 1448
 * bytes, as ``tcp_current_mss`` sizes Linux's goal); any other frame (pure ACKs, UDP,
 * ARP, retransmissions out of sequence) is a buffer of its own.  A buffer leaves the
 * limit's count when its first frame leaves the queue.  With GsoMaxSize 0 every frame is a
 * buffer, as without offload.  TCP's deferral of small sends (``tcp_tso_should_defer``,
 * at most two jiffies) is not modelled: an ACK-clocked flow's buffers fill up to the
 * limit here, smaller in Linux, which changes nothing while the flow holds fewer
 * buffers than the queue.
 */
class LinuxTxQueue : public Queue<Packet>
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    LinuxTxQueue();

    bool Enqueue(Ptr<Packet> item) override;
    Ptr<Packet> Dequeue() override;
    Ptr<Packet> Remove() override;
    Ptr<const Packet> Peek() const override;

    /**
     * @brief The socket buffers the queue holds, as its limit counts them.
     * @return buffers held
     */
    uint32_t GetBuffers() const;

    /// @param buffers the socket buffers the queue holds at most (MaxBuffers)
    void SetMaxBuffers(uint32_t buffers);
    /// @return the socket buffers the queue holds at most (MaxBuffers)
    uint32_t GetMaxBuffers() const;
    /// @param bytes the TCP data a buffer stays below; 0: no offload (GsoMaxSize)
    void SetGsoMaxSize(uint32_t bytes);
    /// @return the TCP data a buffer stays below; 0: no offload (GsoMaxSize)
    uint32_t GetGsoMaxSize() const;

  private:
    /// A TCP flow: source and destination address and port.
    using Flow = std::tuple<uint32_t, uint32_t, uint16_t, uint16_t>;

    /// What a queued frame belongs to.
    struct Frame
    {
        uint64_t buffer; //!< the buffer's serial number
        bool first;      //!< whether it is the buffer's first frame
        bool tcp;        //!< whether the buffer holds a TCP flow's data
        Flow flow;       //!< that flow
    };

    /// The last buffer a flow opened, while it can still grow.
    struct OpenBuffer
    {
        uint64_t buffer;       //!< its serial number
        uint32_t bytes;        //!< TCP data it holds
        SequenceNumber32 next; //!< the sequence number that continues it
    };

    /**
     * @brief Read a frame's TCP segment, if it is one with data.
     * @param frame the frame as the device queues it
     * @param [out] flow its flow
     * @param [out] seq its first sequence number
     * @param [out] bytes its data
     * @return whether the frame is an IPv4 TCP segment with data
     */
    bool ReadSegment(Ptr<const Packet> frame,
                     Flow& flow,
                     SequenceNumber32& seq,
                     uint32_t& bytes) const;

    /// @brief Account for the frame at the head, which has just left.
    void ForgetHead();

    /// @brief Set the underlying frame limit from MaxBuffers and GsoMaxSize.
    void UpdateFrameLimit();

    uint32_t m_maxBuffers;             //!< txqueuelen: buffers held at most
    uint32_t m_gsoMaxSize;             //!< a buffer's data stays below this; 0: no offload
    uint32_t m_linkHeader;             //!< bytes of link header before the IP header: 0, 2, 14
    uint32_t m_buffers{0};             //!< buffers held
    uint64_t m_nextBuffer{0};          //!< the next buffer's serial number
    std::deque<Frame> m_frames;        //!< one per queued frame, in order
    std::map<Flow, OpenBuffer> m_open; //!< each flow's buffer that can still grow

    NS_LOG_TEMPLATE_DECLARE; //!< the log component (the base class's is private)
};

} // namespace ns3

#endif /* LINUX_TX_QUEUE_H */
