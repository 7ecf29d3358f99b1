/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-emitter.h"

#include "atomic-file.h"
#include "sweep-layout.h"
#include "sweep-plan.h"
#include "tool-error.h"

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace
{

/**
 * @brief Refuse a path that a job script cannot hold safely.
 *
 * Paths are written raw into #SBATCH lines and comments, and GNU parallel takes one command
 * per line: a newline in a path (the plan's "out" is one) would end that line, and the rest
 * would run as a command.  Other control characters have no use in a path either.
 * @param path the path
 * @param what what it is, for the message
 * @throws ToolError naming @p what if @p path holds a control character
 */
void
RequireOneLine(const std::string& path, const std::string& what)
{
    for (char c : path)
    {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
        {
            throw ToolError("emit: " + what +
                            " contains a control character (such as a newline), which a job "
                            "script cannot hold safely");
        }
    }
}

} // namespace

SweepEmitter::SweepEmitter(const SweepPlan& plan, double timeout)
    : m_plan(plan),
      m_timeout(timeout)
{
    plan.ResolveProgram();
    std::error_code ec;
    m_sweep = fs::read_symlink("/proc/self/exe", ec).string();
    if (ec)
    {
        throw ToolError("cannot find the sweep binary (/proc/self/exe): " + ec.message());
    }
    m_planPath = fs::weakly_canonical(fs::absolute(plan.GetOrigin())).string();
    m_cwd = fs::current_path().string();
    RequireOneLine(m_sweep, "the path of the sweep binary");
    RequireOneLine(m_planPath, "the path of the plan " + plan.GetOrigin());
    RequireOneLine(m_cwd, "the current folder");
    RequireOneLine(fs::absolute(SweepLayout(plan).GetPlanDir()).string(),
                   "the results folder of " + plan.GetOrigin() + " (its \"out\")");
}

std::string
SweepEmitter::Quote(const std::string& word)
{
    std::string out = "'";
    for (char c : word)
    {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

std::string
SweepEmitter::Command(const std::string& index) const
{
    std::string command = Quote(m_sweep) + " run-index " + Quote(m_planPath) + " " + index;
    if (m_timeout > 0)
    {
        char buffer[64];
        std::snprintf(buffer, sizeof(buffer), " --timeout %.17g", m_timeout);
        command += buffer;
    }
    return command + MaxRunsOption();
}

std::string
SweepEmitter::MaxRunsOption() const
{
    // Each task reads the plan again: with the limit emit was given, or it refuses it.
    return m_plan.GetMaxRuns() == SweepPlan::DEFAULT_MAX_RUNS
               ? ""
               : " --max-runs " + std::to_string(m_plan.GetMaxRuns());
}

std::string
SweepEmitter::EmitSlurm() const
{
    SweepLayout layout(m_plan);
    layout.Prepare();
    fs::path planDir = fs::absolute(layout.GetPlanDir()).lexically_normal();
    fs::path logDir = planDir / "slurm";
    std::error_code ec;
    fs::create_directories(logDir, ec);
    if (ec)
    {
        throw ToolError("cannot create '" + logDir.string() + "': " + ec.message());
    }
    std::size_t runs = m_plan.GetRunCount();
    std::string path = (planDir / "sweep.sbatch").string();
    std::string s;
    // #SBATCH lines must come before the first command; sbatch stops reading them there.
    s += "#!/bin/bash\n";
    s += "#SBATCH --job-name=sweep-" + m_plan.GetHash() + "\n";
    s += "#SBATCH --array=0-" + std::to_string(runs - 1) + "\n";
    s += "#SBATCH --ntasks=1\n";
    s += "#SBATCH --cpus-per-task=1\n";
    s += "#SBATCH --output=" + (logDir / "%A_%a.out").string() + "\n";
    s += "#\n";
    s += "# SLURM job array for the vm-migration-sweep plan " + m_planPath + "\n";
    s += "# (" + std::to_string(runs) + " runs, one per array task; results in " +
         planDir.string() + ").\n";
    s += "# Submit:    sbatch " + path + "\n";
    s += "# Then:      cd " + Quote(m_cwd) + " && " + Quote(m_sweep) + " aggregate " +
         Quote(m_planPath) + MaxRunsOption() + "\n";
    s += "# Resubmitting skips complete runs.  All nodes must see these paths.\n";
    s += "set -eu\n";
    s += "cd " + Quote(m_cwd) + "\n";
    s += "exec " + Command("\"${SLURM_ARRAY_TASK_ID:?not set: run this script with sbatch}\"") +
         "\n";
    AtomicFile::Write(path, s);
    chmod(path.c_str(), 0755);
    return path;
}

std::string
SweepEmitter::EmitParallel() const
{
    SweepLayout layout(m_plan);
    layout.Prepare();
    fs::path planDir = fs::absolute(layout.GetPlanDir()).lexically_normal();
    std::string path = (planDir / "jobs.txt").string();
    std::size_t runs = m_plan.GetRunCount();
    std::string s;
    s += "# GNU parallel job list for the vm-migration-sweep plan " + m_planPath + "\n";
    s += "# (" + std::to_string(runs) + " runs, one per line; results in " + planDir.string() +
         ").\n";
    s += "# Run on the hosts of hosts.txt (they must see these paths):\n";
    s += "#   parallel --sshloginfile hosts.txt < jobs.txt\n";
    s += "# i.e. parallel --sshloginfile hosts.txt < " + path + "\n";
    s += "# (these comment lines run as no-op shell commands; rerunning skips complete runs)\n";
    for (std::size_t i = 0; i < runs; ++i)
    {
        s += "cd " + Quote(m_cwd) + " && " + Command(std::to_string(i)) + "\n";
    }
    AtomicFile::Write(path, s);
    return path;
}
