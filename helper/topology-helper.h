/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_HELPER_H
#define TOPOLOGY_HELPER_H

#include "testbed.h"

#include "ns3/csma-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/topology-graph.h"

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Builds a Testbed from a topology graph: a node per machine, a link per edge.
 *
 * Hosts, clients and storage machines are the testbed's machines, by name, with one
 * address each on 10.0.0.0/16 in name order (SortTopology's: a topology builds the
 * same whatever the order of its file); a host gets a Hypervisor (its memory, dom0 memory, cores
 * and speed) and a bridge, xenbr0, whose first port is its NIC and which carries dom0's address, as
 * TestbedHelper builds it.  A switch is a node whose ports are joined by a BridgeNetDevice (a
 * learning bridge, as TestbedHelper's switch); it has no address and is not one of the testbed's
 * machines.  Links: `csma` and `full-duplex` as EthernetLinkHelper builds them, `point-to-point`
 * with ns-3's PointToPointHelper (its rate and delay as given: PPP framing, not Ethernet's).
 * Transmit queues: the queue of the link at a machine's end; at a switch's end, SWITCH_QUEUE unless
 * the other end is a switch too.
 *
 * Layer 2: unless told not to, the spanning tree (TopologySpanningTree) is computed
 * first, and a link it blocks is not built at all -- a blocked port forwards nothing,
 * and ns-3's bridge knows no STP to keep it down.
 *
 * Layer 3: every switch is a router (an Ipv4 stack with static then global routing) and
 * every link between two routers its own /30 on 10.64.0.0/10.  A router's ports to
 * machines make a rack: they are bridged, and the bridge carries the rack's subnet's
 * first address (rack I, in the routers' name order, is 10.0.I.0/24 counted on from
 * 10.0.0.0: a ToR's VLAN interface) and the anycast gateway of HostRouteFabric.  The
 * machines take the rack's next addresses in name order, static routing only, a default
 * route through the rack's router.  Ipv4GlobalRouting computes the routers' tables, with
 * each router forwarding over them by its FabricEcmpRouting (per-flow ECMP unless told
 * otherwise), since ns-3.37's global routing takes no more than one of equal-cost external
 * routes, which the racks' subnets are; VMs get /32s on 10.128.0.0/9 that
 * the testbed's HostRouteFabric announces from their rack.
 *
 * A machine's partition (TopologyMachine::systemId, from TopologyPartition) is its
 * testbed's partition (Testbed::GetPartition), and, under ns-3's distributed simulator
 * (PartitionExchange), its node's system id and so the process that simulates it.
 *
 * Install also sets ns-3's TCP defaults to Linux 2.6.32's
 * (TestbedHelper::ConfigureLinuxTcp), unless told not to.
 */
class TopologyHelper
{
  public:
    TopologyHelper();

    /**
     * @param configure whether Install sets Linux-like TCP defaults (true by default)
     */
    void SetConfigureTcp(bool configure);

    /**
     * @param given attributes a user set, by full name: the Linux TCP defaults leave them
     *        (TestbedHelper::SetGivenAttributes)
     */
    void SetGivenAttributes(const std::set<std::string>& given);

    /**
     * @param spanningTree whether an l2 topology's loops are broken by a spanning tree
     *        (true by default); without it, a loop is refused
     */
    void SetSpanningTree(bool spanningTree);

    /**
     * @brief Set an attribute of the l3 routers' FabricEcmpRouting (its Mode: per-flow
     *        by default, per-packet, first).
     * @param name the attribute's name
     * @param value its value
     */
    void SetEcmpAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Validate a topology (TopologyValidator) and build it.
     * @param graph the topology
     * @param [out] testbed the testbed built, or nullptr when refused
     * @return "" or why the topology was refused, naming the element; then nothing has
     *         been built
     */
    std::string Install(const TopologyGraph& graph, Ptr<Testbed>& testbed) const;

  private:
    /// What Install builds, vertex by vertex.
    struct Build
    {
        NodeContainer nodes;                   //!< a node per machine, in the graph's order
        std::vector<NetDeviceContainer> ports; //!< each node's link devices
        std::vector<std::vector<TopologyVertex>> portPeers; //!< each port's far end
        std::vector<Ptr<NetDevice>> peers;                  //!< a machine's NIC's far end
        NetDeviceContainer csmaDevices;                     //!< for their random streams
        CsmaHelper csma;                                    //!< builds the CSMA links
    };

    /**
     * @brief Build one link and set its devices' queues.
     * @param graph the topology
     * @param e the link
     * @param build what is built so far
     * @return the link's devices, the source's first
     */
    static NetDeviceContainer InstallLink(const TopologyGraph& graph, TopologyEdge e, Build& build);

    /**
     * @brief Give the machines their addresses, hypervisors and testbed entries.
     * @param graph the topology
     * @param build what is built
     * @param subnet the allocator of a machine's address
     * @return the testbed
     */
    static Ptr<Testbed> InstallMachines(
        const TopologyGraph& graph,
        Build& build,
        const std::function<Ipv4AddressHelper&(TopologyVertex)>& subnet);

    /**
     * @param graph an l3 topology, sorted
     * @return "" or why its racks and links do not fit the address plan, naming the switch
     */
    static std::string CheckRacks(const TopologyGraph& graph);

    /**
     * @brief Build an l3 topology's racks, machines and routes, its links built.
     * @param graph the topology
     * @param build what is built
     * @param ecmp makes each router's FabricEcmpRouting
     * @param [in,out] stream the next random stream index
     * @return the testbed, with its HostRouteFabric
     */
    static Ptr<Testbed> InstallFabric(const TopologyGraph& graph,
                                      Build& build,
                                      const ObjectFactory& ecmp,
                                      int64_t& stream);

    bool m_configureTcp;           //!< set Linux TCP defaults
    std::set<std::string> m_given; //!< attributes a user set, which those leave
    bool m_spanningTree;           //!< break l2 loops with a spanning tree
    ObjectFactory m_ecmp;          //!< makes an l3 router's FabricEcmpRouting
};

} // namespace ns3

#endif /* TOPOLOGY_HELPER_H */
