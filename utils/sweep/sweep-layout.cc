/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-layout.h"

#include "atomic-file.h"
#include "sweep-plan.h"
#include "tool-error.h"

#include <filesystem>

namespace fs = std::filesystem;

SweepLayout::SweepLayout(const SweepPlan& plan)
    : m_plan(plan),
      m_planDir((fs::path(plan.GetOut()) / plan.GetHash()).string())
{
}

std::string
SweepLayout::GetOutRoot() const
{
    return m_plan.GetOut();
}

std::string
SweepLayout::GetPlanDir() const
{
    return m_planDir;
}

std::string
SweepLayout::GetRunsDir() const
{
    return m_planDir + "/runs";
}

std::string
SweepLayout::GetPlanCopy() const
{
    return m_planDir + "/plan.json";
}

std::string
SweepLayout::GetRunsCsv() const
{
    return m_planDir + "/runs.csv";
}

std::string
SweepLayout::GetAggregateCsv() const
{
    return m_planDir + "/aggregate.csv";
}

std::string
SweepLayout::GetLockFile() const
{
    return m_planDir + "/.lock";
}

std::string
SweepLayout::GetRunDir(std::size_t index) const
{
    return GetRunsDir() + "/" + m_plan.GetRunName(index);
}

std::string
SweepLayout::GetTmpDir(std::size_t index) const
{
    return GetRunDir(index) + ".tmp";
}

std::string
SweepLayout::GetOutputsDir(std::size_t index) const
{
    return GetRunDir(index) + "/" + OUTPUTS;
}

std::string
SweepLayout::GetTmpOutputsDir(std::size_t index) const
{
    return (fs::absolute(GetTmpDir(index)) / OUTPUTS).lexically_normal().string();
}

std::string
SweepLayout::GetFailedDir(std::size_t index) const
{
    return GetRunDir(index) + ".failed";
}

bool
SweepLayout::IsComplete(std::size_t index) const
{
    std::error_code ec;
    return fs::is_regular_file(GetRunDir(index) + "/" + COMPLETE_MARKER, ec);
}

void
SweepLayout::Prepare() const
{
    std::error_code ec;
    fs::create_directories(GetRunsDir(), ec);
    if (ec)
    {
        throw ToolError("cannot create the results folder '" + GetRunsDir() + "': " + ec.message());
    }
    std::string copy = GetPlanCopy();
    if (fs::exists(copy, ec))
    {
        nlohmann::json existing;
        try
        {
            existing = nlohmann::json::parse(AtomicFile::Read(copy));
        }
        catch (const nlohmann::json::exception& e)
        {
            throw ToolError(copy + ": unreadable plan copy (" + e.what() + "); remove the folder " +
                            m_planDir + " to start over");
        }
        if (existing != m_plan.GetJson())
        {
            throw ToolError(copy + " holds a different plan with the same hash " +
                            m_plan.GetHash() + "; move that folder away to run this plan");
        }
        return;
    }
    AtomicFile::Write(copy, m_plan.GetJson().dump(2) + "\n");
}
