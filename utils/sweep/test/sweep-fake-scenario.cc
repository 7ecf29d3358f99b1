/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * @ingroup vm-migration-sweep
 * A stand-in for vm-migration-scenario in the sweep runner's tests: takes --key=value
 * arguments, sleeps or computes a little, and writes migrations.csv and summary.csv whose
 * numbers depend only on --memory and --RngRun.  It can be told to crash, fail or hang on a
 * given RngRun.
 *
 * Options (all --key=value; unknown keys such as --testbed are accepted and ignored):
 *   --RngRun=K --out=DIR   required (as the runner passes them)
 *   --memory=MIB           default 64;  total_s = RngRun * memory / 64
 *   --strategy=NAME        default stop-and-copy
 *   --sleep=SECONDS        default 0.3, between writing the header and the data
 *   --work=MILLIONS        CPU-bound iterations (for the speed-up benchmark), default 0
 *   --rows=R               data rows in migrations.csv, default 1
 *   --summary=0|1          write summary.csv (value = RngRun), default 1
 *   --crash-run=K          die of SIGSEGV when RngRun == K
 *   --fail-run=K           exit with status 3 when RngRun == K
 *   --hang-run=K           never finish when RngRun == K (SIGTERM kills it)
 *   --stubborn-run=K       never finish and ignore SIGTERM when RngRun == K (needs SIGKILL)
 *   --graceful-run=K       never finish, but exit 0 on SIGTERM, when RngRun == K
 *   --log=FILE             append one line per invocation (to count invocations)
 *
 * Its migrations.csv has the real one's columns (MigrationMonitorColumns).  It checks its
 * --out folder with the real one's OutputFolder::Check (a folder holding a file it does not
 * write is refused), then creates it.
 */

#include "migration-monitor-columns.h"
#include "output-folder.h"

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>

namespace
{

using Columns = ns3::MigrationMonitorColumns; //!< the scenario's column names

/**
 * @brief Sleep, resuming after signals.
 * @param seconds how long
 */
void
Sleep(double seconds)
{
    timespec ts;
    ts.tv_sec = static_cast<time_t>(seconds);
    ts.tv_nsec = static_cast<long>((seconds - static_cast<double>(ts.tv_sec)) * 1e9);
    while (nanosleep(&ts, &ts) != 0)
    {
    }
}

} // namespace

int
main(int argc, char** argv)
{
    std::map<std::string, std::string> opt;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::size_t eq = arg.find('=');
        if (arg.rfind("--", 0) != 0 || eq == std::string::npos)
        {
            std::fprintf(stderr, "fake-scenario: bad argument '%s' (want --key=value)\n", argv[i]);
            return 2;
        }
        opt[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
    }
    if (opt.count("RngRun") == 0 || opt.count("out") == 0)
    {
        std::fprintf(stderr, "fake-scenario: --RngRun and --out are required\n");
        return 2;
    }
    auto get = [&opt](const char* key, const char* fallback) {
        return opt.count(key) != 0 ? opt[key] : std::string(fallback);
    };
    long run = std::atol(opt["RngRun"].c_str());
    double memory = std::atof(get("memory", "64").c_str());
    std::string strategy = get("strategy", "stop-and-copy");
    std::string out = opt["out"];

    if (opt.count("log") != 0)
    {
        int fd = open(opt["log"].c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        std::string line = "memory=" + get("memory", "64") + " strategy=" + strategy +
                           " RngRun=" + opt["RngRun"] + " pid=" + std::to_string(getpid()) + "\n";
        if (fd >= 0)
        {
            [[maybe_unused]] ssize_t n = write(fd, line.data(), line.size());
            close(fd);
        }
    }
    std::printf("fake-scenario: memory=%g strategy=%s RngRun=%ld out=%s\n",
                memory,
                strategy.c_str(),
                run,
                out.c_str());
    std::fprintf(stderr, "fake-scenario stderr: RngRun=%ld\n", run);
    std::fflush(stdout);

    std::string refused = ns3::OutputFolder::Check(out, {"migrations.csv", "summary.csv"});
    if (!refused.empty())
    {
        std::fprintf(stderr, "fake-scenario: error: --out: %s\n", refused.c_str());
        return 1;
    }
    std::error_code error;
    std::filesystem::create_directories(out, error);

    std::string migrations = out + "/migrations.csv";
    FILE* f = std::fopen(migrations.c_str(), "w");
    if (f == nullptr)
    {
        std::fprintf(stderr, "fake-scenario: cannot write %s\n", migrations.c_str());
        return 1;
    }
    // The header goes out first, so a run killed while sleeping leaves a half file behind.
    std::fputs(Columns::Join(Columns::MIGRATIONS_CSV).c_str(), f);
    std::fflush(f);

    if (get("crash-run", "0") == opt["RngRun"])
    {
        std::fprintf(stderr, "fake-scenario: crashing on purpose\n");
        std::fflush(stderr);
        std::signal(SIGSEGV, SIG_DFL);
        std::raise(SIGSEGV);
    }
    if (get("fail-run", "0") == opt["RngRun"])
    {
        std::fprintf(stderr, "fake-scenario: failing on purpose\n");
        return 3;
    }
    bool stubborn = get("stubborn-run", "0") == opt["RngRun"];
    bool graceful = get("graceful-run", "0") == opt["RngRun"];
    if (get("hang-run", "0") == opt["RngRun"] || stubborn || graceful)
    {
        std::fprintf(stderr, "fake-scenario: hanging on purpose\n");
        std::fflush(stderr);
        if (stubborn)
        {
            std::signal(SIGTERM, SIG_IGN);
        }
        if (graceful)
        {
            std::signal(SIGTERM, [](int) { _exit(0); });
        }
        while (true)
        {
            Sleep(3600);
        }
    }

    Sleep(std::atof(get("sleep", "0.3").c_str()));

    // CPU-bound work: a xorshift chain the compiler cannot skip (its result is printed).
    double work = std::atof(get("work", "0").c_str());
    uint64_t x = 88172645463325252ULL;
    for (uint64_t i = 0; i < static_cast<uint64_t>(work * 1e6); ++i)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    if (work > 0)
    {
        std::printf("fake-scenario: work checksum %llu\n", static_cast<unsigned long long>(x));
    }

    int rows = std::atoi(get("rows", "1").c_str());
    for (int r = 0; r < rows; ++r)
    {
        double total = static_cast<double>(run) * memory / 64.0 + r;
        double downtime = 0.001 * memory + 0.0001 * static_cast<double>(run) + 0.01 * r;
        double pages = memory * 256 + static_cast<double>(run);
        int rounds = strategy == "pre-copy" ? static_cast<int>(2 + run % 3) : 1;
        std::fprintf(f,
                     "vm%d,host0,host1,%s,%g,1,%.6f,%.6f,%.6f,%.0f,%.0f,%d,0,0,0,completed\n",
                     r,
                     strategy.c_str(),
                     memory,
                     1 + total,
                     total,
                     downtime,
                     pages * 4096,
                     pages,
                     rounds);
    }
    std::fclose(f);

    if (get("summary", "1") == "1")
    {
        FILE* s = std::fopen((out + "/summary.csv").c_str(), "w");
        if (s == nullptr)
        {
            return 1;
        }
        std::fprintf(s, "value,label,%s\n%ld,fake,%g\n", Columns::MEMORY_MIB, run, memory);
        std::fclose(s);
    }
    return 0;
}
