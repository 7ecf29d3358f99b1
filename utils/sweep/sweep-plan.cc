/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-plan.h"

#include "atomic-file.h"
#include "tool-error.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
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
 * @param plan the plan (for the message)
 * @param where "args" or "grid" (for the message)
 * @param key the key
 * @throws ToolError naming the plan and the key if it cannot
 */
void
CheckKey(const SweepPlan& plan, const std::string& where, const std::string& key)
{
    auto fail = [&plan](const std::string& why) { throw ToolError(plan.GetOrigin() + ": " + why); };
    if (key.empty())
    {
        fail(where + " has an empty key");
    }
    if (RESERVED_KEYS.count(key) != 0)
    {
        fail(where + " key '" + key +
             "' is set by the sweep runner itself (RngRun from 'repetitions', out per run)");
    }
    if (key[0] == '-')
    {
        fail(where + " key '" + key + "' must be given without leading dashes");
    }
    for (char c : key)
    {
        if (c == '=' || static_cast<unsigned char>(c) <= ' ')
        {
            fail(where + " key '" + key + "' contains '=' or a blank");
        }
    }
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
                throw ToolError("duplicate key '" + m_lastKey + "'" +
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

/**
 * @brief Multiply two counts, failing on overflow or above a limit.
 * @param a a count
 * @param b another count
 * @param limit the largest product accepted
 * @param product set to a * b when true is returned
 * @return whether a * b fits and is at most @p limit
 */
bool
MultiplyWithin(std::size_t a, std::size_t b, std::size_t limit, std::size_t& product)
{
    std::size_t result = 0;
    if (__builtin_mul_overflow(a, b, &result) || result > limit)
    {
        return false;
    }
    product = result;
    return true;
}

/**
 * @brief A SAX handler that builds nothing and keeps where parsing failed.
 *
 * nlohmann's DOM parser reports a number beyond a double (1e400) as out_of_range without
 * its position; its SAX parser passes the position to parse_error().
 */
class ErrorLocator : public json::json_sax_t
{
  public:
    // The value events: each is accepted, and nothing is built.

    bool null() override
    {
        return true;
    }

    bool boolean(bool /* value */) override
    {
        return true;
    }

    bool number_integer(number_integer_t /* value */) override
    {
        return true;
    }

    bool number_unsigned(number_unsigned_t /* value */) override
    {
        return true;
    }

    bool number_float(number_float_t /* value */, const string_t& /* text */) override
    {
        return true;
    }

    bool string(string_t& /* value */) override
    {
        return true;
    }

    bool binary(binary_t& /* value */) override
    {
        return true;
    }

    bool start_object(std::size_t /* elements */) override
    {
        return true;
    }

    bool key(string_t& /* value */) override
    {
        return true;
    }

    bool end_object() override
    {
        return true;
    }

    bool start_array(std::size_t /* elements */) override
    {
        return true;
    }

    bool end_array() override
    {
        return true;
    }

    /**
     * @brief Keep the position of the token at fault.
     * @param position the byte just after the token
     * @param token the token
     * @return false: stop parsing
     */
    bool parse_error(std::size_t position,
                     const std::string& token,
                     const json::exception& /* error */) override
    {
        m_found = true;
        m_start = position >= token.size() ? position - token.size() : 0;
        return false;
    }

    /// @return whether an error was found
    bool Found() const
    {
        return m_found;
    }

    /// @return the byte offset at which the token at fault starts
    std::size_t GetStart() const
    {
        return m_start;
    }

  private:
    bool m_found{false};    //!< parse_error() was called
    std::size_t m_start{0}; //!< where the token at fault starts
};

/**
 * @brief Find where JSON text fails to parse, as a line and a column.
 * @param text the JSON text
 * @return "line L, column C" (1-based), or "an unknown position"
 */
std::string
LocateJsonError(const std::string& text)
{
    ErrorLocator locator;
    json::sax_parse(text, &locator);
    if (!locator.Found())
    {
        return "an unknown position";
    }
    std::size_t start = std::min(locator.GetStart(), text.size());
    std::size_t newline = start == 0 ? std::string::npos : text.rfind('\n', start - 1);
    std::size_t lineStart = newline == std::string::npos ? 0 : newline + 1;
    std::size_t line = 1 + std::count(text.begin(), text.begin() + start, '\n');
    return "line " + std::to_string(line) + ", column " + std::to_string(start - lineStart + 1);
}

/**
 * @brief Drop the "[json.exception.NAME.ID] " prefix of an nlohmann message.
 * @param what the message
 * @return the rest, which is what a user can act on
 */
std::string
WithoutExceptionId(const std::string& what)
{
    std::size_t close = what.find("] ");
    return close == std::string::npos ? what : what.substr(close + 2);
}

} // namespace

SweepPlan
SweepPlan::Load(const std::string& path, std::size_t maxRuns)
{
    std::string text;
    try
    {
        text = AtomicFile::Read(path, MAX_PLAN_BYTES);
    }
    catch (const ToolError& e)
    {
        throw ToolError(std::string("cannot read the plan: ") + e.what());
    }
    return Parse(text, path, maxRuns);
}

json
SweepPlan::ParseJson(const std::string& text) const
{
    try
    {
        DuplicateKeyCheck check;
        return json::parse(text, [&check](int depth, json::parse_event_t event, json& parsed) {
            return check(depth, event, parsed);
        });
    }
    catch (const json::parse_error& e)
    {
        // e.what() reads "[json.exception.parse_error.101] parse error at line L, column C:
        // ..."; the bracketed id means nothing to a user.
        Fail("malformed JSON: " + WithoutExceptionId(e.what()) + " (byte " +
             std::to_string(e.byte) + ")");
    }
    catch (const json::out_of_range& e)
    {
        // A number beyond a double, such as 1e400 (the only range error of parsing).
        Fail("malformed JSON: " + WithoutExceptionId(e.what()) + " at " + LocateJsonError(text) +
             " (a number must fit a double: at most about 1.8e308)");
    }
    catch (const ToolError& e)
    {
        Fail(e.what());
    }
}

SweepPlan
SweepPlan::Parse(const std::string& text, const std::string& origin, std::size_t maxRuns)
{
    SweepPlan plan;
    plan.m_origin = origin;
    plan.m_maxRuns = maxRuns;
    plan.m_json = plan.ParseJson(text);

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

    // nlohmann keeps integers >= 0 as unsigned: a negative or fractional count is not one.
    const json& reps = j["repetitions"];
    if (!reps.is_number_unsigned() || reps.get<uint64_t>() < 1)
    {
        plan.Fail("'repetitions' must be an integer from 1 to " + std::to_string(maxRuns) +
                  " (got " + reps.dump() + ")");
    }
    if (reps.get<uint64_t>() > maxRuns)
    {
        plan.Fail(plan.DescribeRunLimit());
    }
    static_assert(HIGHEST_MAX_RUNS <= std::numeric_limits<uint32_t>::max(),
                  "repetitions (RngRun) must fit 32 bits");
    plan.m_repetitions = static_cast<uint32_t>(reps.get<uint64_t>());

    if (j.contains("args"))
    {
        const json& args = j["args"];
        if (!args.is_object())
        {
            plan.Fail("'args' must be an object of key: value");
        }
        for (const auto& [key, value] : args.items())
        {
            CheckKey(plan, "args", key);
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
        CheckKey(plan, "grid", key);
        if (j.contains("args") && j["args"].contains(key))
        {
            plan.Fail("grid key '" + key + "' also appears in 'args'; keep it in one place");
        }
        plan.m_gridKeys.push_back(key);
        plan.m_gridValues.push_back(plan.ExpandGridEntry(key, entry));
        // Checked after each key, so that many long lists fail before they fill the memory.
        if (!MultiplyWithin(plan.m_pointCount,
                            plan.m_gridValues.back().size(),
                            maxRuns,
                            plan.m_pointCount))
        {
            plan.Fail(plan.DescribeRunLimit());
        }
    }
    std::size_t runs = 0;
    if (!MultiplyWithin(plan.m_pointCount, plan.m_repetitions, maxRuns, runs))
    {
        plan.Fail(plan.DescribeRunLimit());
    }
    return plan;
}

std::string
SweepPlan::DescribeRunLimit() const
{
    return "the plan has more than " + std::to_string(m_maxRuns) +
           " runs (grid points times repetitions), the limit; if so many are intended, raise "
           "it with --max-runs N (at most " +
           std::to_string(HIGHEST_MAX_RUNS) + ")";
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
        values = ExpandRange(where, entry);
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

std::vector<std::string>
SweepPlan::ExpandRange(const std::string& where, const json& entry) const
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
    if (entry["step"].get<double>() == 0)
    {
        Fail(where + ".step: must not be 0");
    }
    bool integral = entry["from"].is_number_integer() && entry["to"].is_number_integer() &&
                    entry["step"].is_number_integer();
    return integral ? ExpandIntegerRange(where, entry) : ExpandDecimalRange(where, entry);
}

std::vector<std::string>
SweepPlan::ExpandIntegerRange(const std::string& where, const json& entry) const
{
    auto bound = [&](const char* name) {
        const json& v = entry[name];
        if (v.is_number_unsigned() &&
            v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        {
            Fail(where + "." + name + ": " + v.dump() +
                 " is above the largest integer of a range, " +
                 std::to_string(std::numeric_limits<int64_t>::max()));
        }
        return v.get<int64_t>();
    };
    int64_t from = bound("from");
    int64_t to = bound("to");
    int64_t step = bound("step");
    if ((step > 0 && to < from) || (step < 0 && to > from))
    {
        Fail(where + ": range from " + std::to_string(from) + " to " + std::to_string(to) + " by " +
             std::to_string(step) + " is empty");
    }
    // In unsigned arithmetic (modulo 2^64) the distance between two int64 values and the
    // size of any step, INT64_MIN's included, are exact; int64 could overflow on both.
    uint64_t distance = step > 0 ? static_cast<uint64_t>(to) - static_cast<uint64_t>(from)
                                 : static_cast<uint64_t>(from) - static_cast<uint64_t>(to);
    uint64_t stride = step > 0 ? static_cast<uint64_t>(step) : 0 - static_cast<uint64_t>(step);
    uint64_t steps = distance / stride; // values - 1
    if (steps >= m_maxRuns)
    {
        Fail(where + ": range has more than " + std::to_string(m_maxRuns) +
             " values, the run limit; see --max-runs");
    }
    std::vector<std::string> values;
    int64_t v = from;
    for (uint64_t i = 0; i <= steps; ++i)
    {
        if (i > 0)
        {
            v += step; // cannot overflow: v stays between from and to
        }
        values.push_back(std::to_string(v));
    }
    return values;
}

std::vector<std::string>
SweepPlan::ExpandDecimalRange(const std::string& where, const json& entry) const
{
    double from = entry["from"].get<double>();
    double to = entry["to"].get<double>();
    double step = entry["step"].get<double>();
    double span = (to - from) / step;
    if (span < -1e-9)
    {
        Fail(where + ": range from " + entry["from"].dump() + " to " + entry["to"].dump() + " by " +
             entry["step"].dump() + " is empty");
    }
    // The small tolerance lets "to" count despite rounding (0.1 + 2 * 0.1 > 0.3).  Written
    // as !(count <= limit) so that an infinite span (a huge range by a tiny step) fails too.
    double count = std::floor(span + 1e-9) + 1;
    if (!(count <= static_cast<double>(m_maxRuns)))
    {
        Fail(where + ": range has more than " + std::to_string(m_maxRuns) +
             " values, the run limit; see --max-runs");
    }
    std::vector<std::string> values;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i)
    {
        // Round to 12 significant digits so 0.1 + 2 * 0.1 prints as 0.3, not as
        // 0.30000000000000004.
        char buffer[64];
        std::snprintf(buffer, sizeof(buffer), "%.12g", from + static_cast<double>(i) * step);
        values.push_back(FormatValue(json(std::strtod(buffer, nullptr))));
    }
    return values;
}

void
SweepPlan::Fail(const std::string& message) const
{
    throw ToolError(m_origin + ": " + message);
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

std::size_t
SweepPlan::GetMaxRuns() const
{
    return m_maxRuns;
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
