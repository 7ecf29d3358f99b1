/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-plan.h"

#include "ns3/log.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationPlan");

namespace
{

/// Latest start a plan may give (s): about 116 days, beyond any simulated study, and far
/// from where ns-3's Time loses its nanosecond resolution.
constexpr double MAX_AT_S = 1e7;

/// The CSV form's header.
constexpr const char* CSV_HEADER = "vm,target,at_s";

/// @return @p text without the spaces, tabs and carriage return around it
std::string
Trim(const std::string& text)
{
    size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos)
    {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

/// @return whether @p path ends with @p suffix
bool
EndsWith(const std::string& path, const std::string& suffix)
{
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

void
MigrationPlan::Add(const std::string& vm, const std::string& target, Time at)
{
    m_entries.push_back({vm, target, at});
}

const std::vector<MigrationPlan::Entry>&
MigrationPlan::GetEntries() const
{
    return m_entries;
}

std::string
MigrationPlan::AddChecked(const std::string& vm, const std::string& target, double atSeconds)
{
    if (vm.empty())
    {
        return "the VM's name is empty";
    }
    if (target.empty())
    {
        return "the target's name is empty";
    }
    if (!(atSeconds >= 0 && atSeconds <= MAX_AT_S))
    {
        return "at_s must be a number of seconds from 0 to 1e7";
    }
    Add(vm, target, Seconds(atSeconds));
    return "";
}

std::string
MigrationPlan::Read(const std::string& path, MigrationPlan& plan)
{
    bool json = EndsWith(path, ".json");
    if (!json && !EndsWith(path, ".csv"))
    {
        return path + ": a plan file ends with .csv or .json";
    }
    std::ifstream file(path);
    if (!file)
    {
        return path + ": cannot be read";
    }
    std::ostringstream text;
    text << file.rdbuf();
    return json ? ParseJson(text.str(), path, plan) : ParseCsv(text.str(), path, plan);
}

std::string
MigrationPlan::ParseCsv(const std::string& text, const std::string& origin, MigrationPlan& plan)
{
    plan = MigrationPlan();
    std::istringstream lines(text);
    std::string line;
    uint32_t number = 0;
    bool header = false;
    while (std::getline(lines, line))
    {
        ++number;
        std::string where = origin + ":" + std::to_string(number) + ": ";
        if (Trim(line).empty())
        {
            continue;
        }
        if (line.find('"') != std::string::npos)
        {
            return where + "quoted fields are not part of a plan's CSV";
        }
        std::vector<std::string> fields;
        std::istringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, ','))
        {
            fields.push_back(Trim(cell));
        }
        if (!header)
        {
            if (Trim(line) != CSV_HEADER)
            {
                return where + "the header must be '" + CSV_HEADER + "'";
            }
            header = true;
            continue;
        }
        if (fields.size() != 3 || line.back() == ',')
        {
            return where + "expected 3 fields (vm,target,at_s)";
        }
        char* end = nullptr;
        double at = std::strtod(fields[2].c_str(), &end);
        if (fields[2].empty() || *end != '\0')
        {
            return where + "at_s '" + fields[2] + "' is not a number";
        }
        std::string error = plan.AddChecked(fields[0], fields[1], at);
        if (!error.empty())
        {
            return where + error;
        }
    }
    if (!header)
    {
        return origin + ": empty; a plan's CSV starts with the header '" + CSV_HEADER + "'";
    }
    return "";
}

std::string
MigrationPlan::ParseJson(const std::string& text, const std::string& origin, MigrationPlan& plan)
{
    plan = MigrationPlan();
    nlohmann::json document;
    try
    {
        document = nlohmann::json::parse(text);
    }
    catch (const nlohmann::json::parse_error& e)
    {
        return origin + ": not JSON (" + e.what() + ")";
    }
    if (!document.is_object() || !document.contains("migrations") ||
        !document["migrations"].is_array())
    {
        return origin + ": expected an object with an array \"migrations\"";
    }
    size_t index = 0;
    for (const auto& entry : document["migrations"])
    {
        std::string where = origin + ": migrations[" + std::to_string(index++) + "]: ";
        if (!entry.is_object())
        {
            return where + "expected an object {\"vm\", \"target\", \"at_s\"}";
        }
        for (const auto& [key, value] : entry.items())
        {
            if (key != "vm" && key != "target" && key != "at_s")
            {
                return where + "unknown key \"" + key + "\" (vm | target | at_s)";
            }
        }
        if (!entry.contains("vm") || !entry["vm"].is_string() || !entry.contains("target") ||
            !entry["target"].is_string())
        {
            return where + "\"vm\" and \"target\" must be strings";
        }
        double at = 0;
        if (entry.contains("at_s"))
        {
            if (!entry["at_s"].is_number())
            {
                return where + "\"at_s\" must be a number";
            }
            at = entry["at_s"].get<double>();
        }
        std::string error = plan.AddChecked(entry["vm"], entry["target"], at);
        if (!error.empty())
        {
            return where + error;
        }
    }
    return "";
}

std::string
MigrationPlan::FormatCsv() const
{
    std::ostringstream csv;
    csv << CSV_HEADER << "\n";
    for (const Entry& e : m_entries)
    {
        csv << e.vm << "," << e.target << "," << e.at.GetSeconds() << "\n";
    }
    return csv.str();
}

} // namespace ns3
