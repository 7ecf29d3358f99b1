/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Speed and memory of the migration models against bare ns-3 on the same LAN.
 *
 * Cases, each run in a child process of its own so that its peak RSS is its own:
 *  (i)   bulk:          a plain ns-3 BulkSend of the VM's bytes from host1 to host2;
 *  (ii)  stop-and-copy: an idle VM of that size (ideal testbed);
 *  (iii) pre-copy:      a VM of that size with a 64 MiB working set being written.
 * The cases alternate, --repeat times, and the median wall time of each is compared
 * with (i)'s, so that a noisy machine affects all of them alike.
 * Targets: (ii)/(i) <= 1.10, peak RSS <= 2 x (i)'s, memory state <= 8 bytes per page.
 */

#include "ns3/core-module.h"
#include "ns3/migration-scenario.h"
#include "ns3/reference-transfer.h"
#include "ns3/testbed-helper.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

/// @brief A plain ns-3 bulk transfer of @p bytes between the two hosts' dom0 stacks.
void
RunBulk(uint64_t bytes)
{
    Time duration = ReferenceTransfer::Run(TestbedHelper::CSMA, bytes);
    std::cout << "sent " << bytes << " bytes in " << duration.GetSeconds() << " s" << std::endl;
}

/// @brief One migration of a VM of @p memoryMiB on the ideal testbed.
void
RunMigration(const std::string& strategy, double memoryMiB, double writeRate)
{
    MigrationScenario scenario;
    scenario.testbed = "ideal";
    scenario.memoryMiB = memoryMiB;
    scenario.strategy = strategy;
    scenario.pageWriteRate = writeRate;
    scenario.workingSetMiB = writeRate > 0 ? 64 : 0;
    std::string error = scenario.Build();
    NS_ABORT_MSG_UNLESS(error.empty(), error);
    Ptr<VirtualMachine> vm = scenario.GetVm();
    double stateBytes = vm->GetMemory()->GetStateBytes();
    uint32_t pages = vm->GetMemory()->GetPageCount();
    error = scenario.Run();
    NS_ABORT_MSG_UNLESS(error.empty(), error);
    const MigrationRecord& r = scenario.GetRecords().front();
    std::cout << "migrated " << r.bytesSent << " bytes in " << r.rounds << " rounds, total "
              << r.GetTotalTime().GetSeconds() << " s; memory state " << stateBytes / pages
              << " bytes/page on each side" << std::endl;
}

/// Wall time and peak RSS of one child run.
struct Sample
{
    double wall;    //!< seconds
    long maxRssKiB; //!< peak resident set
};

/// @brief Run @p body in a child process and measure it.
template <typename F>
Sample
Measure(F body)
{
    auto start = std::chrono::steady_clock::now();
    pid_t child = fork();
    if (child == 0)
    {
        body();
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    struct rusage usage;
    wait4(child, &status, 0, &usage);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    NS_ABORT_MSG_UNLESS(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a benchmark case failed");
    return Sample{wall, usage.ru_maxrss};
}

/// @return the median of @p values
double
Median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int
main(int argc, char* argv[])
{
    double memoryMiB = 1024;
    double writeRate = 2000;
    uint32_t repeat = 3;
    CommandLine cmd(__FILE__);
    cmd.AddValue("memory", "VM memory in MiB (and bytes of the bulk transfer)", memoryMiB);
    cmd.AddValue("pageWriteRate", "Page writes per second of the pre-copy case", writeRate);
    cmd.AddValue("repeat", "Runs of each case", repeat);
    cmd.Parse(argc, argv);

    // The bulk transfer carries as many bytes as the idle VM's stream.
    uint64_t pages = static_cast<uint64_t>(memoryMiB * GuestMemory::PAGES_PER_MIB);
    uint64_t bytes = pages * (GuestMemory::PAGE_SIZE + 8) + (pages + 1023) / 1024 * 4 + 8 + 16384;

    std::vector<std::string> names = {"(i) bulk", "(ii) stop-and-copy", "(iii) pre-copy"};
    std::map<std::string, std::vector<double>> walls;
    std::map<std::string, long> rss;
    for (uint32_t i = 0; i < repeat; ++i)
    {
        std::vector<Sample> samples = {
            Measure([&] { RunBulk(bytes); }),
            Measure([&] { RunMigration("stop-and-copy", memoryMiB, 0); }),
            Measure([&] { RunMigration("pre-copy", memoryMiB, writeRate); }),
        };
        for (size_t c = 0; c < names.size(); ++c)
        {
            walls[names[c]].push_back(samples[c].wall);
            rss[names[c]] = std::max(rss[names[c]], samples[c].maxRssKiB);
        }
    }

    double reference = Median(walls[names[0]]);
    std::printf("\n%-20s %12s %10s %14s\n", "case", "median wall s", "ratio", "peak RSS MiB");
    for (const auto& name : names)
    {
        std::printf("%-20s %12.2f %10.3f %14.1f\n",
                    name.c_str(),
                    Median(walls[name]),
                    Median(walls[name]) / reference,
                    rss[name] / 1024.0);
    }
    std::printf("targets: (ii)/(i) <= 1.10, peak RSS <= 2 x (i)'s (%.1f MiB)\n",
                2 * rss[names[0]] / 1024.0);
    return 0;
}
