/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "partition-exchange.h"

#include "ns3/global-value.h"
#include "ns3/string.h"

#ifdef NS3_MPI
#include "ns3/mpi-interface.h"

#include <mpi.h>
#endif

#include <numeric>

namespace ns3
{

bool
PartitionExchange::IsAvailable()
{
#ifdef NS3_MPI
    return true;
#else
    return false;
#endif
}

std::string
PartitionExchange::Enable(int* argc, char*** argv, uint32_t partitions)
{
#ifdef NS3_MPI
    GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DistributedSimulatorImpl"));
    MpiInterface::Enable(argc, argv);
    if (MpiInterface::GetSize() != partitions)
    {
        return std::to_string(MpiInterface::GetSize()) + " processes for " +
               std::to_string(partitions) + " partitions: run as many (mpirun -np " +
               std::to_string(partitions) + ")";
    }
    return "";
#else
    (void)argc;
    (void)argv;
    (void)partitions;
    return "this build has no ns-3 mpi module (Debian's libns3-dev has none): build the "
           "module inside an ns-3 source tree configured with --enable-mpi "
           "(utils/build-in-ns3-tree.sh does)";
#endif
}

bool
PartitionExchange::IsEnabled()
{
#ifdef NS3_MPI
    return MpiInterface::IsEnabled();
#else
    return false;
#endif
}

uint32_t
PartitionExchange::GetSystemId()
{
#ifdef NS3_MPI
    return IsEnabled() ? MpiInterface::GetSystemId() : 0;
#else
    return 0;
#endif
}

bool
PartitionExchange::IsLocal(Ptr<Node> node)
{
    return !IsEnabled() || node->GetSystemId() == GetSystemId();
}

std::vector<std::string>
PartitionExchange::Gather(const std::string& mine)
{
#ifdef NS3_MPI
    if (IsEnabled())
    {
        MPI_Comm world = MpiInterface::GetCommunicator();
        int processes = int(MpiInterface::GetSize());
        bool root = MpiInterface::GetSystemId() == 0;
        int length = int(mine.size());
        std::vector<int> lengths(processes);
        MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, world);
        std::vector<int> offsets(processes, 0);
        std::partial_sum(lengths.begin(), lengths.end() - 1, offsets.begin() + 1);
        std::vector<char> all(root ? offsets.back() + lengths.back() : 0);
        MPI_Gatherv(mine.data(),
                    length,
                    MPI_CHAR,
                    all.data(),
                    lengths.data(),
                    offsets.data(),
                    MPI_CHAR,
                    0,
                    world);
        std::vector<std::string> texts;
        for (int i = 0; root && i < processes; ++i)
        {
            texts.emplace_back(all.data() + offsets[i], lengths[i]);
        }
        return texts;
    }
#endif
    return {mine};
}

void
PartitionExchange::Disable()
{
#ifdef NS3_MPI
    if (IsEnabled())
    {
        MpiInterface::Disable();
    }
#endif
}

} // namespace ns3
