/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ETHERNET_LINK_HELPER_H
#define ETHERNET_LINK_HELPER_H

#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Ethernet links as TestbedHelper and TopologyHelper build them, charged what
 *        Ethernet charges on the wire.
 *
 * - CSMA: ns-3's CsmaNetDevice adds the 14-byte header and 4-byte FCS and waits 96 bit
 *   times after a frame; the inter-frame gap is widened to 20 byte times to charge the
 *   8-byte preamble and start delimiter too.
 * - Full duplex: a SimpleNetDevice pair on a SimpleChannel, one direction independent of
 *   the other.  SimpleNetDevice charges only the IP packet, so its rate is scaled by
 *   1500/1538: a full-size frame takes exactly its Ethernet time.
 */
class EthernetLinkHelper
{
  public:
    /// IP MTU of Ethernet.
    static constexpr uint16_t MTU = 1500;

    /**
     * @brief Join nodes by one CSMA channel (a bus; two nodes make a link).
     * @param csma the helper (its AssignStreams numbers the devices' back-off later)
     * @param nodes the nodes, one device each
     * @param rate the bit rate
     * @param delay the propagation delay
     * @return the devices, in the nodes' order
     */
    static NetDeviceContainer InstallCsma(CsmaHelper& csma,
                                          const NodeContainer& nodes,
                                          DataRate rate,
                                          Time delay);

    /**
     * @brief Join two nodes by a full-duplex link.
     * @param a one end
     * @param b the other
     * @param rate the bit rate, each direction
     * @param delay the propagation delay
     * @return the devices of @p a and @p b
     */
    static NetDeviceContainer InstallFullDuplex(Ptr<Node> a,
                                                Ptr<Node> b,
                                                DataRate rate,
                                                Time delay);

    /**
     * @brief Give a machine's NIC Linux's transmit queue (LinuxTxQueue): @p buffers
     *        socket buffers, TCP's in segmentation-offload buffers (its GsoMaxSize).
     * @param device a CSMA, point-to-point or full-duplex link's device
     * @param buffers the queue's length, txqueuelen
     */
    static void SetTxQueue(Ptr<NetDevice> device, uint32_t buffers);
};

} // namespace ns3

#endif /* ETHERNET_LINK_HELPER_H */
