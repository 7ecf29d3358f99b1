/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Bare ns-3 on the testbed's physical LAN: a closed request/response workload from
 * the load generator to host1 and, optionally, a bulk transfer from host1 to host2
 * standing for a migration stream (see RunBareLan).  Prints the requests completed,
 * their rate, and the run's wall time, speed, CPU time and peak RSS.
 *
 * Example:
 *   vm-migration-bare-lan --duration=60 --bulkBytes=300000000 --bulkStart=10
 */

#include "bare-lan-workload.h"
#include "tool-error.h"

#include "ns3/command-line.h"
#include "ns3/migration-scenario.h"
#include "ns3/strict-options.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace ns3;

int
Run(int argc, char* argv[])
{
    BareLanConfig config;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    // Bounds: the scenario's own limits on connections and simulated time, a request or
    // response of at least one byte and at most a 64 MiB, and a bulk transfer of at most
    // the 1 TiB the largest VM holds.
    options.Add(cmd,
                "clients",
                "Persistent client connections",
                config.clients,
                1,
                MigrationScenario::MAX_CLIENT_CONNECTIONS);
    options.Add(cmd,
                "thinkMean",
                "Mean exponential think time, in seconds",
                config.thinkMean,
                0,
                MigrationScenario::MAX_TIME_S);
    options.Add(cmd, "requestBytes", "Bytes of each request", config.requestBytes, 1, 1 << 26);
    options.Add(cmd, "responseBytes", "Bytes of each response", config.responseBytes, 1, 1 << 26);
    options.Add(cmd,
                "bulkBytes",
                "Bytes of the bulk transfer host1 -> host2 (0: none)",
                config.bulkBytes,
                0,
                int64_t{1} << 40);
    options.Add(cmd,
                "bulkStart",
                "Start of the bulk transfer, in seconds",
                config.bulkStart,
                0,
                MigrationScenario::MAX_TIME_S);
    options.Add(cmd,
                "duration",
                "Simulated seconds to run",
                config.duration,
                0,
                MigrationScenario::MAX_TIME_S);
    options.Add(cmd, "rngRun", "Run number of the random streams", config.rngRun, 1);
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    if (!options.GetError().empty())
    {
        return StrictOptions::Refuse("vm-migration-bare-lan", options.GetError());
    }
    if (!(config.duration > 0))
    {
        return StrictOptions::Refuse("vm-migration-bare-lan", "--duration: must be above 0 s");
    }

    auto start = std::chrono::steady_clock::now();
    BareLanResult result = RunBareLan(config);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);

    std::printf("requests               %llu\n", static_cast<unsigned long long>(result.requests));
    std::printf("requests/s simulated   %.1f\n", result.requests / result.simulatedSeconds);
    if (config.bulkBytes > 0)
    {
        if (std::isnan(result.bulkCompletedAt))
        {
            std::printf("bulk transfer          not complete\n");
        }
        else
        {
            double took = result.bulkCompletedAt - config.bulkStart;
            std::printf("bulk transfer          done at %.3f s (%.3f s, %.2f Mb/s)\n",
                        result.bulkCompletedAt,
                        took,
                        config.bulkBytes * 8 / took / 1e6);
        }
    }
    std::printf("simulated seconds      %.3f\n", result.simulatedSeconds);
    std::printf("wall seconds           %.3f\n", wall);
    std::printf("simulated s per wall s %.3f\n", result.simulatedSeconds / wall);
    // CPU time too: on a busy machine the wall time includes waiting for a core.
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
                 usage.ru_stime.tv_usec / 1e6;
    std::printf("cpu seconds            %.3f\n", cpu);
    std::printf("peak RSS MiB           %.1f\n", usage.ru_maxrss / 1024.0);
    return 0;
}

int
main(int argc, char* argv[])
{
    return RunProgram("vm-migration-bare-lan", [&]() { return Run(argc, argv); });
}
