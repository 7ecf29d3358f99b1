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
#include "sweep-error.h"
#include "sweep-layout.h"
#include "sweep-plan.h"
#include "sweep-plotter.h"
#include "sweep-runner.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
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
  vm-migration-sweep run PLAN [--jobs N] [--timeout SECONDS]
      run every run of PLAN not yet complete, N at a time (default: the CPUs available)
  vm-migration-sweep run-index PLAN INDEX [--timeout SECONDS]
      run the single run INDEX (0-based; what cluster tasks call)
  vm-migration-sweep list PLAN
      print each run's index, folder, state and command line
  vm-migration-sweep aggregate PLAN
      write OUT/<hash>/aggregate.csv (n, mean, sd, 95% CI per grid point and column)
  vm-migration-sweep plot PLAN --x KEY --y COLUMN [--series KEY] [--where KEY=VALUE]...
      plot a column of aggregate.csv against a grid key (PNG via gnuplot)
  vm-migration-sweep emit slurm|parallel PLAN [--timeout SECONDS]
      write a SLURM job-array script or a GNU parallel job list for PLAN

PLAN is a JSON file: {"program": ..., "args": {...}, "grid": {...}, "repetitions": k,
"out": "folder"}; "out" is relative to the current folder.  Exit status: 0 success,
1 some run failed (or nothing to aggregate), 2 error (bad usage or plan, unwritable
folder), 128+n interrupted by signal n.
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
 * @throws SweepError on an unknown option or a missing value
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
            throw SweepError("unknown option --" + name + " for '" + argv[1] + "'");
        }
        if (!hasValue)
        {
            if (i + 1 >= argc)
            {
                throw SweepError("option --" + name + " needs a value");
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
        throw SweepError("option --" + name + " given more than once");
    }
    auto it = args.options.find(name);
    return it == args.options.end() ? "" : it->second;
}

/**
 * @brief Parse a non-negative integer.
 * @param text the text
 * @param what the option name, for the message
 * @return the number
 */
unsigned long
ParseCount(const std::string& text, const std::string& what)
{
    char* end = nullptr;
    errno = 0;
    unsigned long v = std::strtoul(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0)
    {
        throw SweepError(what + " must be a non-negative integer (got '" + text + "')");
    }
    return v;
}

/**
 * @brief Read the --timeout option.
 * @param args the arguments
 * @return seconds, 0 if absent
 */
double
ParseTimeout(const Arguments& args)
{
    std::string text = Option(args, "timeout");
    if (text.empty())
    {
        return 0;
    }
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !std::isfinite(v) || v <= 0)
    {
        throw SweepError("--timeout must be a positive number of seconds (got '" + text + "')");
    }
    return v;
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
        throw SweepError("expected " + what + " (got " + std::to_string(args.words.size()) +
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
        Arguments args = ParseArguments(argc, argv, {"jobs", "timeout"});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = SweepPlan::Load(args.words[0]);
        SweepRunner runner(plan, plan.ResolveProgram());
        std::string jobs = Option(args, "jobs");
        if (!jobs.empty())
        {
            unsigned long n = ParseCount(jobs, "--jobs");
            if (n < 1)
            {
                throw SweepError("--jobs must be at least 1");
            }
            runner.SetJobs(static_cast<unsigned>(n));
        }
        runner.SetTimeout(ParseTimeout(args));
        return runner.RunAll();
    }
    if (command == "run-index")
    {
        Arguments args = ParseArguments(argc, argv, {"timeout"});
        ExpectWords(args, 2, "PLAN INDEX");
        SweepPlan plan = SweepPlan::Load(args.words[0]);
        std::size_t index = ParseCount(args.words[1], "INDEX");
        SweepRunner runner(plan, plan.ResolveProgram());
        runner.SetTimeout(ParseTimeout(args));
        return runner.RunIndex(index);
    }
    if (command == "list")
    {
        Arguments args = ParseArguments(argc, argv, {});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = SweepPlan::Load(args.words[0]);
        std::string program = plan.GetProgram();
        try
        {
            program = plan.ResolveProgram();
        }
        catch (const SweepError& e)
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
            std::vector<std::string> argvRun = plan.GetRunArguments(
                i,
                program,
                std::filesystem::absolute(layout.GetTmpDir(i)).lexically_normal().string());
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
        Arguments args = ParseArguments(argc, argv, {});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = SweepPlan::Load(args.words[0]);
        return SweepAggregator(plan).Aggregate();
    }
    if (command == "plot")
    {
        Arguments args = ParseArguments(argc, argv, {"x", "y", "series", "where"});
        ExpectWords(args, 1, "PLAN");
        SweepPlan plan = SweepPlan::Load(args.words[0]);
        std::string x = Option(args, "x");
        std::string y = Option(args, "y");
        if (x.empty() || y.empty())
        {
            throw SweepError("plot needs --x KEY and --y COLUMN");
        }
        std::map<std::string, std::string> where;
        auto range = args.options.equal_range("where");
        for (auto it = range.first; it != range.second; ++it)
        {
            std::size_t eq = it->second.find('=');
            if (eq == std::string::npos || eq == 0)
            {
                throw SweepError("--where must be KEY=VALUE (got '" + it->second + "')");
            }
            where[it->second.substr(0, eq)] = it->second.substr(eq + 1);
        }
        std::string png = SweepPlotter(plan).Plot(x, y, Option(args, "series"), where);
        std::cout << png << "\n";
        return 0;
    }
    if (command == "emit")
    {
        Arguments args = ParseArguments(argc, argv, {"timeout"});
        ExpectWords(args, 2, "slurm|parallel PLAN");
        const std::string& kind = args.words[0];
        if (kind != "slurm" && kind != "parallel")
        {
            throw SweepError("emit: unknown target '" + kind + "' (slurm or parallel)");
        }
        SweepPlan plan = SweepPlan::Load(args.words[1]);
        SweepEmitter emitter(plan, ParseTimeout(args));
        std::string path = kind == "slurm" ? emitter.EmitSlurm() : emitter.EmitParallel();
        std::cerr << "emit: wrote " << path << "\n";
        std::cout << path << "\n";
        return 0;
    }
    throw SweepError("unknown command '" + command + "'; see `vm-migration-sweep help`");
}

} // namespace

int
main(int argc, char** argv)
{
    try
    {
        return Main(argc, argv);
    }
    catch (const SweepError& e)
    {
        std::cerr << "vm-migration-sweep: error: " << e.what() << "\n";
        return EXIT_USAGE;
    }
    catch (const std::exception& e)
    {
        std::cerr << "vm-migration-sweep: error: " << e.what() << "\n";
        return EXIT_USAGE;
    }
}
