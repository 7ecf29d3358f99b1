/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_GENERATOR_H
#define TOPOLOGY_GENERATOR_H

#include "ns3/topology-graph.h"

#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Makes the usual topologies as TopologyGraph.
 *
 * Every link is a copy of a prototype (TopologyLink's defaults: the paper's 100 Mb/s
 * CSMA), except where a generator says otherwise; a link between two switches gets
 * TopologyLink::SWITCH_QUEUE, as a file that leaves its queue out.  Hosts take
 * TopologyMachine's defaults.  The switches at the top of a fabric (cores, spines) have
 * bridge priority 4096, the others 802.1D's default 32768, so that the spanning tree's
 * root (TopologySpanningTree) is `core-0` or `spine-0` when the fabric is built as l2.  Each
 * returns "" or why its arguments make no topology; the graph is then empty.
 */
class TopologyGenerator
{
  public:
    /**
     * @brief The paper's switched LAN, the machines of TestbedHelper::AddPaperMachines:
     *        `switch`, `front-end` (client), `storage`, `host1` (1536 MiB) and `host2`
     *        (2048 MiB), each host keeping 512 MiB for dom0; layer l2.
     * @param [out] graph the topology
     * @param link the links
     * @return ""
     */
    static std::string PaperLan(TopologyGraph& graph, const TopologyLink& link = TopologyLink());

    /**
     * @brief One switch, `switch`, and @p hosts hosts `host1` ... around it; layer l2.
     * @param hosts the hosts (1 to 100000)
     * @param [out] graph the topology
     * @param link the links
     * @return "" or what is wrong
     */
    static std::string Star(uint32_t hosts,
                            TopologyGraph& graph,
                            const TopologyLink& link = TopologyLink());

    /**
     * @brief A k-ary tree: @p depth levels of switches (`switch-LEVEL-I`, one at level
     *        0), each with @p fanout children, and @p fanout hosts (`host1` ...) under
     *        each switch of the last level: fanout^depth hosts; layer l2.
     * @param depth the switch levels (at least 1)
     * @param fanout each switch's children (at least 1)
     * @param [out] graph the topology
     * @param link the links
     * @return "" or what is wrong (also more than 100000 machines)
     */
    static std::string Tree(uint32_t depth,
                            uint32_t fanout,
                            TopologyGraph& graph,
                            const TopologyLink& link = TopologyLink());

    /**
     * @brief The k-ary fat-tree of Al-Fares et al. (SIGCOMM 2008): (k/2)^2 core
     *        switches `core-I`; k pods of k/2 aggregation `agg-P-I` and k/2 edge
     *        switches `edge-P-I`, each edge switch with k/2 hosts `host-P-E-I`.  So k^3/4
     *        hosts, 5k^2/4 switches and 3k^3/4 links; aggregation switch I of every pod
     *        joins cores I*k/2 ... I*k/2 + k/2 - 1.
     * @param k the switches' port count (even, 2 to 64)
     * @param [out] graph the topology
     * @param link the links
     * @param layer how the switches forward (routed, l3, as the fabric is meant)
     * @return "" or what is wrong
     */
    static std::string FatTree(uint32_t k,
                               TopologyGraph& graph,
                               const TopologyLink& link = TopologyLink(),
                               TopologyProperties::Layer layer = TopologyProperties::L3);

    /**
     * @brief A two-tier leaf-spine fabric: @p spines spines `spine-I`, @p leaves leaves
     *        `leaf-I` each joined to every spine, @p hostsPerLeaf hosts `host-L-I` on
     *        each leaf.  A host's link is @p link; a leaf's uplinks share its hosts' rate
     *        divided by @p oversubscription: each uplink has
     *        hostsPerLeaf x rate / (spines x oversubscription).
     * @param leaves the leaves (at least 1)
     * @param spines the spines (at least 1)
     * @param hostsPerLeaf the hosts of each leaf (at least 1)
     * @param oversubscription a leaf's host capacity over its uplink capacity (> 0)
     * @param [out] graph the topology
     * @param link the hosts' links (and the uplinks', but for their rate)
     * @param layer how the switches forward (routed, l3, as the fabric is meant)
     * @return "" or what is wrong (also more than 100000 machines)
     */
    static std::string LeafSpine(uint32_t leaves,
                                 uint32_t spines,
                                 uint32_t hostsPerLeaf,
                                 double oversubscription,
                                 TopologyGraph& graph,
                                 const TopologyLink& link = TopologyLink(),
                                 TopologyProperties::Layer layer = TopologyProperties::L3);

    /**
     * @brief Make a topology from its description: `paper`, `star:HOSTS`,
     *        `tree:DEPTH,FANOUT`, `fat-tree:K`, or
     *        `leaf-spine:LEAVES,SPINES,HOSTS[,OVERSUBSCRIPTION]` (1 by default).
     * @param spec the description
     * @param [out] graph the topology
     * @param link the links
     * @return "" or what is wrong, naming @p spec
     */
    static std::string Make(const std::string& spec,
                            TopologyGraph& graph,
                            const TopologyLink& link = TopologyLink());

  private:
    /**
     * @brief Add a machine.
     * @param graph the topology
     * @param name its name
     * @param role its role
     * @return its vertex
     */
    static TopologyVertex Add(TopologyGraph& graph,
                              const std::string& name,
                              TopologyMachine::Role role);

    /**
     * @brief Add a link; between two switches its queue is TopologyLink::SWITCH_QUEUE.
     * @param graph the topology
     * @param a one end
     * @param b the other
     * @param link the link
     */
    static void Join(TopologyGraph& graph, TopologyVertex a, TopologyVertex b, TopologyLink link);
};

} // namespace ns3

#endif /* TOPOLOGY_GENERATOR_H */
