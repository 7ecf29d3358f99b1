/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HOST_ROUTE_FABRIC_H
#define HOST_ROUTE_FABRIC_H

#include "virtual-machine.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <map>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A routed (layer-3) fabric's view of the VMs: each VM's address is a /32 host
 *        route announced by the router of the rack its host is in, and moved to the new
 *        rack's router ConvergenceTime after the VM resumes there.
 *
 * The routers run ns-3's global routing (Ipv4GlobalRouting, computed centrally by
 * GlobalRouteManager); this object stands for the routing protocol that would carry a
 * VM's host route through a real fabric (BGP or OSPF): the rack's router (the top-of-rack,
 * ToR) injects the VM's /32 as an external route (GlobalRouter::InjectRoute) and reaches
 * the VM itself by a static host route on its rack interface.  When the VM resumes in
 * another rack, nothing changes for ConvergenceTime: packets for the VM still go to the
 * old rack, whose router delivers them to the old host, where the VM's port is gone, and
 * they are lost.  Then the route moves and every router's tables are recomputed at once.
 *
 * A guest reaches the fabric through a gateway that every rack router carries on its rack
 * interface with the same address and MAC, so that a VM that moves keeps its default route
 * and its ARP entry: the distributed anycast gateway of EVPN (RFC 9135, section 4.1, "the
 * same anycast default gateway IP and MAC addresses on all PEs").  The gateway's MAC is
 * VRRP's first virtual router MAC (RFC 5798, section 7.3: 00-00-5E-00-01-{VRID}).
 */
class HostRouteFabric : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    HostRouteFabric();
    ~HostRouteFabric() override;

    /// @return the anycast gateway's address, the guests' default route
    static Ipv4Address GetGatewayAddress();

    /// @return the anycast gateway's MAC address, every rack router's on its rack interface
    static Mac48Address GetGatewayMac();

    /**
     * @brief Record the rack a host is in.
     * @param host the host's node
     * @param router its rack's router
     * @param interface the router's interface on the rack (its Ipv4 interface index)
     */
    void AddRack(Ptr<Node> host, Ptr<Node> router, uint32_t interface);

    /**
     * @brief Give a guest its address as a /32 on its NIC and its default route through
     *        the anycast gateway.
     * @param guest the VM's node (an Ipv4 stack with static routing)
     * @param nic its NIC
     * @param address its address
     */
    static void ConfigureGuest(Ptr<Node> guest, Ptr<NetDevice> nic, Ipv4Address address);

    /**
     * @brief Announce a booted VM's host route from its host's rack and follow its
     *        migrations.  The routes are recomputed once, at the current time, for all the
     *        VMs added until then: a VM's first route needs no convergence.
     * @param vm the VM, booted on a host of a known rack
     */
    void AddVm(Ptr<VirtualMachine> vm);

    /**
     * @param vm a VM added
     * @return the router announcing its host route now
     */
    Ptr<Node> GetAnnouncingRouter(Ptr<VirtualMachine> vm) const;

  protected:
    void DoDispose() override;

  private:
    /// A rack: its router and the router's interface on it.
    struct Rack
    {
        Ptr<Node> router;   //!< the rack's router
        uint32_t interface; //!< its interface on the rack
    };

    /// A VM's host route.
    struct Route
    {
        Rack rack;       //!< the rack announcing it
        EventId pending; //!< the convergence under way, if any
        Callback<void, VirtualMachine::State, VirtualMachine::State> sink; //!< its State sink
    };

    /**
     * @param host a host's node
     * @return its rack; stops with a message naming it when there is none
     */
    const Rack& GetRack(Ptr<Node> host) const;

    /**
     * @brief Follow a VM's life cycle: on resume in another rack, start the convergence.
     * @param vm the VM
     * @param oldState the state before
     * @param newState the state after
     */
    void StateChanged(VirtualMachine* vm,
                      VirtualMachine::State oldState,
                      VirtualMachine::State newState);

    /**
     * @brief The routing has converged: the VM's host route is announced from the rack its
     *        host is in now.
     * @param vm the VM
     */
    void Converge(VirtualMachine* vm);

    /**
     * @brief Announce or withdraw a host route at a rack's router.
     * @param rack the rack
     * @param address the VM's address
     * @param announce announce (true) or withdraw (false)
     */
    static void SetRoute(const Rack& rack, Ipv4Address address, bool announce);

    /// Stop following the VMs' life cycles: they may outlive this object.
    void DisconnectAll();

    /// Recompute every router's tables now, unless already scheduled for now.
    void ScheduleRecompute();

    /// Recompute every router's tables from the announced routes.
    void Recompute();

    Time m_convergenceTime;                        //!< resume to routes moved
    std::map<Ptr<Node>, Rack> m_racks;             //!< hosts' racks
    std::map<Ptr<VirtualMachine>, Route> m_routes; //!< the VMs' host routes
    EventId m_recompute;                           //!< a recomputation scheduled
};

} // namespace ns3

#endif /* HOST_ROUTE_FABRIC_H */
