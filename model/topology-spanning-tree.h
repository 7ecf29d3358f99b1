/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_SPANNING_TREE_H
#define TOPOLOGY_SPANNING_TREE_H

#include "ns3/topology-graph.h"

#include <cstdint>
#include <string>
#include <utility>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The active topology the IEEE 802.1D spanning tree protocol leaves in an L2
 *        domain, computed at once with Boost.Graph (dijkstra_shortest_paths).
 *
 * As STP does once it has converged: the root bridge is the switch with the lowest
 * bridge ID -- (priority, name) here, the name standing for the MAC address; every
 * other switch keeps its least-cost path to the root (802.1D-2004 path
 * cost 2e13 / bit rate: 200000 at 100 Mb/s, 20000 at 1 Gb/s), equal costs going
 * through the neighbour with the lower bridge ID; every other link between switches
 * has a blocked port.  A machine's only link is always active.  Not modelled: the
 * protocol's messages, its convergence time (30-50 s for 802.1D, a few seconds for
 * RSTP) and its failover when a link breaks.
 */
class TopologySpanningTree
{
  public:
    /**
     * @brief Mark the links the spanning tree blocks (TopologyLink::blocked), and clear
     *        the mark on every other.
     * @param graph a connected topology
     * @return the number of links blocked
     */
    static uint32_t Compute(TopologyGraph& graph);

    /**
     * @param rate a link's bit rate
     * @return its 802.1D-2004 path cost: 2e13 / rate, between 1 and 200 000 000
     */
    static uint64_t PathCost(DataRate rate);

    /**
     * @param machine a switch
     * @return its bridge ID: its priority, then its name (for the MAC address)
     */
    static std::pair<uint32_t, std::string> BridgeId(const TopologyMachine& machine);
};

} // namespace ns3

#endif /* TOPOLOGY_SPANNING_TREE_H */
