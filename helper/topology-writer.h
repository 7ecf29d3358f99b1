/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_WRITER_H
#define TOPOLOGY_WRITER_H

#include "ns3/topology-graph.h"

#include <ostream>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Writes a topology as GraphViz DOT (Boost.Graph's write_graphviz_dp) or GraphML
 *        (write_graphml), every attribute explicit, so that TopologyReader reads back the
 *        same graph and `dot -Tpng` draws the topology simulated.
 *
 * Links the spanning tree blocked are written `style=dashed` (a drawing attribute the
 * reader ignores: the spanning tree is computed from the graph, not read).
 */
class TopologyWriter
{
  public:
    /**
     * @brief Write a topology as DOT.
     * @param out where to
     * @param graph the topology
     */
    static void WriteDot(std::ostream& out, const TopologyGraph& graph);

    /**
     * @brief Write a topology as GraphML (a node's name is its `name` data).
     * @param out where to
     * @param graph the topology
     */
    static void WriteGraphml(std::ostream& out, const TopologyGraph& graph);

    /**
     * @brief Write a topology file, DOT or GraphML by its extension as TopologyReader::Read;
     *        written beside it and renamed into place, so that it is never half-written.
     * @param file the file's path
     * @param graph the topology
     * @return "" or why it could not be written, naming the file
     */
    static std::string Write(const std::string& file, const TopologyGraph& graph);

    /**
     * @param rate a rate
     * @return it in the largest unit that keeps it whole ("100Mbps", "1Gbps")
     */
    static std::string FormatRate(DataRate rate);

    /**
     * @param delay a delay
     * @return it in the largest unit that keeps it whole ("500ns", "2us")
     */
    static std::string FormatDelay(Time delay);
};

} // namespace ns3

#endif /* TOPOLOGY_WRITER_H */
