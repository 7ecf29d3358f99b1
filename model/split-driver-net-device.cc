/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "split-driver-net-device.h"

// error-model.h, node.h and queue.h complete the types of SimpleNetDevice's members,
// whose destructors this class's own instantiates.
#include "ns3/error-model.h"
#include "ns3/log.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"
#include "ns3/queue.h"
#include "ns3/simple-channel.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SplitDriverNetDevice");
NS_OBJECT_ENSURE_REGISTERED(SplitDriverNetDevice);

TypeId
SplitDriverNetDevice::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SplitDriverNetDevice")
                            .SetParent<SimpleNetDevice>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<SplitDriverNetDevice>();
    return tid;
}

SplitDriverNetDevice::SplitDriverNetDevice()
{
    NS_LOG_FUNCTION(this);
}

bool
SplitDriverNetDevice::SendFrom(Ptr<Packet> packet,
                               const Address& source,
                               const Address& dest,
                               uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    Ptr<SimpleChannel> channel = DynamicCast<SimpleChannel>(GetChannel());
    if (!channel || packet->GetSize() > GetMtu())
    {
        return false;
    }
    channel->Send(packet,
                  protocolNumber,
                  Mac48Address::ConvertFrom(dest),
                  Mac48Address::ConvertFrom(source),
                  this);
    return true;
}

} // namespace ns3
