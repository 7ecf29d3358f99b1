/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-run-index.h"

#include "atomic-file.h"
#include "csv-table.h"
#include "sweep-layout.h"
#include "sweep-plan.h"

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

SweepRunIndex::SweepRunIndex(const SweepPlan& plan, const SweepLayout& layout)
    : m_plan(plan),
      m_layout(layout)
{
}

std::optional<SweepRunRecord>
SweepRunIndex::ReadRun(std::size_t index) const
{
    std::string name = m_plan.GetRunName(index);
    std::error_code ec;
    std::string marker = m_layout.GetRunDir(index) + "/" + SweepLayout::COMPLETE_MARKER;
    if (fs::is_regular_file(marker, ec))
    {
        return ParseRecord(marker, index, "runs/" + name);
    }
    std::string failed = m_layout.GetFailedDir(index) + "/" + SweepLayout::FAILED_MARKER;
    if (fs::is_regular_file(failed, ec))
    {
        return ParseRecord(failed, index, "runs/" + name + ".failed");
    }
    return std::nullopt;
}

std::optional<SweepRunRecord>
SweepRunIndex::ParseRecord(const std::string& path, std::size_t index, const std::string& dir) const
{
    try
    {
        nlohmann::json j = nlohmann::json::parse(AtomicFile::Read(path));
        SweepRunRecord record;
        record.index = index;
        record.status = j.at("status").get<std::string>();
        record.wallSeconds = j.at("wall_s").get<double>();
        record.exitCode = j.at("exit_code").get<int>();
        record.dir = dir;
        return record;
    }
    catch (const std::exception&)
    {
        // Written atomically, so unreadable only if edited by hand; such a run is treated
        // as never finished and redone.
        return std::nullopt;
    }
}

void
SweepRunIndex::Scan()
{
    m_records.clear();
    for (std::size_t i = 0; i < m_plan.GetRunCount(); ++i)
    {
        std::optional<SweepRunRecord> record = ReadRun(i);
        if (record)
        {
            m_records[i] = *record;
        }
    }
}

void
SweepRunIndex::Set(const SweepRunRecord& record)
{
    m_records[record.index] = record;
}

void
SweepRunIndex::Erase(std::size_t index)
{
    m_records.erase(index);
}

const std::map<std::size_t, SweepRunRecord>&
SweepRunIndex::GetRecords() const
{
    return m_records;
}

void
SweepRunIndex::Write() const
{
    std::vector<std::string> header = m_plan.GetGridKeys();
    for (const char* column : {"run", "status", "wall_s", "exit_code", "dir"})
    {
        header.emplace_back(column);
    }
    std::string text = CsvTable::FormatRow(header);
    for (const auto& [index, record] : m_records)
    {
        std::vector<std::string> row = m_plan.GetPointValues(m_plan.GetRunPoint(index));
        char wall[32];
        std::snprintf(wall, sizeof(wall), "%.3f", record.wallSeconds);
        row.push_back(std::to_string(m_plan.GetRunRngRun(index)));
        row.push_back(record.status);
        row.emplace_back(wall);
        row.push_back(std::to_string(record.exitCode));
        row.push_back(record.dir);
        text += CsvTable::FormatRow(row);
    }
    AtomicFile::Write(m_layout.GetRunsCsv(), text);
}

std::string
SweepRunIndex::FormatRecord(const SweepRunRecord& record)
{
    nlohmann::json j;
    j["index"] = record.index;
    j["status"] = record.status;
    j["wall_s"] = record.wallSeconds;
    j["exit_code"] = record.exitCode;
    return j.dump(2) + "\n";
}
