/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SPLIT_DRIVER_NET_DEVICE_H
#define SPLIT_DRIVER_NET_DEVICE_H

#include "ns3/simple-net-device.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief One end of Xen's split network driver: a guest's netfront, or its vif on the
 *        host's bridge in dom0.
 *
 * The two ends share memory (the rings and granted pages) rather than a wire: a packet
 * has no serialisation time and waits in no device queue of its own; what it waits for
 * is netback's work on dom0's CPU (NetbackChannel).  So this device hands each packet
 * to its channel as it is sent, where a SimpleNetDevice would queue it and pass it on
 * in an event of its own (at the same instant when it has no data rate): the packets
 * cross at the same simulated times, with one event fewer each.  Receiving is
 * SimpleNetDevice's.
 */
class SplitDriverNetDevice : public SimpleNetDevice
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SplitDriverNetDevice();

    /**
     * @brief Hand a packet to the channel at once.
     * @param packet the packet
     * @param source its source address
     * @param dest its destination address
     * @param protocolNumber its protocol number
     * @return false if it is larger than the MTU or the device has no channel
     */
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
};

} // namespace ns3

#endif /* SPLIT_DRIVER_NET_DEVICE_H */
