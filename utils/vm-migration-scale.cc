/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Scale benchmark: many idle VMs on a fat-tree, some of them migrating at once.
 *
 *   vm-migration-scale [--k=4] [--vms=100] [--vmMemory=1024] [--migrations=8]
 *       [--migrationMemory=64] [--linkRate=10Gbps] [--strategy=stop-and-copy]
 *
 * Builds a k-ary fat-tree (k^3/4 hosts; one switched l2 domain of full-duplex links),
 * boots --vms VMs of --vmMemory MiB round robin over the hosts, and migrates
 * --migrations more VMs of --migrationMemory MiB, each from a host of one pod to the
 * host of the same index in the pod halfway round, all at once.  The idle VMs cost the
 * simulation nothing but their state: the cost of a run grows with the packets simulated.
 *
 * Reports the packets dropped for want of a neighbour's address, the wall time of
 * building and of simulating, the simulator's events and events per wall second, the
 * peak resident memory, and the memory the VMs' state takes: the growth of the resident
 * set while the idle VMs boot, per VM and per guest page.
 */

#include "ns3/core-module.h"
#include "ns3/vm-migration-module.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// Program name in messages.
const std::string PROGRAM = "vm-migration-scale";

/// Packets dropped for want of a neighbour's address: by ARP's lookup (every node's
/// ArpL3Protocol "Drop": the held queue full, a dead entry; the same trace also gives
/// the ARP replies it ignores, for an entry not waiting or unknown) and by a failed
/// resolution (every interface's ArpCache "Drop": the packets it held).
uint64_t g_unresolvedDrops = 0;

/// Counts a packet ARP dropped.
void
CountUnresolvedDrop(Ptr<const Packet> /* packet */)
{
    ++g_unresolvedDrops;
}

/// @return this process's resident set now (bytes), from /proc/self/statm
double
ResidentBytes()
{
    std::ifstream statm("/proc/self/statm");
    double size = 0;
    double resident = 0;
    statm >> size >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

/// @return seconds since @p start
double
Since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/**
 * @brief Boot @p count VMs of @p memoryMiB round robin over @p hosts, from @p first.
 * @param testbed the testbed
 * @param hosts the hosts
 * @param prefix the VMs' names' prefix
 * @param count how many
 * @param memoryMiB each one's memory
 * @param first the host of the first
 * @return "" or which VM found no room
 */
std::string
BootVms(Ptr<Testbed> testbed,
        const std::vector<Ptr<Hypervisor>>& hosts,
        const std::string& prefix,
        uint32_t count,
        double memoryMiB,
        size_t first)
{
    for (uint32_t i = 0; i < count; ++i)
    {
        Ptr<Hypervisor> host = hosts[(first + i) % hosts.size()];
        if (host->GetFreeMemoryMiB() < memoryMiB)
        {
            return "--vms: host " + host->GetName() + " has no room for VM " + prefix +
                   std::to_string(i + 1) + " (give hosts more memory or fewer VMs)";
        }
        auto vm = CreateObject<VirtualMachine>();
        vm->SetAttribute("Name", StringValue(prefix + std::to_string(i + 1)));
        vm->SetAttribute("MemoryMiB", DoubleValue(memoryMiB));
        testbed->AddVm(host->GetName(), vm);
    }
    return "";
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t k = 4;
    uint32_t vms = 100;
    double vmMemory = 1024;
    uint32_t migrations = 8;
    double migrationMemory = 64;
    uint32_t hostMemory = 65536;
    std::string linkRate = "10Gbps";
    std::string strategy = "stop-and-copy";
    CommandLine cmd(__FILE__);
    StrictOptions options;
    options.Add(cmd, "k", "Fat-tree arity (even)", k, 2, 64);
    options.Add(cmd, "vms", "Idle VMs", vms, 0, 1000000);
    options.Add(cmd, "vmMemory", "Each idle VM's memory (MiB)", vmMemory, 1, 1 << 20);
    options.Add(cmd, "migrations", "Concurrent migrations", migrations, 0, 100000);
    options.Add(cmd,
                "migrationMemory",
                "Each migrating VM's memory (MiB)",
                migrationMemory,
                1,
                1 << 20);
    options.Add(cmd, "hostMemory", "Each host's memory (MiB)", hostMemory, 1024, 1u << 30);
    options.Add(cmd, "linkRate", "Every link's rate", linkRate);
    options.Add(cmd, "strategy", MigrationHelper::GetStrategyNames(), strategy);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    std::string why = options.GetError();
    TypeId strategyType;
    bool strategyFound = why.empty() && MigrationHelper::LookupStrategy(strategy, strategyType);
    TopologyLink link;
    link.model = TopologyLink::FULL_DUPLEX;
    if (why.empty() && !strategyFound)
    {
        why = "--strategy: unknown strategy '" + strategy + "' (" +
              MigrationHelper::GetStrategyNames() + ")";
    }
    if (why.empty())
    {
        std::string rateError = TopologyReader::ParseRate(linkRate, link.rate);
        why = rateError.empty() ? "" : "--linkRate: '" + linkRate + "' " + rateError;
    }
    auto start = std::chrono::steady_clock::now();
    TopologyGraph graph;
    if (why.empty())
    {
        why = TopologyGenerator::FatTree(k, graph, link, TopologyProperties::L2);
        why = why.empty() ? "" : "--k: " + why;
    }
    Ptr<Testbed> testbed;
    if (why.empty())
    {
        for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
        {
            graph[v].memoryMiB = hostMemory;
        }
        why = TopologyHelper().Install(graph, testbed);
    }
    std::vector<Ptr<Hypervisor>> hosts;
    for (const std::string& name :
         testbed ? testbed->GetMachineNames() : std::vector<std::string>())
    {
        if (Ptr<Hypervisor> host = testbed->FindHypervisor(name))
        {
            hosts.push_back(host);
        }
    }
    double residentBefore = ResidentBytes();
    if (why.empty())
    {
        why = BootVms(testbed, hosts, "idle", vms, vmMemory, 0);
    }
    double vmState = ResidentBytes() - residentBefore;
    MigrationPlan plan;
    if (why.empty())
    {
        why = BootVms(testbed, hosts, "moving", migrations, migrationMemory, 0);
        size_t half = hosts.size() / 2;
        for (uint32_t i = 0; i < migrations; ++i)
        {
            plan.Add("moving" + std::to_string(i + 1),
                     hosts[(i + half) % hosts.size()]->GetName(),
                     Seconds(1));
        }
    }
    MigrationHelper migration;
    auto runner = CreateObject<MigrationPlanRunner>();
    if (why.empty())
    {
        migration.SetStrategyType(strategyType.GetName());
        why = runner->Install(plan, testbed, migration);
    }
    if (!why.empty())
    {
        Simulator::Destroy();
        return StrictOptions::Refuse(PROGRAM, why);
    }
    Config::ConnectWithoutContext("/NodeList/*/$ns3::ArpL3Protocol/Drop",
                                  MakeCallback(&CountUnresolvedDrop));
    Config::ConnectWithoutContext("/NodeList/*/$ns3::Ipv4L3Protocol/InterfaceList/*/ArpCache/Drop",
                                  MakeCallback(&CountUnresolvedDrop));
    double build = Since(start);
    start = std::chrono::steady_clock::now();
    Simulator::Run();
    double run = Since(start);
    double simulated = Simulator::Now().GetSeconds();
    uint64_t events = Simulator::GetEventCount();
    MigrationPlanRunner::Summary summary = runner->GetSummary();
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);

    double pages = double(vms) * vmMemory * 256;
    std::printf("fat-tree k=%u: %zu hosts, %u idle VMs of %.0f MiB (%.0f guest pages), %u "
                "migrations of %.0f MiB over %s links (%s)\n",
                k,
                hosts.size(),
                vms,
                vmMemory,
                pages,
                migrations,
                migrationMemory,
                linkRate.c_str(),
                strategy.c_str());
    std::printf("migrations: %u completed, %u failed; makespan %.3f s, %.1f MB streamed\n",
                summary.completed,
                summary.failed,
                summary.makespan.GetSeconds(),
                summary.bytes / 1e6);
    std::printf("neighbour resolution: %lu packets dropped (ARP unanswered or queue full)\n",
                static_cast<unsigned long>(g_unresolvedDrops));
    std::printf("wall: build %.2f s, simulate %.2f s (%.3f simulated s); %lu events, %.3g "
                "events/wall s\n",
                build,
                run,
                simulated,
                static_cast<unsigned long>(events),
                run > 0 ? events / run : 0.0);
    std::printf("memory: peak resident %.1f MiB; idle VMs' state %.1f MiB: %.0f bytes per VM, "
                "%.2f bytes per guest page\n",
                usage.ru_maxrss / 1024.0,
                vmState / 1048576,
                vms > 0 ? vmState / vms : 0.0,
                pages > 0 ? vmState / pages : 0.0);
    return summary.completed == migrations ? 0 : 1;
}
