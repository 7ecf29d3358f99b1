/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LINUX_TCP_SOCKET_FACTORY_H
#define LINUX_TCP_SOCKET_FACTORY_H

#include "ns3/node.h"
#include "ns3/socket-factory.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The socket factory of LinuxTcpSocket, so that ns-3's applications that take a
 *        factory's name (BulkSendHelper, PacketSinkHelper: "ns3::LinuxTcpSocketFactory")
 *        open the testbed's TCP sockets.
 *
 * Socket::CreateSocket finds a factory among the objects aggregated to the node:
 * Install aggregates one to a node with an Internet stack, once.
 */
class LinuxTcpSocketFactory : public SocketFactory
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * @brief Aggregate a factory to @p node unless it has one.
     * @param node a node with TCP
     */
    static void Install(Ptr<Node> node);

    /**
     * @brief A LinuxTcpSocket on the node this factory is aggregated to.
     * @return the socket
     */
    Ptr<Socket> CreateSocket() override;
};

} // namespace ns3

#endif /* LINUX_TCP_SOCKET_FACTORY_H */
