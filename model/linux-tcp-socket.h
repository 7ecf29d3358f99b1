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
 * @brief ns-3's TCP with Linux's zero-window probe timer, for the migration streams.
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
 * cancelled.  Everything else is TcpSocketBase's.
 */
class LinuxTcpSocket : public TcpSocketBase
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

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
};

} // namespace ns3

#endif /* LINUX_TCP_SOCKET_H */
