/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOPOLOGY_READER_H
#define TOPOLOGY_READER_H

#include "ns3/topology-graph.h"

#include <istream>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Reads a topology from a GraphViz DOT or a GraphML file (Boost.Graph's
 *        read_graphviz and read_graphml, through dynamic_properties).
 *
 * A DOT node's id is the machine's name; a GraphML node's name is its `name` data
 * (Boost's GraphML reader does not pass node ids on).  Node attributes: `role` (host |
 * switch | client | storage; required, so that a name used only in a link is an unknown
 * node), `memory` (MiB), `cores`, `speed`, `dom0memory` (MiB), `priority` (a switch's
 * bridge priority).  Link attributes: `rate`
 * (`1Gbps`, `100Mb/s`), `delay` (`2us`), `model` (csma | full-duplex | point-to-point),
 * `queue` (packets).  Graph attribute: `layer` (l2 | l3).  What a file leaves out takes
 * TopologyMachine's, TopologyLink's and TopologyProperties' defaults; `queue` defaults to
 * TopologyLink::SWITCH_QUEUE on a link between two switches, MACHINE_QUEUE elsewhere.
 * GraphViz drawing attributes (label, color, shape, style, ...) are accepted and ignored;
 * any other attribute is refused, so that a misspelt one does not silently become a
 * default.  The graph read is then checked by TopologyValidator and put in canonical
 * order (SortTopology: machines by name, whatever the file's order).
 *
 * Errors are returned, never fatal: a message naming the file, the element (node or
 * link) and what is wrong; the graph is then left empty.
 */
class TopologyReader
{
  public:
    /**
     * @brief Read a topology file, DOT or GraphML by its extension (.dot or .gv,
     *        .graphml or .xml), and validate it.
     * @param file the file's path
     * @param [out] graph the topology (empty on error)
     * @return "" or what is wrong, naming the file
     */
    static std::string Read(const std::string& file, TopologyGraph& graph);

    /**
     * @brief Read and validate a DOT topology.
     * @param in the text
     * @param source the name errors give the input (its file name)
     * @param [out] graph the topology (empty on error)
     * @return "" or what is wrong
     */
    static std::string ReadDot(std::istream& in, const std::string& source, TopologyGraph& graph);

    /**
     * @brief Read and validate a GraphML topology.
     * @param in the text
     * @param source the name errors give the input (its file name)
     * @param [out] graph the topology (empty on error)
     * @return "" or what is wrong
     */
    static std::string ReadGraphml(std::istream& in,
                                   const std::string& source,
                                   TopologyGraph& graph);

    /**
     * @brief Parse a bit rate: a positive number and a unit, bps, kbps, Mbps, Gbps, Tbps
     *        (or b/s, kb/s, Mb/s, Gb/s, Tb/s); decimal prefixes, as ns-3's DataRate.
     * @param text the text
     * @param [out] rate the rate
     * @return "" or what @p text is not
     */
    static std::string ParseRate(const std::string& text, DataRate& rate);

    /**
     * @brief Parse a delay: a non-negative number and a unit, s, ms, us or ns, at most
     *        one second; rounded to the nanosecond.
     * @param text the text
     * @param [out] delay the delay
     * @return "" or what @p text is not
     */
    static std::string ParseDelay(const std::string& text, Time& delay);
};

} // namespace ns3

#endif /* TOPOLOGY_READER_H */
