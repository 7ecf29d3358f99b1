/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_PARTITION_H
#define TOPOLOGY_PARTITION_H

#include "ns3/topology-graph.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Splits a routed fabric into partitions by pod, for ns-3's distributed (MPI)
 * simulator: each partition is simulated by one process.
 *
 * A switch's tier is its distance in hops from the nearest machine (a fat-tree's edge
 * switches 1, aggregation 2, cores 3; a leaf-spine's leaves 1, spines 2).  The switches
 * of the top tier are the spine of the fabric; without them the fabric falls apart into
 * pods (a fat-tree's pods, a leaf-spine's racks).  Pods, in the order of their first
 * machine's name, are dealt out to the partitions in contiguous blocks of as equal a size
 * as can be (pod j of P to partition j x N / P); the top tier goes to partition 0.
 *
 * ns-3's MPI carries a packet from one process to another over a point-to-point link
 * only (PointToPointRemoteChannel): every link between two partitions becomes a
 * `point-to-point` link (same rate, delay and queue; PPP framing, 2 bytes a frame, where
 * a `full-duplex` link charges Ethernet's 38).  Such a link must join two routers, so
 * the topology must be l3.  A VM stays in its host's partition: a migration between
 * partitions cannot be simulated (its VM's node would have to change process).
 */
class TopologyPartition
{
  public:
    /**
     * @brief Assign every machine of @p graph a partition (TopologyMachine::systemId)
     * and make the links between partitions point-to-point.
     * @param [in,out] graph an l3 topology
     * @param partitions how many partitions (1: nothing changes)
     * @return "" or what is wrong (an l2 topology, fewer pods than partitions), naming it
     */
    static std::string ByPod(TopologyGraph& graph, uint32_t partitions);

    /**
     * @brief Count the pods ByPod would find.
     * @param graph a topology
     * @return its pods (0 when it has no switch)
     */
    static uint32_t CountPods(const TopologyGraph& graph);
};

} // namespace ns3

#endif /* TOPOLOGY_PARTITION_H */
