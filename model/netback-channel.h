/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NETBACK_CHANNEL_H
#define NETBACK_CHANNEL_H

#include "processor-sharing-cpu.h"

#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/traced-callback.h"

#include <deque>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Xen's split network driver between a guest's netfront and its vif in dom0:
 *        every packet, each way, costs dom0 CPU before it gets through.
 *
 * A guest's packets go through dom0: netback maps (transmit) or grant-copies
 * (receive) each one between the guest's shared-memory ring and dom0's network stack,
 * on dom0's vCPUs.  The channel joins the guest's NIC (the netfront) and its vif port
 * on the host's bridge.  Each direction is a queue served in order (netback works
 * through a ring in order): the packet at its head is a job of TxCostPerPacket (from
 * the guest) or RxCostPerPacket (to the guest) on dom0's CPU, shared there with
 * everything else dom0 does (the migration's page work, the other direction, other
 * guests' netback), and the packet crosses when its job ends.  With a cost of 0 a
 * packet crosses at once, as on a plain SimpleChannel.
 *
 * The rings' sizes (256 requests) and the vif's own transmit queue are not modelled:
 * packets wait for dom0 without limit.
 */
class NetbackChannel : public SimpleChannel
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    NetbackChannel();

    /**
     * @brief Say whose CPU does the work and which end is the guest's.
     * @param dom0 dom0's vCPUs
     * @param netfront the guest's NIC (packets it sends are "transmit")
     */
    void SetDom0(Ptr<ProcessorSharingCpu> dom0, Ptr<SimpleNetDevice> netfront);

    /**
     * @brief Carry a packet to the other end once dom0 has worked on it.
     * @param p the packet
     * @param protocol its protocol number
     * @param to destination address
     * @param from source address
     * @param sender the device that sent it
     */
    void Send(Ptr<Packet> p,
              uint16_t protocol,
              Mac48Address to,
              Mac48Address from,
              Ptr<SimpleNetDevice> sender) override;

    /// @brief The vif is gone (the VM was cut from its host): drop what waits.
    void Cut();

    /// @return packets carried from the guest so far
    uint64_t GetTxPackets() const;

    /// @return packets carried to the guest so far
    uint64_t GetRxPackets() const;

  protected:
    void DoDispose() override;

  private:
    /// A packet waiting for netback.
    struct Pending
    {
        Ptr<Packet> packet;          //!< the packet
        uint16_t protocol;           //!< its protocol number
        Mac48Address to;             //!< destination address
        Mac48Address from;           //!< source address
        Ptr<SimpleNetDevice> sender; //!< the device that sent it
    };

    /// One direction: packets in order, the head's job on dom0.
    struct Ring
    {
        std::deque<Pending> queue; //!< waiting, head first
        uint64_t job{0};           //!< the head's dom0 job; 0 when none runs
        uint64_t carried{0};       //!< packets carried
    };

    /**
     * @brief Start dom0's work on the head packet of a direction, if any and none runs.
     * @param transmit whether the direction is from the guest
     */
    void StartNext(bool transmit);

    /**
     * @brief dom0 finished the head packet of a direction: let it through.
     * @param transmit whether the direction is from the guest
     */
    void Done(bool transmit);

    Ptr<ProcessorSharingCpu> m_dom0; //!< dom0's vCPUs
    Ptr<SimpleNetDevice> m_netfront; //!< the guest's end
    Time m_txCost;                   //!< dom0 CPU per packet from the guest
    Time m_rxCost;                   //!< dom0 CPU per packet to the guest
    Ring m_tx;                       //!< from the guest
    Ring m_rx;                       //!< to the guest
};

} // namespace ns3

#endif /* NETBACK_CHANNEL_H */
