/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-reproduction.h"

#include "parallel-runner.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <numeric>
#include <sstream>

namespace ns3
{

namespace
{

/// Separates the files of one run's result.
constexpr char FILE_SEPARATOR = '\x1d';

/// Lengths of one mode.
struct Lengths
{
    std::vector<double> exp1Memory;  //!< experiment 1's VM sizes (MiB)
    uint32_t exp2Runs;               //!< runs of each case of experiment 2
    uint32_t runs;                   //!< runs of each case of experiments 3-6
    double exp2Steady;               //!< experiment 2's steady state (s)
    std::vector<uint32_t> exp3Users; //!< experiment 3's populations
    double exp3Steady;               //!< experiment 3's steady state (s)
    double loadedMemory;             //!< experiments 4-6's VM (MiB)
    double loadedSteady;             //!< experiments 4 and 6's steady state (s)
    double abLength; //!< experiment 5's run (s): pre-copy under ab runs all of Xen's 29
                     //!< iterations and must resume well before the run ends
};

/// @return the lengths of @p length
Lengths
GetLengths(PaperReproduction::Length length)
{
    switch (length)
    {
    case PaperReproduction::QUICK:
        return {{256, 512}, 1, 1, 50, {200, 300, 900}, 60, 256, 120, 160};
    case PaperReproduction::DEFAULT:
        return {{256, 512, 1024},
                2,
                1,
                50,
                {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000},
                60,
                512,
                200,
                240};
    case PaperReproduction::FULL:
        return {{256, 512, 1024},
                10,
                10,
                600,
                {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000},
                600,
                512,
                600,
                400};
    }
    return {};
}

/// @return @p csv's data rows, each prefixed with @p prefix
std::string
PrefixRows(const std::string& csv, const std::string& prefix)
{
    std::string rows;
    std::istringstream lines(csv);
    std::string line;
    std::getline(lines, line); // the header
    while (std::getline(lines, line))
    {
        rows += prefix + line + '\n';
    }
    return rows;
}

/// @return the header line of @p csv, with `run,case,` in front
std::string
PrefixedHeader(const std::string& csv)
{
    return "run,case," + csv.substr(0, csv.find('\n') + 1);
}

} // namespace

PaperReproduction::PaperReproduction(Length length, const std::string& linkModel)
    : m_length(length),
      m_linkModel(linkModel)
{
    Lengths l = GetLengths(length);

    // Experiment 1: idle VMs of several sizes, both strategies.  Without writes a run
    // depends on its seed only through CSMA back-off and ARP jitter: one run each.
    for (double memory : l.exp1Memory)
    {
        for (std::string strategy : {"stop-and-copy", "pre-copy"})
        {
            Add("exp1",
                strategy + "-" + std::to_string(int(memory)),
                1,
                [memory, strategy](MigrationScenario& s) {
                    s.memoryMiB = memory;
                    s.strategy = strategy;
                });
        }
    }

    // Experiment 2: a 256 MiB VM under each workload, both strategies.  The migration
    // starts 5 s into the steady state, so that it runs under load to its end.
    for (std::string workload : {"netperf", "sampleweb", "olio"})
    {
        for (std::string strategy : {"stop-and-copy", "pre-copy"})
        {
            Add("exp2", workload + "/" + strategy, l.exp2Runs, [=](MigrationScenario& s) {
                s.memoryMiB = 256;
                s.workload = workload;
                s.strategy = strategy;
                s.steady = l.exp2Steady;
                s.migrateAt = length == FULL ? -1 : 10 + 5; // the profiles ramp up 10 s
                s.rampUp = 10;
                s.rampDown = 0;
            });
        }
    }

    // Experiment 3: SampleWeb on a 512 MiB VM, users in steps, no migration.
    for (uint32_t users : l.exp3Users)
    {
        Add("exp3", "users-" + std::to_string(users), l.runs, [=](MigrationScenario& s) {
            s.memoryMiB = 512;
            s.workload = "sampleweb";
            s.users = users;
            s.migrate = false;
            s.rampUp = 10;
            s.steady = l.exp3Steady;
            s.rampDown = 0;
        });
    }

    // Experiments 4 and 6: pre-copy inside a Faban steady state: in the middle of the
    // paper's 10 minutes; after 30 s of the shorter ones, so that the migration and
    // the response-time peak after it fit in.
    double loadedStart = length == FULL ? -1 : 10 + 30;
    auto loaded = [=](const std::string& workload, uint32_t users) {
        return [=](MigrationScenario& s) {
            s.memoryMiB = l.loadedMemory;
            s.workload = workload;
            s.users = users;
            s.strategy = "pre-copy";
            s.rampUp = 10;
            s.steady = l.loadedSteady;
            s.rampDown = 0;
            s.migrateAt = loadedStart;
        };
    };
    Add("exp4", "pre-copy", l.runs, loaded("sampleweb", 300));
    // Experiment 5: ab against the SampleWeb home page, each strategy.
    for (std::string strategy : {"pre-copy", "stop-and-copy"})
    {
        Add("exp5", strategy, l.runs, [=](MigrationScenario& s) {
            s.memoryMiB = l.loadedMemory;
            s.workload = "ab";
            s.strategy = strategy;
            s.steady = l.abLength;
            s.migrateAt = length == FULL ? -1 : 30;
            // ab -k: PAPER.md does not give ab's options.  Without keep-alive every
            // request leaves a connection in TIME_WAIT for 60 s, and ns-3.37 looks up
            // every packet's socket among all of them: a 400 s run costs a quarter of
            // an hour instead of a minute.
            s.keepAlive = 1;
        });
    }
    Add("exp6", "pre-copy", l.runs, loaded("olio", 150));
}

void
PaperReproduction::Add(const std::string& experiment,
                       const std::string& caseName,
                       uint32_t runs,
                       std::function<void(MigrationScenario&)> configure)
{
    for (uint32_t run = 1; run <= runs; ++run)
    {
        m_runs.push_back({experiment, caseName, run, configure});
    }
}

const std::vector<PaperReproduction::RunSpec>&
PaperReproduction::GetRuns() const
{
    return m_runs;
}

std::string
PaperReproduction::DescribeLengths() const
{
    Lengths l = GetLengths(m_length);
    std::ostringstream text;
    text << (m_length == FULL    ? "Full lengths"
             : m_length == QUICK ? "Quick check"
                                 : "Default")
         << ": " << l.exp2Runs << " run(s) of each case of experiment 2 and " << l.runs
         << " of experiments 3-6 (the paper: 10); steady states of " << l.exp2Steady
         << " s (experiment 2), " << l.exp3Steady << " s (3), " << l.loadedSteady
         << " s (4 and 6) and an ab run of " << l.abLength
         << " s (5) (the paper: 600, 600, 600 and 400 s); VMs of " << l.loadedMemory
         << " MiB in experiments 4-6; " << m_linkModel << " links.";
    return text.str();
}

std::string
PaperReproduction::Execute(unsigned jobs, std::map<std::string, ExperimentFiles>& files) const
{
    // Longest first: experiments 4-6 (a loaded VM of the largest size, the longest
    // steady states) start at once and the short runs fill the cores around them, so
    // that the cores do not wait for one long run at the end.
    std::vector<size_t> order(m_runs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_partition(order.begin(), order.end(), [this](size_t i) {
        const std::string& e = m_runs[i].experiment;
        return e == "exp4" || e == "exp5" || e == "exp6";
    });
    auto started = std::chrono::steady_clock::now();
    auto results = ParallelRunner::Run(
        m_runs.size(),
        jobs,
        [&](size_t i) {
            const RunSpec& spec = m_runs[i];
            MigrationScenario scenario;
            scenario.linkModel = m_linkModel;
            scenario.rngRun = spec.run;
            spec.configure(scenario);
            std::string why = scenario.Simulate();
            double minutes =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() /
                60;
            std::clog << "[" << int(minutes) << ":" << (int(minutes * 60) % 60 < 10 ? "0" : "")
                      << int(minutes * 60) % 60 << "] " << spec.experiment << " " << spec.caseName
                      << " run " << spec.run << ": " << (why.empty() ? "done" : why) << std::endl;
            if (!why.empty())
            {
                std::exit(1);
            }
            std::string bundle;
            for (const auto& [name, text] : scenario.FormatCsv())
            {
                bundle += FILE_SEPARATOR + name + '\n' + text;
            }
            return bundle;
        },
        order);

    files.clear();
    for (size_t i = 0; i < m_runs.size(); ++i)
    {
        const RunSpec& spec = m_runs[i];
        if (!results[i])
        {
            return spec.experiment + " " + spec.caseName + " run " + std::to_string(spec.run) +
                   " failed";
        }
        std::string prefix = std::to_string(spec.run) + "," + spec.caseName + ",";
        std::istringstream bundle(*results[i]);
        std::string part;
        std::getline(bundle, part, FILE_SEPARATOR); // empty, before the first file
        while (std::getline(bundle, part, FILE_SEPARATOR))
        {
            size_t newline = part.find('\n');
            std::string name = part.substr(0, newline);
            std::string csv = part.substr(newline + 1);
            std::string& out = files[spec.experiment][name];
            if (out.empty())
            {
                out = PrefixedHeader(csv);
            }
            out += PrefixRows(csv, prefix);
        }
    }
    return "";
}

} // namespace ns3
