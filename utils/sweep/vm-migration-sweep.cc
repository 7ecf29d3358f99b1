/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @defgroup vm-migration-sweep Sweep runner
 * @ingroup vm-migration
 * A resumable, parallel batch-sweep runner for the scenario programs: runs a grid of
 * parameters times repetitions as child processes (locally, or one run per task on a cluster),
 * then aggregates the runs' CSV outputs into means and Student t confidence intervals and
 * plots them with gnuplot.  See README.md beside the sources.
 */

/**
 * @file
 * @ingroup vm-migration-sweep
 * vm-migration-sweep: the command-line front end.
 */

#include "sweep-aggregator.h"
#include "sweep-emitter.h"
#include "sweep-layout.h"
#include "sweep-plan.h"
#include "sweep-plotter.h"
#include "sweep-runner.h"
#include "tool-error.h"

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace
{

/// Exit status for a usage error or a bad plan.
constexpr int EXIT_USAGE = 2;

/// The usage text.
const char* USAGE =
    R"(usage:
  vm-migration-sweep run PLAN [--jobs N] [--timeout SECONDS] [--max-runs N]
      run every run of PLAN not yet complete, N at a time (default: the CPUs available;
      1 to 8192); a run that takes longer than SECONDS (more than 0, at most 1000000) is
      stopped
  vm-migration-sweep run-index PLAN INDEX [--timeout SECONDS] [--max-runs N]
      run the single run INDEX (0-based; what cluster tasks call)
  vm-migration-sweep list PLAN [--max-runs N]
      print each run's index, folder, state and command line
  vm-migration-sweep aggregate PLAN [--max-runs N]
      write OUT/<hash>/aggregate.csv (n, mean, sd, 95% CI per grid point and column)
  vm-migration-sweep plot PLAN --x KEY --y COLUMN [--series KEY] [--where KEY=VALUE]...
                          [--max-runs N]
      plot a column of aggregate.csv against a grid key (PNG via gnuplot)
  vm-migration-sweep emit slurm|parallel PLAN [--timeout SECONDS] [--max-runs N]
      write a SLURM job-array script or a GNU parallel job list for PLAN

PLAN is a JSON file: {"program": ..., "args": {...}, "grid": {...}, "repetitions": k,
"out": "folder"}; "out" is relative to the current folder.  It must be a regular file of
at most 1 MiB, and expand to at most 1000000 runs unless --max-runs N raises that limit
(to at most 100000000).  Numbers are whole decimal numbers, without sign or spaces,
except SECONDS, which may be a decimal.  Exit status: 0 success, 1 some run failed (or
nothing to aggregate), 2 error (bad usage or plan, unwritable folder), 128+n interrupted
by signal n.
)";

/**
 * @brief Parsed command line: positional words and --options.
 */
struct Arguments
{
    std::vector<std::string> words;                  //!< positional arguments
    std::multimap<std::string, std::string> options; //!< --name value
};

/**
 * @brief Split the command line into words and options.
 * @param argc argument count
 * @param argv arguments
 * @param flags the options that take a value (all of them do)
 * @return the parsed arguments
 * @throws ToolError on an unknown option or a missing value
 */
Arguments
ParseArguments(int argc, char** argv, const std::vector<std::string>& flags)
{
    Arguments args;
    for (int i = 2; i < argc; ++i)
    {
        std::string word = argv[i];
        if (word.rfind("--", 0) != 0 || word == "--")
        {
            args.words.push_back(word);
            continue;
        }
        std::string name = word.substr(2);
        std::string value;
        bool hasValue = false;
        std::size_t eq = name.find('=');
        if (eq != std::string::npos)
        {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            hasValue = true;
        }
        bool known = false;
        for (const std::string& f : flags)
        {
            known = known || f == name;
        }
        if (!known)
        {
            throw ToolError("unknown option --" + name + " for '" + argv[1] + "'");
        }
        if (!hasValue)
        {
            if (i + 1 >= argc)
            {
                throw ToolError("option --" + name + " needs a value");
            }
            value = argv[++i];
        }
        args.options.emplace(name, value);
    }
    return args;
}

/**
 * @brief The value of an option given at most once.
 * @param args the arguments
 * @param name the option
 * @return its value, or "" if absent
 */
std::string
Option(const Arguments& args, const std::string& name)
{
    if (args.options.count(name) > 1)
    {
        throw ToolError("option --" + name + " given more than once");
    }
    auto it = args.options.find(name);
    return it == args.options.end() ? "" : it->second;
}

/**
 * @brief Parse a whole number in a range, from the whole string.
 *
 * strtoul() would skip blanks, accept a sign and wrap (" -1" gives 2^64 - 1, which then
 * became 4294967295 jobs), and a cast to a narrower type wraps again (2^32 jobs became 0,
 * then 1); so only digits are accepted, and the range is checked before any narrowing.
 * @param text the text
 * @param what the option name, for the message
 * @param low the smallest value accepted
 * @param high the largest value accepted
 * @return the number
 * @throws ToolError naming @p what and the range
 */
uint64_t
ParseWholeNumber(const std::string& text, const std::string& what, uint64_t low, uint64_t high)
{
    // from_chars takes no blanks and, for an unsigned type, no sign; it reports overflow.
    uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < low || value > high)
    {
        // No range for INDEX: RunIndex() names the plan's.
        std::string range = high == std::numeric_limits<std::size_t>::max()
                                ? ""
                                : " from " + std::to_string(low) + " to " + std::to_string(high);
        throw ToolError(what + " must be a whole number" + range + " (got '" + text + "')");
    }
    return value;
}

/**
 * @brief Read the --timeout option.
 * @param args the arguments
 * @return seconds, 0 if absent
 * @throws ToolError naming --timeout and its range
 */
double
ParseTimeout(const Arguments& args)
{
    if (args.options.count("timeout") == 0)
    {
        return 0;
    }
    std::string text = Option(args, "timeout");
    // from_chars, unlike strtod, takes no blanks, no '+', no hexadecimal, and ignores the
    // locale; infinity and NaN fail the range check.
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !(value > 0) ||
        !(value <= SweepRunner::MAX_TIMEOUT_SECONDS))
    {
        throw ToolError("--timeout must be a number of seconds above 0 and at most " +
                        std::to_string(static_cast<long>(SweepRunner::MAX_TIMEOUT_SECONDS)) +
                        " (got '" + text + "')");
    }
    return value;
}

/**
 * @brief Read the --max-runs option.
 * @param args the arguments
 * @return the most runs a plan may expand to
 * @throws ToolError naming --max-runs and its range
 */
std::size_t
ParseMaxRuns(const Arguments& args)
{
    if (args.options.count("max-runs") == 0)
    {
        return SweepPlan::DEFAULT_MAX_RUNS;
    }
    return ParseWholeNumber(Option(args, "max-runs"), "--max-runs", 1, SweepPlan::HIGHEST_MAX_RUNS);
}

/**
 * @brief Read the plan named by a positional word, with the run limit of --max-runs.
 * @param args the arguments
 * @param word the position of the plan among the words
 * @return the plan
 */
SweepPlan
LoadPlan(const Arguments& args, std::size_t word)
{
    return SweepPlan::Load(args.words[word], ParseMaxRuns(args));
}

/**
 * @brief Check the number of positional words.
 * @param args the arguments
 * @param count the number expected
 * @param what their names, for the message
 */
void
ExpectWords(const Arguments& args, std::size_t count, const std::string& what)
{
    if (args.words.size() != count)
    {
        throw ToolError("expected " + what + " (got " + std::to_string(args.words.size()) +
                        " arguments); see `vm-migration-sweep help`");
    }
}

/**
 * @brief Run the command.
 * @param argc argument count
 * @param argv arguments
 * @return the exit status
 */
int
Main(int argc, char** argv)
{
    if (argc < 2)
    {
        std::cerr << USAGE;
        return EXIT_USAGE;
    }
    std::string command = argv[1];
    if (command == "help" || command == "--help" || command == "-h")
    {
        std::cout << USAGE;
        return 0;
    }
    if (command == "run")
    {
        Arguments args = ParseArguments(argc, argv, {"jobs", "timeout", "max-runs"});
        ExpectWords(args, 1, "PLAN");
        // Options first: a bad number is a usage error even when the plan is bad too.
        double timeout = ParseTimeout(args);
        uint64_t jobs = 0;
        if (args.options.count("jobs") != 0)
        {
            jobs = ParseWholeNumber(Option(args, "jobs"), "--jobs", 1, SweepRunner::MAX_JOBS);
        }
        SweepPlan plan = LoadPlan(args, 0);
        SweepRunner runner(plan, plan.ResolveProgram());
        if (jobs != 0)
        {
            runner.SetJobs(static_cast<unsigned>(jobs));
        }
        runner.SetTimeout(timeout);
        return runner.RunAll();
    }
    if (command == "run-index")
    {
        Arguments args = ParseArguments(argc, argv, {"timeout", "max-runs"});
        ExpectWords(args, 2, "PLAN INDEX");
        double timeout = ParseTimeout(args);
        // Any whole number: RunIndex() names the plan's range if it is beyond.
        std::size_t index =
            ParseWholeNumber(args.words[1], "INDEX", 0, std::numeric_limits<std::size_t>::max());
        SweepPlan plan = LoadPlan(args, 0);
        SweepRunner runner(plan, plan.ResolveProgram());
        runner.SetTimeout(timeout);
        return runner.RunIndex(index);
    }
    if (command == "list")
    {
        Arguments args = ParseArguments(argc, argv, {"max-runs"});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = LoadPlan(args, 0);
        std::string program = plan.GetProgram();
        try
        {
            program = plan.ResolveProgram();
        }
        catch (const ToolError& e)
        {
            std::cerr << "vm-migration-sweep: warning: " << e.what() << "\n";
        }
        SweepLayout layout(plan);
        std::cout << "# plan " << plan.GetHash() << ", " << plan.GetRunCount()
                  << " runs, results in " << layout.GetPlanDir() << "\n";
        for (std::size_t i = 0; i < plan.GetRunCount(); ++i)
        {
            std::error_code ec;
            std::string state = layout.IsComplete(i)                                  ? "complete"
                                : std::filesystem::exists(layout.GetFailedDir(i), ec) ? "failed"
                                                                                      : "pending";
            std::cout << i << "\t" << plan.GetRunName(i) << "\t" << state << "\t";
            std::vector<std::string> argvRun =
                plan.GetRunArguments(i, program, layout.GetTmpOutputsDir(i));
            for (std::size_t a = 0; a < argvRun.size(); ++a)
            {
                std::cout << (a == 0 ? "" : " ") << argvRun[a];
            }
            std::cout << "\n";
        }
        return 0;
    }
    if (command == "aggregate")
    {
        Arguments args = ParseArguments(argc, argv, {"max-runs"});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = LoadPlan(args, 0);
        return SweepAggregator(plan).Aggregate();
    }
    if (command == "plot")
    {
        Arguments args = ParseArguments(argc, argv, {"x", "y", "series", "where", "max-runs"});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = LoadPlan(args, 0);
        std::string x = Option(args, "x");
        std::string y = Option(args, "y");
        if (x.empty() || y.empty())
        {
            throw ToolError("plot needs --x KEY and --y COLUMN");
        }
        std::map<std::string, std::string> where;
        auto range = args.options.equal_range("where");
        for (auto it = range.first; it != range.second; ++it)
        {
            std::size_t eq = it->second.find('=');
            if (eq == std::string::npos || eq == 0)
            {
                throw ToolError("--where must be KEY=VALUE (got '" + it->second + "')");
            }
            where[it->second.substr(0, eq)] = it->second.substr(eq + 1);
        }
        std::string png = SweepPlotter(plan).Plot(x, y, Option(args, "series"), where);
        std::cout << png << "\n";
        return 0;
    }
    if (command == "emit")
    {
        Arguments args = ParseArguments(argc, argv, {"timeout", "max-runs"});
        ExpectWords(args, 2, "slurm|parallel PLAN");
        const std::string& kind = args.words[0];
        if (kind != "slurm" && kind != "parallel")
        {
            throw ToolError("emit: unknown target '" + kind + "' (slurm or parallel)");
        }
        double timeout = ParseTimeout(args);
        SweepPlan plan = LoadPlan(args, 1);
        SweepEmitter emitter(plan, timeout);
        std::string path = kind == "slurm" ? emitter.EmitSlurm() : emitter.EmitParallel();
        std::cerr << "emit: wrote " << path << "\n";
        std::cout << path << "\n";
        return 0;
    }
    throw ToolError("unknown command '" + command + "'; see `vm-migration-sweep help`");
}

} // namespace

int
main(int argc, char** argv)
{
    return RunProgram(
        "vm-migration-sweep",
        [&]() { return Main(argc, argv); },
        EXIT_USAGE);
}
