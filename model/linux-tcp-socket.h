/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINUX_TCP_SOCKET_H
#define LINUX_TCP_SOCKET_H

#include "ns3/node.h"
#include "ns3/tcp-socket-base.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief ns-3's TCP with Linux's timers where ns-3.37's differ: the testbed's sockets
 *        (the migration streams, the HTTP clients and servers).
 *
 * ns-3.37 arms the zero-window probe whenever a segment arrives while its view of the
 * peer's window is zero, whether or not anything waits to be sent, and cancels the
 * retransmission timer; its view starts at zero and is set only by the handshake.  When
 * the probe fires with no data unsent, ns-3.37 dereferences a null buffer item and the
 * run stops on a segmentation fault.  Linux probes only when data is queued
 * (``tcp_probe_timer`` returns when ``tcp_send_head`` is empty) and never in SYN_SENT,
 * where the SYN's own retransmission timer runs.  This socket does the same: with
 * nothing unsent the probe is a no-op (ns-3 arms it again on the next segment seen while
 * the window is zero), and in SYN_SENT it retransmits the SYN whose timer the probe
 * cancelled.
 *
 * With KeepRtoBackoff, it also keeps a retransmission timeout that a timeout backed off
 * until a segment sent only once is acknowledged, as Linux does without timestamps
 * (``tcp_ack_no_tstamp``: "we must not reset the backoff for rto until we get a
 * non-retransmitted packet", Karn's algorithm).  ns-3.37 recomputes the timeout from its
 * estimate at every new ACK (``NewAck``), so when the path's delay grows past the timeout
 * every segment is retransmitted, no sample is ever taken and the timeout never grows.
 * And it sends nothing when the data in flight fills the peer's window exactly.
 * ns-3.37's scoreboard then still offers new data, as a segment of no bytes
 * (``TcpTxBuffer::NextSeg`` tests the data sent against the window with ``<=``), and
 * whenever loss recovery leaves room in the congestion window (SACKed segments out of
 * flight) ``SendDataPacket`` takes no item from the buffer and dereferences it: the run
 * stops on a segmentation fault.  Linux sends new data only while the window has room for
 * it (``tcp_snd_wnd_test``).
 *
 * Everything else is TcpSocketBase's.
 */
class LinuxTcpSocket : public TcpSocketBase
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * @brief Get the instance's type ID (TcpSocketBase gives its own).
     * @return LinuxTcpSocket's
     */
    TypeId GetInstanceTypeId() const override;

    LinuxTcpSocket() = default;

    /**
     * @brief Copy, as a listening socket forks a connection.
     * @param sock the socket copied
     */
    LinuxTcpSocket(const LinuxTcpSocket& sock) = default;

    /**
     * @brief A socket of this kind on @p node, set up as TcpL4Protocol sets up its own
     *        (the node's RTT estimator, congestion control and recovery types).
     * @param node a node with an Internet stack
     * @return the socket
     */
    static Ptr<Socket> CreateSocket(Ptr<Node> node);

  protected:
    Ptr<TcpSocketBase> Fork() override;
    void PersistTimeout() override;
    void EstimateRtt(const TcpHeader& tcpHeader) override;
    void NewAck(const SequenceNumber32& seq, bool resetRTO) override;
    void ReTxTimeout() override;
    uint32_t AvailableWindow() const override;

  private:
    bool m_keepRtoBackoff{true}; //!< keep a backed-off timeout until a clean RTT sample
    bool m_backedOff{false};     //!< a timeout backed off, and no clean sample since
};

} // namespace ns3

#endif /* LINUX_TCP_SOCKET_H */
