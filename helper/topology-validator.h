/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_VALIDATOR_H
#define TOPOLOGY_VALIDATOR_H

#include "ns3/topology-graph.h"

#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Checks that a topology can be built: the rules a file or a generator must meet.
 *
 * - Every machine has a name, and no two the same.
 * - A machine that is not a switch has exactly one link: one NIC, as Testbed models a
 *   machine (a host's NIC is the first port of its xenbr0).  So every loop runs through
 *   switches only, where a spanning tree can break it.
 * - No link joins a machine to itself.
 * - Every machine is connected to every other.
 * - A host keeps less memory for dom0 than it has.
 * - In an l2 topology, a point-to-point link touches no switch and no host: ns-3's
 *   PointToPointNetDevice cannot be a bridge's port (it cannot send with another
 *   device's MAC address).
 * - In an l2 topology without a spanning tree (TopologyHelper::SetSpanningTree(false)),
 *   the switches form no loop: learning bridges would flood a broadcast round it forever.
 */
class TopologyValidator
{
  public:
    /**
     * @brief Check a topology.
     * @param graph the topology
     * @param spanningTree whether its l2 loops are broken by a spanning tree
     * @return "" or the first rule broken, naming the element
     */
    static std::string Validate(const TopologyGraph& graph, bool spanningTree = true);

  private:
    /// @return "" or the first machine without a name or with another's name
    static std::string CheckNames(const TopologyGraph& graph);
    /// @return "" or the first machine that is not a switch and has not one link
    static std::string CheckNics(const TopologyGraph& graph);
    /// @return "" or the first link that is not allowed at the topology's layer
    static std::string CheckLinks(const TopologyGraph& graph);
    /// @return "" or the first host whose dom0 takes all its memory
    static std::string CheckHosts(const TopologyGraph& graph);
    /// @return "" or the first machine not connected to the first
    static std::string CheckConnected(const TopologyGraph& graph);
    /// @return "" or the first link that closes a loop
    static std::string CheckLoopFree(const TopologyGraph& graph);
};

} // namespace ns3

#endif /* TOPOLOGY_VALIDATOR_H */
