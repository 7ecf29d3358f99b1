/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FABRIC_ECMP_ROUTING_H
#define FABRIC_ECMP_ROUTING_H

#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A router's forwarding over the routes ns-3's global routing computed, choosing
 *        among equal-cost paths per flow (a hash of the 5-tuple), per packet, or never.
 *
 * ns-3.37's Ipv4GlobalRouting spreads over equal-cost routes only per packet
 * (RandomEcmpRouting), and for external routes -- which a fabric's rack subnets and
 * VMs' host routes are (GlobalRouter::InjectRoute) -- it takes the first match and no
 * other.  This protocol sits before it in the router's Ipv4ListRouting and reads its
 * tables: the longest prefix that matches, then one of its equal-cost next hops.  Per
 * flow, as datacenter switches do (RFC 2992's hash-threshold), a flow's packets keep one
 * path and arrive in order; the hash is seeded by the router's node id, so that routers
 * of consecutive tiers do not make the same choice (hash polarization).  Per packet, the
 * choice is uniform at random (ns-3's RandomEcmpRouting), and a TCP flow's segments
 * overtake each other when the paths' queues differ.
 */
class FabricEcmpRouting : public Ipv4RoutingProtocol
{
  public:
    /// How a router chooses among equal-cost next hops.
    enum Mode
    {
        PER_FLOW,   //!< a hash of addresses, protocol and ports
        PER_PACKET, //!< uniformly at random for each packet
        FIRST,      //!< always the first (no ECMP)
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    FabricEcmpRouting();

    /**
     * @brief Read routes from a router's global routing.
     * @param routing the router's Ipv4GlobalRouting
     */
    void SetGlobalRouting(Ptr<Ipv4GlobalRouting> routing);

    /// Every router's routes have been recomputed: read them again before the next lookup.
    static void NotifyRoutesChanged();

    /**
     * @param stream the first random stream index to use
     * @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    UnicastForwardCallback ucb,
                    MulticastForwardCallback mcb,
                    LocalDeliverCallback lcb,
                    ErrorCallback ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /**
     * @brief Choose the route of a packet.
     * @param p the packet, from its transport header on (nullptr: none)
     * @param header its IP header
     * @return the route, or nullptr when none matches
     */
    Ptr<Ipv4Route> Lookup(Ptr<const Packet> p, const Ipv4Header& header);

    /**
     * @param destination an address
     * @return the equal-cost routes of its longest matching prefix (none: empty)
     */
    const std::vector<Ipv4RoutingTableEntry>& GetRoutes(Ipv4Address destination);

    static uint64_t s_epoch;                    //!< bumped when routes are recomputed
    uint64_t m_epoch;                           //!< the epoch of m_table
    Mode m_mode;                                //!< how to choose
    Ptr<Ipv4> m_ipv4;                           //!< the router's stack
    Ptr<Ipv4GlobalRouting> m_global;            //!< where the routes are
    Ptr<UniformRandomVariable> m_rand;          //!< per-packet choices
    std::vector<Ipv4RoutingTableEntry> m_table; //!< the global routes, read at m_epoch
    /// Equal-cost routes by destination, found in m_table.
    std::unordered_map<uint32_t, std::vector<Ipv4RoutingTableEntry>> m_cache;
};

} // namespace ns3

#endif /* FABRIC_ECMP_ROUTING_H */
