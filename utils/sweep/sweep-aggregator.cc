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

/// The numbers of the complete runs' files, by grid point and column.
struct Samples
{
    /// samples[point][column]: the column's numbers, in run order
    std::vector<std::map<std::string, std::vector<double>>> values;
    std::vector<std::string> columns; //!< in order of first appearance
    std::set<std::string> known;      //!< the same, to look up
    std::set<std::string> textual;    //!< columns with a cell that is not a number
    std::size_t complete{0};          //!< complete runs
};

/**
 * @brief Rebuild runs.csv from the folders (SLURM tasks do not write it), unless a whole
 *        sweep holds the exclusive lock: it rewrites runs.csv itself after every run.
 * @param plan the plan
 * @param layout its folders
 */
void
RefreshRunIndex(const SweepPlan& plan, const SweepLayout& layout)
{
    SweepRunIndex runIndex(plan, layout);
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
}

/**
 * @brief Add one CSV file's columns to its grid point's samples.
 * @param path the file
 * @param prefix what its column names get
 * @param point the run's grid point
 * @param samples where they go
 */
void
AddFile(const std::string& path, const std::string& prefix, std::size_t point, Samples& samples)
{
    CsvTable table = CsvTable::Read(path);
    for (std::size_t c = 0; c < table.header.size(); ++c)
    {
        std::string column = prefix + table.header[c];
        if (samples.known.insert(column).second)
        {
            samples.columns.push_back(column);
        }
        std::vector<double>& values = samples.values[point][column];
        for (const std::vector<std::string>& row : table.rows)
        {
            double value = 0;
            int kind = SweepAggregator::ParseNumber(row[c], value);
            if (kind > 0)
            {
                values.push_back(value);
            }
            else if (kind < 0)
            {
                samples.textual.insert(column);
            }
        }
    }
}

/**
 * @param plan the plan
 * @param layout its folders
 * @return the numbers of its complete runs' migrations.csv and summary.csv
 */
Samples
CollectSamples(const SweepPlan& plan, const SweepLayout& layout)
{
    Samples samples;
    samples.values.resize(plan.GetPointCount());
    std::error_code ec;
    for (std::size_t index = 0; index < plan.GetRunCount(); ++index)
    {
        if (!layout.IsComplete(index))
        {
            continue;
        }
        ++samples.complete;
        for (const auto& [file, prefix] : SOURCES)
        {
            std::string path = layout.GetOutputsDir(index) + "/" + file;
            if (fs::is_regular_file(path, ec))
            {
                AddFile(path, prefix, plan.GetRunPoint(index), samples);
            }
        }
    }
    return samples;
}

/**
 * @param plan the plan
 * @param samples its runs' numbers
 * @param [out] rows the data rows written
 * @return aggregate.csv: per grid point and numeric column, n, mean, sd and the CI's ends
 */
std::string
FormatAggregate(const SweepPlan& plan, const Samples& samples, std::size_t& rows)
{
    std::vector<std::string> header = plan.GetGridKeys();
    for (const char* name : {"column", "n", "mean", "sd", "ci95_low", "ci95_high"})
    {
        header.emplace_back(name);
    }
    std::string text = CsvTable::FormatRow(header);
    rows = 0;
    for (std::size_t point = 0; point < plan.GetPointCount(); ++point)
    {
        for (const std::string& column : samples.columns)
        {
            if (samples.textual.count(column) != 0)
            {
                continue;
            }
            auto it = samples.values[point].find(column);
            SampleStatistics stats(it == samples.values[point].end() ? std::vector<double>()
                                                                     : it->second);
            double half = stats.GetHalfWidth(SweepAggregator::LEVEL);
            std::vector<std::string> row = plan.GetPointValues(point);
            row.push_back(column);
            row.push_back(std::to_string(stats.GetCount()));
            row.push_back(SweepAggregator::FormatNumber(stats.GetMean()));
            row.push_back(SweepAggregator::FormatNumber(stats.GetStandardDeviation()));
            row.push_back(SweepAggregator::FormatNumber(stats.GetMean() - half));
            row.push_back(SweepAggregator::FormatNumber(stats.GetMean() + half));
            text += CsvTable::FormatRow(row);
            ++rows;
        }
    }
    return text;
}

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

    RefreshRunIndex(m_plan, layout);
    Samples samples = CollectSamples(m_plan, layout);
    std::size_t complete = samples.complete;
    std::size_t rows = 0;
    std::string text = FormatAggregate(m_plan, samples, rows);
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
