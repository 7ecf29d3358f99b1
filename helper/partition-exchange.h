/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PARTITION_EXCHANGE_H
#define PARTITION_EXCHANGE_H

#include "ns3/node.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief One simulation over several processes: ns-3's distributed simulator (MPI), and
 * what the processes tell each other at the end.
 *
 * Each process (an MPI rank) simulates the nodes of one partition (TopologyPartition):
 * every process builds the whole topology, and only its own nodes run applications and
 * migrations; packets cross between processes over point-to-point links.  Available only
 * where ns-3 was built with its mpi module (a source tree configured with
 * `--enable-mpi`): Debian's libns3-dev has none, and Enable says so.
 */
class PartitionExchange
{
  public:
    /// @return whether this build has ns-3's mpi module
    static bool IsAvailable();

    /**
     * @brief Start MPI and ns-3's distributed simulator (ns3::DistributedSimulatorImpl).
     * Call before anything touches the simulator (before the first node is made).
     * @param argc main's argc
     * @param argv main's argv
     * @param partitions the partitions of the topology: there must be as many processes
     * @return "" or why not (no mpi module in this build; not as many processes as
     *         partitions)
     */
    static std::string Enable(int* argc, char*** argv, uint32_t partitions);

    /// @return whether Enable has started the distributed simulator
    static bool IsEnabled();

    /// @return this process's partition (its MPI rank; 0 unless enabled)
    static uint32_t GetSystemId();

    /**
     * @param node a node
     * @return whether this process simulates @p node (always, unless enabled)
     */
    static bool IsLocal(Ptr<Node> node);

    /**
     * @brief Collect one text from every process in process 0.
     * @param mine this process's text
     * @return in process 0, every process's text in rank order; elsewhere nothing; unless
     *         enabled, @p mine alone
     */
    static std::vector<std::string> Gather(const std::string& mine);

    /// @brief End MPI (after Simulator::Destroy); nothing unless enabled.
    static void Disable();
};

} // namespace ns3

#endif /* PARTITION_EXCHANGE_H */
