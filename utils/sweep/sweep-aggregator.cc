/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-aggregator.h"

#include "atomic-file.h"
#include "csv-table.h"
#include "sample-statistics.h"
#include "sweep-layout.h"
#include "sweep-plan.h"
#include "sweep-run-index.h"
#include "tool-error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <set>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace
{

/// The per-run files aggregated, and the prefix their columns get.
const std::pair<const char*, const char*> SOURCES[] = {{"migrations.csv", ""},
                                                       {"summary.csv", "summary."}};

} // namespace

SweepAggregator::SweepAggregator(const SweepPlan& plan)
    : m_plan(plan)
{
}

int
SweepAggregator::ParseNumber(const std::string& cell, double& value)
{
    std::size_t first = cell.find_first_not_of(" \t");
    if (first == std::string::npos)
    {
        return 0;
    }
    std::size_t last = cell.find_last_not_of(" \t");
    std::string text = cell.substr(first, last - first + 1);
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
    {
        return -1;
    }
    if (!std::isfinite(v))
    {
        return 0;
    }
    value = v;
    return 1;
}

std::string
SweepAggregator::FormatNumber(double value)
{
    if (std::isnan(value))
    {
        return "";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%.9g", value);
    return buffer;
}

int
SweepAggregator::Aggregate()
{
    SweepLayout layout(m_plan);
    std::error_code ec;
    if (!fs::is_directory(layout.GetRunsDir(), ec))
    {
        throw ToolError("no results for the plan " + m_plan.GetOrigin() + " under " +
                        layout.GetPlanDir() + " (\"out\" is relative to the current folder); " +
                        "run it first");
    }

    // Rebuild runs.csv from the folders (SLURM tasks do not write it), unless a whole sweep
    // holds the exclusive lock: it rewrites runs.csv itself after every run.
    SweepRunIndex runIndex(m_plan, layout);
    runIndex.Scan();
    int lockFd = open(layout.GetLockFile().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lockFd >= 0 && flock(lockFd, LOCK_SH | LOCK_NB) == 0)
    {
        runIndex.Write();
    }
    else
    {
        std::fprintf(stderr,
                     "aggregate: a sweep of this plan is running; aggregating the runs "
                     "complete so far\n");
    }
    if (lockFd >= 0)
    {
        close(lockFd);
    }

    // samples[point][column] in run order; columns in order of first appearance.
    std::vector<std::map<std::string, std::vector<double>>> samples(m_plan.GetPointCount());
    std::vector<std::string> columns;
    std::set<std::string> known;
    std::set<std::string> textual;
    std::size_t complete = 0;
    for (std::size_t index = 0; index < m_plan.GetRunCount(); ++index)
    {
        if (!layout.IsComplete(index))
        {
            continue;
        }
        ++complete;
        std::size_t point = m_plan.GetRunPoint(index);
        for (const auto& [file, prefix] : SOURCES)
        {
            std::string path = layout.GetOutputsDir(index) + "/" + file;
            if (!fs::is_regular_file(path, ec))
            {
                continue;
            }
            CsvTable table = CsvTable::Read(path);
            for (std::size_t c = 0; c < table.header.size(); ++c)
            {
                std::string column = prefix + table.header[c];
                if (known.insert(column).second)
                {
                    columns.push_back(column);
                }
                std::vector<double>& values = samples[point][column];
                for (const std::vector<std::string>& row : table.rows)
                {
                    double value = 0;
                    int kind = ParseNumber(row[c], value);
                    if (kind > 0)
                    {
                        values.push_back(value);
                    }
                    else if (kind < 0)
                    {
                        textual.insert(column);
                    }
                }
            }
        }
    }

    std::vector<std::string> header = m_plan.GetGridKeys();
    for (const char* name : {"column", "n", "mean", "sd", "ci95_low", "ci95_high"})
    {
        header.emplace_back(name);
    }
    std::string text = CsvTable::FormatRow(header);
    std::size_t rows = 0;
    for (std::size_t point = 0; point < m_plan.GetPointCount(); ++point)
    {
        std::vector<std::string> values = m_plan.GetPointValues(point);
        for (const std::string& column : columns)
        {
            if (textual.count(column) != 0)
            {
                continue;
            }
            auto it = samples[point].find(column);
            SampleStatistics stats(it == samples[point].end() ? std::vector<double>() : it->second);
            double half = stats.GetHalfWidth(LEVEL);
            std::vector<std::string> row = values;
            row.push_back(column);
            row.push_back(std::to_string(stats.GetCount()));
            row.push_back(FormatNumber(stats.GetMean()));
            row.push_back(FormatNumber(stats.GetStandardDeviation()));
            row.push_back(FormatNumber(stats.GetMean() - half));
            row.push_back(FormatNumber(stats.GetMean() + half));
            text += CsvTable::FormatRow(row);
            ++rows;
        }
    }

    AtomicFile::Write(layout.GetAggregateCsv(), text);
    std::string copy = (fs::path(layout.GetOutRoot()) / "aggregate.csv").string();
    AtomicFile::Write(copy, text);
    std::fprintf(stderr,
                 "aggregate: %zu of %zu runs complete, %zu rows: %s (copy: %s)\n",
                 complete,
                 m_plan.GetRunCount(),
                 rows,
                 layout.GetAggregateCsv().c_str(),
                 copy.c_str());
    if (complete == 0)
    {
        std::fprintf(stderr, "aggregate: no complete run: nothing to aggregate\n");
        return 1;
    }
    return 0;
}
