/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_GRAPH_H
#define TOPOLOGY_GRAPH_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A machine of a topology: a vertex of TopologyGraph.
 *
 * The defaults are what a topology file may leave out: a host as the paper's host2
 * (2048 MiB, dom0 keeping 512 MiB) with one speed-1 core, the Hypervisor's defaults.
 * Memory, cores, speed and dom0 memory matter only for hosts; the priority only for
 * switches (with the name it makes the bridge ID of the spanning tree).
 */
struct TopologyMachine
{
    /// What a machine is.
    enum Role
    {
        HOST,    //!< a Xen host: a hypervisor, VMs can run on it
        SWITCH,  //!< an Ethernet switch (a learning bridge), no address
        CLIENT,  //!< a machine with an address and no hypervisor (load generator)
        STORAGE, //!< a machine with an address and no hypervisor (NFS server)
    };

    std::string name;            //!< the machine's name (a DOT node id)
    Role role{HOST};             //!< what it is
    uint32_t memoryMiB{2048};    //!< physical memory (hosts)
    uint32_t cores{1};           //!< physical cores (hosts)
    double speed{1.0};           //!< each core's speed, relative to the reference core (hosts)
    uint32_t dom0MemoryMiB{512}; //!< memory kept by Xen and dom0 (hosts)
    uint32_t priority{32768};    //!< bridge priority, 802.1D's default (switches)
    /// The simulation process (MPI rank) that simulates the machine: 0 unless a
    /// TopologyPartition assigned it.  Not a file attribute, not compared by ==.
    uint32_t systemId{0};

    /**
     * @param text host | switch | client | storage
     * @return the role named, or nothing when @p text names none
     */
    static std::optional<Role> ParseRole(const std::string& text);

    /**
     * @param role a role
     * @return its name in a topology file
     */
    static std::string RoleName(Role role);

    /**
     * @param other another machine
     * @return whether every attribute is the same
     */
    bool operator==(const TopologyMachine& other) const;
};

/**
 * @ingroup vm-migration
 * @brief A link of a topology: an edge of TopologyGraph.
 *
 * The defaults are the paper's LAN, as TestbedHelper builds it: 100 Mb/s CSMA with
 * 0.5 us of propagation delay (100 m of cable).
 */
struct TopologyLink
{
    /// How the link is simulated.
    enum Model
    {
        CSMA,           //!< ns-3 CSMA: a half-duplex bus between the two ends
        FULL_DUPLEX,    //!< SimpleNetDevice pairs: each direction independent (bridgeable)
        POINT_TO_POINT, //!< ns-3 PointToPointNetDevice (full duplex, PPP; not bridgeable)
    };

    /// A machine's NIC queue by default: Linux's txqueuelen (ether_setup).
    static constexpr uint32_t MACHINE_QUEUE = 1000;
    /// A switch's port queue by default: ns-3's 100 frames (the paper names no switch).
    static constexpr uint32_t SWITCH_QUEUE = 100;

    DataRate rate{"100Mbps"};      //!< bit rate, each direction
    Time delay{NanoSeconds(500)};  //!< propagation delay
    Model model{CSMA};             //!< link model
    uint32_t queue{MACHINE_QUEUE}; //!< transmit queue, packets (see TopologyReader)
    bool blocked{false};           //!< a port the spanning tree blocks: not built

    /**
     * @param text csma | full-duplex | point-to-point
     * @return the model named, or nothing when @p text names none
     */
    static std::optional<Model> ParseModel(const std::string& text);

    /**
     * @param model a link model
     * @return its name in a topology file
     */
    static std::string ModelName(Model model);

    /**
     * @param other another link
     * @return whether every attribute read from a file is the same (not @c blocked,
     *         which the spanning tree computes)
     */
    bool operator==(const TopologyLink& other) const;
};

/**
 * @ingroup vm-migration
 * @brief A topology's own attributes: the graph property of TopologyGraph.
 */
struct TopologyProperties
{
    /// How the switches forward.
    enum Layer
    {
        L2, //!< one Ethernet broadcast domain: learning bridges on a spanning tree
        L3, //!< routed: each switch a router (global routing, ECMP)
    };

    Layer layer{L2}; //!< how the switches forward

    /**
     * @param text l2 | l3
     * @return the layer named, or nothing when @p text names none
     */
    static std::optional<Layer> ParseLayer(const std::string& text);

    /**
     * @param layer a layer
     * @return its name in a topology file
     */
    static std::string LayerName(Layer layer);
};

/**
 * @ingroup vm-migration
 * @brief A topology: machines as vertices, links as edges (undirected; parallel links
 *        allowed), and the topology's own attributes as the graph property.
 */
using TopologyGraph = boost::adjacency_list<boost::vecS,
                                            boost::vecS,
                                            boost::undirectedS,
                                            TopologyMachine,
                                            TopologyLink,
                                            TopologyProperties>;

/// A machine of a TopologyGraph.
using TopologyVertex = boost::graph_traits<TopologyGraph>::vertex_descriptor;
/// A link of a TopologyGraph.
using TopologyEdge = boost::graph_traits<TopologyGraph>::edge_descriptor;

/**
 * @ingroup vm-migration
 * @brief Look a machine up by name.
 * @param graph the topology
 * @param name the machine's name
 * @return its vertex, or nothing when no machine has that name
 */
std::optional<TopologyVertex> FindMachine(const TopologyGraph& graph, const std::string& name);

/**
 * @ingroup vm-migration
 * @brief The topology in its canonical order, which TopologyReader gives whatever the
 *        file's format and TopologyHelper builds in: machines in name order, links in
 *        the order of their ends' names (each link from the lower name to the higher),
 *        parallel links in their order.
 * @param graph a topology whose machines have distinct names
 * @return the same topology, ordered
 */
TopologyGraph SortTopology(const TopologyGraph& graph);

/**
 * @ingroup vm-migration
 * @brief Whether two topologies are the same: the same layer, and in canonical order
 *        (SortTopology) the same machines and the same links.
 * @param a a topology
 * @param b another
 * @return "" when they are the same, or the first difference found
 */
std::string CompareTopologies(const TopologyGraph& a, const TopologyGraph& b);

} // namespace ns3

#endif /* TOPOLOGY_GRAPH_H */
