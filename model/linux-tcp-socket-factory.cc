/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "linux-tcp-socket-factory.h"

#include "linux-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LinuxTcpSocketFactory");
NS_OBJECT_ENSURE_REGISTERED(LinuxTcpSocketFactory);

TypeId
LinuxTcpSocketFactory::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LinuxTcpSocketFactory")
                            .SetParent<SocketFactory>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<LinuxTcpSocketFactory>();
    return tid;
}

void
LinuxTcpSocketFactory::Install(Ptr<Node> node)
{
    NS_LOG_FUNCTION(node);
    if (!node->GetObject<LinuxTcpSocketFactory>())
    {
        node->AggregateObject(CreateObject<LinuxTcpSocketFactory>());
    }
}

Ptr<Socket>
LinuxTcpSocketFactory::CreateSocket()
{
    NS_LOG_FUNCTION(this);
    Ptr<Node> node = GetObject<Node>();
    NS_ABORT_MSG_UNLESS(node, "LinuxTcpSocketFactory: not aggregated to a node");
    return LinuxTcpSocket::CreateSocket(node);
}

} // namespace ns3
