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
 *  (iii) pre-copy:      a VM of that size with a 64 MiB working set being written (the
 *                       whole memory if smaller).
 * The cases alternate, --repeat times, and the median wall time of each is compared
 * with (i)'s, so that a noisy machine affects all of them alike.  Each case's processor
 * time (user and system) is reported beside it: other processes on a busy machine
 * stretch the wall time of one run and not another, but leave the processor time a run
 * needs nearly alone, so the ratio of processor times tells whether a wall-time ratio
 * is the models' or the machine's (not on a virtual machine whose host is busy: the
 * time its host takes from it counts as the run's).
 * Targets: (ii)/(i) <= 1.10, peak RSS <= 2 x (i)'s, memory state <= 8 bytes per page.
 *
 * With --experiment4, instead, experiment 4 against bare ns-3 carrying its traffic:
 *  (iv)  models: vm-migration-paper's experiment 4, the whole model: a 512 MiB VM under
 *        SampleWeb's 300 users (about 3,000 requests/s) on the paper testbed,
 *        full-duplex links, pre-copied --before s into the load, which goes on for
 *        --after s after the migration;
 *  (v)   bare:   the same LAN with no models: 300 persistent request/response TCP
 *        connections from the load generator to host1 with SampleWeb's mean request
 *        and response sizes and a think time that gives (iv)'s request rate before the
 *        migration, and one bulk transfer of the bytes (iv)'s migration sent, from
 *        host1 to host2, when (iv)'s stream began.
 * Both simulate the same time; the report gives simulated seconds and events per wall
 * second and both request counts.  Target: (iv)'s wall time <= 1.3 x (v)'s.
 */

#include "bare-lan-workload.h"
#include "process-pool.h"
#include "tool-error.h"

#include "ns3/core-module.h"
#include "ns3/migration-scenario.h"
#include "ns3/reference-transfer.h"
#include "ns3/strict-options.h"
#include "ns3/testbed-helper.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <type_traits>
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
    scenario.workingSetMiB = writeRate > 0 ? std::min(64.0, memoryMiB) : 0;
    std::string error = scenario.Build();
    if (!error.empty())
    {
        throw ToolError(error);
    }
    Ptr<VirtualMachine> vm = scenario.GetVm();
    double stateBytes = vm->GetMemory()->GetStateBytes();
    uint32_t pages = vm->GetMemory()->GetPageCount();
    error = scenario.Run();
    if (!error.empty())
    {
        throw ToolError(error);
    }
    const MigrationRecord& r = scenario.GetRecords().front();
    std::cout << "migrated " << r.bytesSent << " bytes in " << r.rounds << " rounds, total "
              << r.GetTotalTime().GetSeconds() << " s; memory state " << stateBytes / pages
              << " bytes/page on each side" << std::endl;
}

/// Wall and processor time and peak RSS of one child run, and what it printed on its
/// result pipe.
struct Sample
{
    double wall;        //!< seconds
    double cpu;         //!< seconds of processor time, user and system
    long maxRssKiB;     //!< peak resident set
    std::string result; //!< the child's result line
};

/// Experiment 4's users.
constexpr uint32_t EXP4_USERS = 300;
/// SampleWeb's mean request and response (header + body) on the wire (bytes): its three
/// pages weighted by their share of the mix (sample-web-workload.cc).
constexpr uint32_t EXP4_REQUEST = 200;
constexpr uint32_t EXP4_RESPONSE = 250 + 2305;
/// Think time of the bare clients (s): 300 of them at about 3,000 requests/s, as (iv)
/// before its migration (300 / 3,000 s, less the ~1 ms the bare server takes).
constexpr double BARE_THINK = 0.099;
/// Ramp-up of (iv) (s), as vm-migration-paper's.
constexpr double EXP4_RAMP_UP = 10;

/**
 * @brief Experiment 4 with the models.
 * @param before load before the migration (s)
 * @param after load after it (s)
 * @return "bytes streamStart end requests events" of the migration and the run
 */
std::string
RunExperiment4(double before, double after)
{
    MigrationScenario scenario;
    scenario.linkModel = "full-duplex";
    scenario.memoryMiB = 512;
    scenario.strategy = "pre-copy";
    scenario.workload = "sampleweb";
    scenario.users = EXP4_USERS;
    scenario.rampUp = EXP4_RAMP_UP;
    scenario.steady = 3600;
    scenario.rampDown = 0;
    scenario.migrateAt = EXP4_RAMP_UP + before;
    scenario.runAfter = after;
    scenario.endWithMigration = true;
    std::string error = scenario.Simulate();
    if (!error.empty())
    {
        throw ToolError(error);
    }
    const MigrationRecord& r = scenario.GetRecords().front();
    // The stream starts when the target is prepared.
    double streamStart = scenario.GetRounds().front().start.GetSeconds();
    uint64_t requests = scenario.GetRequestLog().GetRecords().size();
    return std::to_string(r.bytesSent) + " " + std::to_string(streamStart) + " " +
           std::to_string(scenario.GetEndTime().GetSeconds()) + " " + std::to_string(requests) +
           " " + std::to_string(scenario.GetEventCount());
}

/**
 * @brief The same traffic on bare ns-3.
 * @param bytes the migration's bytes
 * @param start when the migration stream began (s)
 * @param end simulated time (s)
 * @return "requests events"
 */
std::string
RunBareExperiment4(uint64_t bytes, double start, double end)
{
    BareLanConfig config;
    config.linkModel = TestbedHelper::FULL_DUPLEX;
    config.clients = EXP4_USERS;
    config.thinkMean = BARE_THINK;
    config.requestBytes = EXP4_REQUEST;
    config.responseBytes = EXP4_RESPONSE;
    config.bulkBytes = bytes;
    config.bulkStart = start;
    config.duration = end;
    BareLanResult result = RunBareLan(config);
    return std::to_string(result.requests) + " " + std::to_string(result.events);
}

/// @brief Run @p body in a child process and measure it.
template <typename F>
Sample
Measure(F body)
{
    ProcessPool::Command command;
    command.name = "a benchmark case";
    command.function = [&body]() {
        std::string result;
        if constexpr (std::is_same_v<decltype(body()), std::string>)
        {
            result = body();
        }
        else
        {
            body();
        }
        return result;
    };
    ProcessPool::Result result = ProcessPool::RunOne(command);
    if (!result.Succeeded())
    {
        throw ToolError("a benchmark case failed: " + result.DescribeExit());
    }
    return Sample{result.wallSeconds, result.cpuSeconds, result.maxResidentKiB, result.output};
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
 * @param samples the runs of one case
 * @param field which of their times
 * @return its median over the runs
 */
double
MedianOf(const std::vector<Sample>& samples, double Sample::*field)
{
    std::vector<double> values;
    for (const Sample& sample : samples)
    {
        values.push_back(sample.*field);
    }
    return Median(values);
}

/// @return the largest peak RSS among @p samples (KiB)
long
PeakRss(const std::vector<Sample>& samples)
{
    long peak = 0;
    for (const Sample& sample : samples)
    {
        peak = std::max(peak, sample.maxRssKiB);
    }
    return peak;
}

/**
 * @brief Print one case's row of experiment 4's table.
 * @param name the case
 * @param wall its median wall time (s)
 * @param cpu its median processor time (s)
 * @param simulated simulated time (s)
 * @param events events it executed
 * @param rssKiB its peak resident set
 */
void
PrintRow(const char* name, double wall, double cpu, double simulated, uint64_t events, long rssKiB)
{
    std::printf("%-12s %14.2f %19.2f %19.3f %14.0f %14.1f\n",
                name,
                wall,
                cpu,
                simulated / wall,
                events / wall,
                rssKiB / 1024.0);
}

/**
 * @brief Experiment 4 against bare ns-3.
 * @param before load before the migration (s)
 * @param after load after it (s)
 * @param repeat runs of each case
 * @return the exit code
 */
int
BenchmarkExperiment4(double before, double after, uint32_t repeat)
{
    std::vector<Sample> models;
    std::vector<Sample> bare;
    double simulated = 0;
    uint64_t modelsEvents = 0;
    uint64_t bareEvents = 0;
    for (uint32_t i = 0; i < repeat; ++i)
    {
        Sample m = Measure([&] { return RunExperiment4(before, after); });
        uint64_t bytes = 0;
        double start = 0;
        uint64_t requests = 0;
        std::sscanf(m.result.c_str(),
                    "%lu %lf %lf %lu %lu",
                    &bytes,
                    &start,
                    &simulated,
                    &requests,
                    &modelsEvents);
        Sample b = Measure([&] { return RunBareExperiment4(bytes, start, simulated); });
        uint64_t bareRequests = 0;
        std::sscanf(b.result.c_str(), "%lu %lu", &bareRequests, &bareEvents);
        std::printf("run %u: models %.1f s wall, %.1f s processor (%lu requests, %lu events, "
                    "migration of %lu bytes from %.1f s), bare %.1f s wall, %.1f s processor "
                    "(%lu requests, %lu events), %.1f simulated s\n",
                    i + 1,
                    m.wall,
                    m.cpu,
                    requests,
                    modelsEvents,
                    bytes,
                    start,
                    b.wall,
                    b.cpu,
                    bareRequests,
                    bareEvents,
                    simulated);
        std::fflush(stdout);
        models.push_back(m);
        bare.push_back(b);
    }
    double mw = MedianOf(models, &Sample::wall);
    double bw = MedianOf(bare, &Sample::wall);
    double mc = MedianOf(models, &Sample::cpu);
    double bc = MedianOf(bare, &Sample::cpu);
    std::printf("\n%-12s %14s %19s %19s %14s %14s\n",
                "case",
                "median wall s",
                "median processor s",
                "simulated s/wall s",
                "events/wall s",
                "peak RSS MiB");
    PrintRow("(iv) models", mw, mc, simulated, modelsEvents, PeakRss(models));
    PrintRow("(v) bare", bw, bc, simulated, bareEvents, PeakRss(bare));
    std::printf("ratio (iv)/(v) = %.3f in wall time (target <= 1.3), %.3f in processor time\n",
                mw / bw,
                mc / bc);
    return 0;
}

} // namespace

int
Run(int argc, char* argv[])
{
    double memoryMiB = 1024;
    double writeRate = 2000;
    uint32_t repeat = 3;
    bool experiment4 = false;
    double before = 20;
    double after = 20;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    // Bounds: the scenario's own (1 TiB of memory, its longest time, the write model's
    // physical maximum); the runs of a benchmark are a handful, a thousand is plenty.
    options.Add(cmd, "experiment4", "Run the experiment-4-like comparison instead", experiment4);
    options.Add(cmd,
                "before",
                "Experiment 4: load before the migration (s)",
                before,
                0,
                MigrationScenario::MAX_TIME_S);
    options.Add(cmd,
                "after",
                "Experiment 4: load after the migration (s)",
                after,
                0,
                MigrationScenario::MAX_TIME_S);
    options.Add(cmd,
                "memory",
                "VM memory in MiB (and bytes of the bulk transfer)",
                memoryMiB,
                1,
                1024 * 1024);
    options.Add(cmd,
                "pageWriteRate",
                "Page writes per second of the pre-copy case",
                writeRate,
                0,
                DirtyPageModel::MAX_PAGE_WRITE_RATE);
    options.Add(cmd, "repeat", "Runs of each case", repeat, 1, 1000);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    if (!options.GetError().empty())
    {
        return StrictOptions::Refuse("vm-migration-benchmark", options.GetError());
    }
    if (experiment4)
    {
        return BenchmarkExperiment4(before, after, repeat);
    }

    // The bulk transfer carries as many bytes as the idle VM's stream.
    uint64_t pages = static_cast<uint64_t>(memoryMiB * GuestMemory::PAGES_PER_MIB);
    uint64_t bytes = pages * (GuestMemory::PAGE_SIZE + 8) + (pages + 1023) / 1024 * 4 + 8 + 16384;

    std::vector<std::string> names = {"(i) bulk", "(ii) stop-and-copy", "(iii) pre-copy"};
    std::map<std::string, std::vector<Sample>> runs;
    for (uint32_t i = 0; i < repeat; ++i)
    {
        std::vector<Sample> samples = {
            Measure([&] { RunBulk(bytes); }),
            Measure([&] { RunMigration("stop-and-copy", memoryMiB, 0); }),
            Measure([&] { RunMigration("pre-copy", memoryMiB, writeRate); }),
        };
        for (size_t c = 0; c < names.size(); ++c)
        {
            runs[names[c]].push_back(samples[c]);
        }
    }

    double reference = MedianOf(runs[names[0]], &Sample::wall);
    double cpuReference = MedianOf(runs[names[0]], &Sample::cpu);
    std::printf("\n%-20s %14s %8s %19s %16s %14s\n",
                "case",
                "median wall s",
                "ratio",
                "median processor s",
                "processor ratio",
                "peak RSS MiB");
    for (const auto& name : names)
    {
        double wall = MedianOf(runs[name], &Sample::wall);
        double cpu = MedianOf(runs[name], &Sample::cpu);
        std::printf("%-20s %14.2f %8.3f %19.2f %16.3f %14.1f\n",
                    name.c_str(),
                    wall,
                    wall / reference,
                    cpu,
                    cpu / cpuReference,
                    PeakRss(runs[name]) / 1024.0);
    }
    std::printf("targets: (ii)/(i) <= 1.10 in wall time, peak RSS <= 2 x (i)'s (%.1f MiB)\n",
                2 * PeakRss(runs[names[0]]) / 1024.0);
    return 0;
}

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-benchmark", [&]() { return Run(argc, argv); });
}
