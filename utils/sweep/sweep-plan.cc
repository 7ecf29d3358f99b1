/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-plan.h"

#include "atomic-file.h"
#include "sweep-error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;

namespace
{

/// The top-level keys a plan may have, sorted (they are listed in error messages).
const std::set<std::string> ALLOWED_KEYS = {"args", "grid", "out", "program", "repetitions"};

/// Arguments the runner sets itself; a plan may not set them.
const std::set<std::string> RESERVED_KEYS = {"RngRun", "out"};

/**
 * @brief Whether @p path names an executable regular file.
 * @param path the candidate
 * @return true if it can be exec'ed
 */
bool
IsExecutableFile(const fs::path& path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

/**
 * @brief Make a value safe as part of a folder name.
 * @param text the value
 * @return @p text with characters other than [A-Za-z0-9._+=-] replaced by '_'
 */
std::string
Sanitize(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
    {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '+' || c == '-' || c == '=';
        if (!ok)
        {
            c = '_';
        }
    }
    return out;
}

/**
 * @brief Check that a key can be passed as --key=value to an ns-3 CommandLine.
 * @param where "args" or "grid" (for the message)
 * @param key the key
 * @return an empty string if the key is fine, else the reason
 */
std::string
CheckKey(const std::string& where, const std::string& key)
{
    if (key.empty())
    {
        return where + " has an empty key";
    }
    if (RESERVED_KEYS.count(key) != 0)
    {
        return where + " key '" + key +
               "' is set by the sweep runner itself (RngRun from 'repetitions', out per run)";
    }
    if (key[0] == '-')
    {
        return where + " key '" + key + "' must be given without leading dashes";
    }
    for (char c : key)
    {
        if (c == '=' || static_cast<unsigned char>(c) <= ' ')
        {
            return where + " key '" + key + "' contains '=' or a blank";
        }
    }
    return "";
}

/**
 * @brief Throwing parser callback that rejects duplicate object keys.
 *
 * nlohmann::json silently keeps the last of two equal keys; in a plan that is nearly always
 * a mistake ("memory" listed twice in the grid, the first list silently lost).
 */
class DuplicateKeyCheck
{
  public:
    /**
     * @brief The nlohmann parser callback.
     * @param event the parse event
     * @param parsed the value (the key, for key events)
     * @return true: keep every value
     */
    bool operator()(int /* depth */, json::parse_event_t event, json& parsed)
    {
        switch (event)
        {
        case json::parse_event_t::object_start:
            m_path.push_back(m_lastKey);
            m_keys.emplace_back();
            break;
        case json::parse_event_t::object_end:
            m_keys.pop_back();
            m_path.pop_back();
            break;
        case json::parse_event_t::key: {
            m_lastKey = parsed.get<std::string>();
            if (!m_keys.back().insert(m_lastKey).second)
            {
                std::string where;
                for (const std::string& name : m_path)
                {
                    where += (where.empty() || name.empty() ? "" : ".") + name;
                }
                throw SweepError("duplicate key '" + m_lastKey + "'" +
                                 (where.empty() ? " at the top level" : " in " + where));
            }
            break;
        }
        default:
            break;
        }
        return true;
    }

  private:
    std::vector<std::set<std::string>> m_keys; //!< keys seen in each open object
    std::vector<std::string> m_path;           //!< the key of each open object
    std::string m_lastKey;                     //!< the last key read
};

} // namespace

SweepPlan
SweepPlan::Load(const std::string& path)
{
    std::string text;
    try
    {
        text = AtomicFile::Read(path);
    }
    catch (const SweepError& e)
    {
        throw SweepError(std::string("cannot read the plan: ") + e.what());
    }
    return Parse(text, path);
}

SweepPlan
SweepPlan::Parse(const std::string& text, const std::string& origin)
{
    SweepPlan plan;
    plan.m_origin = origin;
    try
    {
        DuplicateKeyCheck check;
        plan.m_json =
            json::parse(text, [&check](int depth, json::parse_event_t event, json& parsed) {
                return check(depth, event, parsed);
            });
    }
    catch (const json::parse_error& e)
    {
        // e.what() reads "[json.exception.parse_error.101] parse error at line L, column C:
        // ..."; the bracketed id means nothing to a user.
        std::string what = e.what();
        std::size_t close = what.find("] ");
        if (close != std::string::npos)
        {
            what = what.substr(close + 2);
        }
        plan.Fail("malformed JSON: " + what + " (byte " + std::to_string(e.byte) + ")");
    }
    catch (const SweepError& e)
    {
        plan.Fail(e.what());
    }

    const json& j = plan.m_json;
    if (!j.is_object())
    {
        plan.Fail("the plan must be a JSON object with keys program, grid, repetitions, out "
                  "(and optionally args)");
    }
    for (const auto& [key, value] : j.items())
    {
        if (ALLOWED_KEYS.count(key) == 0)
        {
            plan.Fail("unknown key '" + key +
                      "' at the top level (allowed: args, grid, out, program, repetitions)");
        }
    }
    for (const char* key : {"program", "grid", "repetitions", "out"})
    {
        if (!j.contains(key))
        {
            plan.Fail(std::string("missing key '") + key + "'");
        }
    }

    if (!j["program"].is_string() || j["program"].get<std::string>().empty())
    {
        plan.Fail("'program' must be a non-empty string");
    }
    plan.m_program = j["program"].get<std::string>();

    if (!j["out"].is_string() || j["out"].get<std::string>().empty())
    {
        plan.Fail("'out' must be a non-empty string (a folder, relative to the current folder)");
    }
    plan.m_out = j["out"].get<std::string>();

    const json& reps = j["repetitions"];
    if (!reps.is_number_integer() || reps.get<int64_t>() < 1 ||
        reps.get<int64_t>() > static_cast<int64_t>(MAX_RUNS))
    {
        plan.Fail("'repetitions' must be an integer from 1 to " + std::to_string(MAX_RUNS) +
                  " (got " + reps.dump() + ")");
    }
    plan.m_repetitions = static_cast<uint32_t>(reps.get<int64_t>());

    if (j.contains("args"))
    {
        const json& args = j["args"];
        if (!args.is_object())
        {
            plan.Fail("'args' must be an object of key: value");
        }
        for (const auto& [key, value] : args.items())
        {
            std::string problem = CheckKey("args", key);
            if (!problem.empty())
            {
                plan.Fail(problem);
            }
            if (!value.is_primitive() || value.is_null())
            {
                plan.Fail("args." + key + " must be a string, number or boolean");
            }
            plan.m_args.emplace_back(key, FormatValue(value));
        }
    }

    const json& grid = j["grid"];
    if (!grid.is_object())
    {
        plan.Fail("'grid' must be an object of key: [values] or key: {\"from\", \"to\", \"step\"}");
    }
    if (grid.empty())
    {
        plan.Fail("'grid' is empty: give at least one key with its list of values");
    }
    plan.m_pointCount = 1;
    for (const auto& [key, entry] : grid.items())
    {
        std::string problem = CheckKey("grid", key);
        if (!problem.empty())
        {
            plan.Fail(problem);
        }
        if (j.contains("args") && j["args"].contains(key))
        {
            plan.Fail("grid key '" + key + "' also appears in 'args'; keep it in one place");
        }
        plan.m_gridKeys.push_back(key);
        plan.m_gridValues.push_back(plan.ExpandGridEntry(key, entry));
        std::size_t count = plan.m_gridValues.back().size();
        if (plan.m_pointCount > MAX_RUNS / count)
        {
            plan.Fail("the grid has more than " + std::to_string(MAX_RUNS) + " points");
        }
        plan.m_pointCount *= count;
    }
    if (plan.m_pointCount > MAX_RUNS / plan.m_repetitions)
    {
        plan.Fail("the plan has more than " + std::to_string(MAX_RUNS) +
                  " runs (grid points times repetitions)");
    }
    return plan;
}

std::vector<std::string>
SweepPlan::ExpandGridEntry(const std::string& key, const json& entry) const
{
    const std::string where = "grid." + key;
    std::vector<std::string> values;
    if (entry.is_array())
    {
        if (entry.empty())
        {
            Fail(where + ": empty list (give at least one value)");
        }
        for (std::size_t i = 0; i < entry.size(); ++i)
        {
            if (!entry[i].is_primitive() || entry[i].is_null())
            {
                Fail(where + "[" + std::to_string(i) + "]: must be a string, number or boolean");
            }
            values.push_back(FormatValue(entry[i]));
        }
    }
    else if (entry.is_object())
    {
        const std::string form = " (a range is {\"from\": a, \"to\": b, \"step\": s})";
        for (const auto& [name, v] : entry.items())
        {
            if (name != "from" && name != "to" && name != "step")
            {
                Fail(where + ": unknown range key '" + name + "'" + form);
            }
            if (!v.is_number())
            {
                Fail(where + "." + name + ": must be a number");
            }
        }
        for (const char* name : {"from", "to", "step"})
        {
            if (!entry.contains(name))
            {
                Fail(where + ": range without '" + name + "'" + form);
            }
        }
        const json& from = entry["from"];
        const json& to = entry["to"];
        const json& step = entry["step"];
        if (step.get<double>() == 0)
        {
            Fail(where + ".step: must not be 0");
        }
        double span = (to.get<double>() - from.get<double>()) / step.get<double>();
        if (span < -1e-9)
        {
            Fail(where + ": range from " + from.dump() + " to " + to.dump() + " by " + step.dump() +
                 " is empty");
        }
        // The small tolerance lets "to" count despite rounding (0.1 + 2 * 0.1 > 0.3).
        double count = std::floor(span + 1e-9) + 1;
        if (count > static_cast<double>(MAX_RUNS))
        {
            Fail(where + ": range has more than " + std::to_string(MAX_RUNS) + " values");
        }
        bool integral =
            from.is_number_integer() && to.is_number_integer() && step.is_number_integer();
        for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i)
        {
            if (integral)
            {
                int64_t v = from.get<int64_t>() + static_cast<int64_t>(i) * step.get<int64_t>();
                values.push_back(std::to_string(v));
            }
            else
            {
                // Round to 12 significant digits so 0.1 + 2 * 0.1 prints as 0.3, not as
                // 0.30000000000000004.
                char buffer[64];
                std::snprintf(buffer,
                              sizeof(buffer),
                              "%.12g",
                              from.get<double>() + static_cast<double>(i) * step.get<double>());
                values.push_back(FormatValue(json(std::strtod(buffer, nullptr))));
            }
        }
    }
    else
    {
        Fail(where + ": must be a list of values or a range {\"from\": a, \"to\": b, \"step\": s}");
    }
    std::set<std::string> seen;
    for (const std::string& v : values)
    {
        if (!seen.insert(v).second)
        {
            Fail(where + ": value '" + v + "' appears twice");
        }
    }
    return values;
}

void
SweepPlan::Fail(const std::string& message) const
{
    throw SweepError(m_origin + ": " + message);
}

const std::string&
SweepPlan::GetOrigin() const
{
    return m_origin;
}

const std::string&
SweepPlan::GetProgram() const
{
    return m_program;
}

std::string
SweepPlan::ResolveProgram() const
{
    if (m_program.find('/') != std::string::npos)
    {
        fs::path program(m_program);
        if (program.is_relative())
        {
            program = fs::absolute(m_origin).parent_path() / program;
        }
        program = program.lexically_normal();
        if (!IsExecutableFile(program))
        {
            Fail("program '" + m_program + "' (" + program.string() +
                 ") does not exist or is not an executable file");
        }
        return program.string();
    }

    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    std::string besideDir =
        ec ? std::string("(unknown: /proc/self/exe unreadable)") : self.parent_path().string();
    if (!ec && IsExecutableFile(self.parent_path() / m_program))
    {
        return (self.parent_path() / m_program).string();
    }
    const char* env = std::getenv("PATH");
    std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= path.size())
    {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos)
        {
            end = path.size();
        }
        std::string dir = path.substr(start, end - start);
        fs::path candidate = fs::path(dir.empty() ? "." : dir) / m_program;
        if (IsExecutableFile(candidate))
        {
            return fs::absolute(candidate).lexically_normal().string();
        }
        start = end + 1;
    }
    Fail("program '" + m_program + "' not found beside the sweep binary (" + besideDir +
         ") nor on PATH");
}

const std::vector<std::string>&
SweepPlan::GetGridKeys() const
{
    return m_gridKeys;
}

std::size_t
SweepPlan::GetPointCount() const
{
    return m_pointCount;
}

std::vector<std::string>
SweepPlan::GetPointValues(std::size_t point) const
{
    // Mixed-radix digits of the point index, last key fastest (like nested loops).
    std::vector<std::string> values(m_gridKeys.size());
    for (std::size_t k = m_gridKeys.size(); k-- > 0;)
    {
        std::size_t n = m_gridValues[k].size();
        values[k] = m_gridValues[k][point % n];
        point /= n;
    }
    return values;
}

uint32_t
SweepPlan::GetRepetitions() const
{
    return m_repetitions;
}

std::size_t
SweepPlan::GetRunCount() const
{
    return m_pointCount * m_repetitions;
}

std::size_t
SweepPlan::GetRunPoint(std::size_t index) const
{
    return index / m_repetitions;
}

uint32_t
SweepPlan::GetRunRngRun(std::size_t index) const
{
    return static_cast<uint32_t>(index % m_repetitions) + 1;
}

std::string
SweepPlan::GetRunName(std::size_t index) const
{
    std::string number = std::to_string(index);
    std::size_t width = std::max<std::size_t>(4, std::to_string(GetRunCount() - 1).size());
    number.insert(0, width - number.size(), '0');

    std::string middle;
    std::vector<std::string> values = GetPointValues(GetRunPoint(index));
    for (std::size_t k = 0; k < m_gridKeys.size(); ++k)
    {
        middle += "-" + Sanitize(m_gridKeys[k]) + "=" + Sanitize(values[k]);
    }
    // File names are limited to 255 bytes; the index alone keeps names unique.
    const std::size_t maxMiddle = 200;
    if (middle.size() > maxMiddle)
    {
        middle.resize(maxMiddle);
    }
    return number + middle + "-rep" + std::to_string(GetRunRngRun(index));
}

std::vector<std::string>
SweepPlan::GetRunArguments(std::size_t index,
                           const std::string& program,
                           const std::string& outDir) const
{
    std::vector<std::string> argv{program};
    for (const auto& [key, value] : m_args)
    {
        argv.push_back("--" + key + "=" + value);
    }
    std::vector<std::string> values = GetPointValues(GetRunPoint(index));
    for (std::size_t k = 0; k < m_gridKeys.size(); ++k)
    {
        argv.push_back("--" + m_gridKeys[k] + "=" + values[k]);
    }
    argv.push_back("--RngRun=" + std::to_string(GetRunRngRun(index)));
    argv.push_back("--out=" + outDir);
    return argv;
}

const std::vector<std::pair<std::string, std::string>>&
SweepPlan::GetArgs() const
{
    return m_args;
}

std::string
SweepPlan::GetCanonicalJson() const
{
    return m_json.dump();
}

const json&
SweepPlan::GetJson() const
{
    return m_json;
}

std::string
SweepPlan::GetHash() const
{
    // FNV-1a, 64 bits: no crypto library needed, and a collision is caught anyway because the
    // results folder keeps a copy of the plan that is compared before use.
    uint64_t hash = 14695981039346656037ULL;
    for (unsigned char c : GetCanonicalJson())
    {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

const std::string&
SweepPlan::GetOut() const
{
    return m_out;
}

std::string
SweepPlan::FormatValue(const json& value)
{
    if (value.is_string())
    {
        return value.get<std::string>();
    }
    if (value.is_boolean())
    {
        return value.get<bool>() ? "true" : "false";
    }
    if (value.is_number_unsigned())
    {
        return std::to_string(value.get<uint64_t>());
    }
    if (value.is_number_integer())
    {
        return std::to_string(value.get<int64_t>());
    }
    double d = value.get<double>();
    char buffer[64];
    for (int precision = 1; precision <= 17; ++precision)
    {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, d);
        if (std::strtod(buffer, nullptr) == d)
        {
            break;
        }
    }
    return buffer;
}
