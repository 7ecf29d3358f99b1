/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-csv-writer.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

namespace ns3
{

namespace
{
/// @return @p t in seconds with microsecond resolution
std::string
FormatSeconds(Time t)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.6f", t.GetMicroSeconds() / 1e6);
    return text;
}

/**
 * @return @p text as one unquoted CSV cell: the project's CSV readers split at every
 *         comma and line break, so a failure's reason has them replaced
 * @param text the text
 */
std::string
CsvCell(std::string text)
{
    for (char& c : text)
    {
        c = (c == ',' || c == '\n' || c == '\r' || c == '"') ? ';' : c;
    }
    return text;
}
} // namespace

std::string
MigrationCsvWriter::FormatMigrations(const std::vector<MigrationRecord>& records)
{
    std::ostringstream csv;
    csv << "vm,src,dst,strategy,memory_mib,start_s,end_s,total_s,downtime_s,bytes_sent,"
           "pages_sent,rounds,status\n";
    for (const auto& r : records)
    {
        csv << r.vm << ',' << r.source << ',' << r.target << ',' << r.strategy << ',' << r.memoryMiB
            << ',' << FormatSeconds(r.start) << ',' << FormatSeconds(r.end) << ','
            << FormatSeconds(r.GetTotalTime()) << ',' << FormatSeconds(r.GetDowntime()) << ','
            << r.bytesSent << ',' << r.pagesSent << ',' << r.rounds << ',' << CsvCell(r.GetStatus())
            << '\n';
    }
    return csv.str();
}

std::string
MigrationCsvWriter::FormatRounds(const std::vector<MigrationRoundRecord>& rounds)
{
    std::ostringstream csv;
    csv << "vm,round,start_s,end_s,pages_sent,pages_dirtied\n";
    for (const auto& r : rounds)
    {
        csv << r.vm << ',' << r.round << ',' << FormatSeconds(r.start) << ','
            << FormatSeconds(r.end) << ',' << r.pagesSent << ',' << r.pagesDirtied << '\n';
    }
    return csv.str();
}

std::string
MigrationCsvWriter::FormatEvents(const std::vector<MigrationRecord>& records)
{
    std::ostringstream csv;
    csv << "requested_s,suspended_s,resumed_s,released_s\n";
    for (const auto& r : records)
    {
        csv << FormatSeconds(r.start) << ',' << FormatSeconds(r.suspended) << ','
            << FormatSeconds(r.resumed) << ',' << FormatSeconds(r.end) << '\n';
    }
    return csv.str();
}

std::string
MigrationCsvWriter::PrepareDirectory(const std::string& directory)
{
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
    {
        return "cannot create directory " + directory + ": " + error.message();
    }
    std::string probe = directory + "/.write-test";
    std::FILE* file = std::fopen(probe.c_str(), "w");
    if (!file)
    {
        return "cannot write in directory " + directory + ": " + std::strerror(errno);
    }
    std::fclose(file);
    std::remove(probe.c_str());
    return "";
}

} // namespace ns3
