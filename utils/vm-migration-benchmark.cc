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
 *
 * With --experiment4, instead, an experiment-4-like run against bare ns-3:
 *  (iv)  models: a 512 MiB VM under 300 Faban-like users (think 0.09 s, 1.5 KB
 *        responses) pre-copied in the middle of the steady state (ideal testbed);
 *  (v)   bare:   the same LAN with no models: 300 persistent request/response TCP
 *        connections from the load generator to host1, and one bulk transfer of the
 *        bytes (iv)'s migration sent, from host1 to host2, when (iv)'s began.
 * Both simulate the same time; the report gives simulated seconds per wall second.
 * Target: (iv)'s wall time <= 1.3 x (v)'s.
 */

#include "bare-lan-workload.h"

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
#include <type_traits>
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

/// Wall time and peak RSS of one child run, and what it printed on its result pipe.
struct Sample
{
    double wall;        //!< seconds
    long maxRssKiB;     //!< peak resident set
    std::string result; //!< the child's result line
};

/// Users, think time and response of the experiment-4-like case.
constexpr uint32_t EXP4_USERS = 300;
constexpr double EXP4_THINK = 0.09;
constexpr uint32_t EXP4_BODY = 1500;
/// Ramp-up (s): the users start 100 us apart, as the bare clients do.
constexpr double EXP4_RAMP_UP = 0.03;
/// CPU per request (ms): small, so that the one core stays far from saturation
/// (3,300 requests/s × 0.1 ms = 0.33) and the traffic is what bare ns-3 carries.
constexpr double EXP4_DEMAND_MS = 0.1;

/**
 * @brief The experiment-4-like run with the models.
 * @param steady steady state (s)
 * @return "bytes start end requests" of the migration and the run
 */
std::string
RunExperiment4(double steady)
{
    MigrationScenario scenario;
    scenario.testbed = "ideal";
    scenario.memoryMiB = 512;
    scenario.strategy = "pre-copy";
    scenario.workload = "http";
    scenario.users = EXP4_USERS;
    scenario.thinkTime = EXP4_THINK;
    scenario.responseSize = EXP4_BODY;
    scenario.requestDemand = EXP4_DEMAND_MS;
    scenario.rampUp = EXP4_RAMP_UP;
    scenario.steady = steady;
    scenario.rampDown = 0;
    std::string error = scenario.Simulate();
    NS_ABORT_MSG_UNLESS(error.empty(), error);
    const MigrationRecord& r = scenario.GetRecords().front();
    uint64_t requests = scenario.GetRequestLog().GetRecords().size();
    return std::to_string(r.bytesSent) + " " + std::to_string(r.start.GetSeconds()) + " " +
           std::to_string(scenario.GetEndTime().GetSeconds()) + " " + std::to_string(requests);
}

/**
 * @brief The same traffic on bare ns-3.
 * @param bytes the migration's bytes
 * @param start when the migration began (s)
 * @param end simulated time (s)
 * @return "requests"
 */
std::string
RunBareExperiment4(uint64_t bytes, double start, double end)
{
    BareLanConfig config;
    config.clients = EXP4_USERS;
    config.thinkMean = EXP4_THINK;
    config.responseBytes = 250 + EXP4_BODY; // the web server's header and body
    config.bulkBytes = bytes;
    config.bulkStart = start;
    config.duration = end;
    return std::to_string(RunBareLan(config).requests);
}

/// @brief Run @p body in a child process and measure it.
template <typename F>
Sample
Measure(F body)
{
    int fds[2];
    NS_ABORT_MSG_UNLESS(pipe(fds) == 0, "cannot create a pipe");
    auto start = std::chrono::steady_clock::now();
    pid_t child = fork();
    if (child == 0)
    {
        close(fds[0]);
        std::string result;
        if constexpr (std::is_same_v<decltype(body()), std::string>)
        {
            result = body();
        }
        else
        {
            body();
        }
        std::fflush(stdout);
        NS_ABORT_UNLESS(write(fds[1], result.data(), result.size()) == ssize_t(result.size()));
        _exit(0);
    }
    close(fds[1]);
    std::string result;
    char buffer[256];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof(buffer))) > 0)
    {
        result.append(buffer, n);
    }
    close(fds[0]);
    int status = 0;
    struct rusage usage;
    wait4(child, &status, 0, &usage);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    NS_ABORT_MSG_UNLESS(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a benchmark case failed");
    return Sample{wall, usage.ru_maxrss, result};
}

/// @return the median of @p values
double
Median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/**
 * @brief The experiment-4-like comparison.
 * @param steady steady state (s)
 * @param repeat runs of each case
 * @return the exit code
 */
int
BenchmarkExperiment4(double steady, uint32_t repeat)
{
    std::vector<double> models;
    std::vector<double> bare;
    long modelsRss = 0;
    long bareRss = 0;
    double simulated = 0;
    for (uint32_t i = 0; i < repeat; ++i)
    {
        Sample m = Measure([&] { return RunExperiment4(steady); });
        uint64_t bytes = 0;
        double start = 0;
        uint64_t requests = 0;
        std::sscanf(m.result.c_str(), "%lu %lf %lf %lu", &bytes, &start, &simulated, &requests);
        NS_ABORT_MSG_IF(simulated > EXP4_RAMP_UP + steady + 1e-9,
                        "the migration outlasted the steady state (it ended at "
                            << simulated << " s): the bare case would carry more traffic; "
                            << "raise --steady");
        std::printf("run %u: models %.1f s\n", i + 1, m.wall);
        std::fflush(stdout);
        Sample b = Measure([&] { return RunBareExperiment4(bytes, start, simulated); });
        std::printf("run %u: models %.1f s (%lu requests, migration of %lu bytes at %.1f s), "
                    "bare %.1f s (%s requests), %.1f simulated s\n",
                    i + 1,
                    m.wall,
                    requests,
                    bytes,
                    start,
                    b.wall,
                    b.result.c_str(),
                    simulated);
        models.push_back(m.wall);
        bare.push_back(b.wall);
        modelsRss = std::max(modelsRss, m.maxRssKiB);
        bareRss = std::max(bareRss, b.maxRssKiB);
    }
    double mw = Median(models);
    double bw = Median(bare);
    std::printf("\n%-12s %14s %18s %14s\n",
                "case",
                "median wall s",
                "simulated s/wall s",
                "peak RSS MiB");
    std::printf("%-12s %14.2f %18.3f %14.1f\n",
                "(iv) models",
                mw,
                simulated / mw,
                modelsRss / 1024.0);
    std::printf("%-12s %14.2f %18.3f %14.1f\n", "(v) bare", bw, simulated / bw, bareRss / 1024.0);
    std::printf("ratio (iv)/(v) = %.3f (target <= 1.3)\n", mw / bw);
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    double memoryMiB = 1024;
    double writeRate = 2000;
    uint32_t repeat = 3;
    bool experiment4 = false;
    double steady = 600;
    CommandLine cmd(__FILE__);
    cmd.AddValue("experiment4", "Run the experiment-4-like comparison instead", experiment4);
    cmd.AddValue("steady", "Steady state of the experiment-4-like case (s)", steady);
    cmd.AddValue("memory", "VM memory in MiB (and bytes of the bulk transfer)", memoryMiB);
    cmd.AddValue("pageWriteRate", "Page writes per second of the pre-copy case", writeRate);
    cmd.AddValue("repeat", "Runs of each case", repeat);
    cmd.Parse(argc, argv);
    if (experiment4)
    {
        return BenchmarkExperiment4(steady, repeat);
    }

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
