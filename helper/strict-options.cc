/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "strict-options.h"

#include "ns3/string.h"
#include "ns3/type-id.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{
/// @return @p value as --help shows a default
template <typename T>
std::string
Show(const T& value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

/**
 * @param text a time's text
 * @return whether ns-3's Time parses it without aborting: a number, then one of its
 *         units or none (seconds)
 */
bool
IsTime(const std::string& text)
{
    std::string::size_type unit = text.find_first_not_of("+-0123456789.eE");
    std::string suffix = unit == std::string::npos ? "" : text.substr(unit);
    static const std::set<std::string> units =
        {"", "s", "ms", "us", "ns", "ps", "fs", "min", "h", "d", "y"};
    double number = 0;
    return units.count(suffix) == 1 &&
           StrictOptions::ParseReal(text.substr(0, unit), number).empty();
}
} // namespace

StrictOptions::StrictOptions()
    : m_error(std::make_shared<std::string>())
{
}

std::string
StrictOptions::ParseReal(const std::string& text, double& value)
{
    // strtod alone would accept leading blanks, "inf", "nan" and hexadecimal.
    if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string::npos)
    {
        return "is not a number";
    }
    errno = 0;
    char* end = nullptr;
    double parsed = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size())
    {
        return "is not a number";
    }
    if (errno == ERANGE || !std::isfinite(parsed))
    {
        return "is out of the range of a double";
    }
    value = parsed;
    return "";
}

std::string
StrictOptions::ParseInteger(const std::string& text, int64_t min, int64_t max, int64_t& value)
{
    size_t digits = min < 0 && !text.empty() && text[0] == '-' ? 1 : 0;
    if (text.size() == digits || text.find_first_not_of("0123456789", digits) != std::string::npos)
    {
        return min < 0 ? "is not a whole number"
                       : "is not a whole number >= " + std::to_string(min);
    }
    errno = 0;
    char* end = nullptr;
    long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (errno == ERANGE || parsed < min || parsed > max)
    {
        return "is not between " + std::to_string(min) + " and " + std::to_string(max);
    }
    value = parsed;
    return "";
}

std::string
StrictOptions::ParseFlag(const std::string& text, bool& value)
{
    // A bare "--flag" sets it, as ns-3's own boolean options do.
    if (text.empty() || text == "1" || text == "true")
    {
        value = true;
        return "";
    }
    if (text == "0" || text == "false")
    {
        value = false;
        return "";
    }
    return "is not 0, 1, true or false";
}

void
StrictOptions::Register(CommandLine& cmd,
                        const std::string& name,
                        const std::string& help,
                        std::function<std::string(const std::string&)> parse,
                        const std::string& shown)
{
    std::shared_ptr<std::string> error = m_error;
    auto callback = [error, name, parse](std::string text) {
        std::string why = parse(text);
        if (!why.empty() && error->empty())
        {
            *error = "--" + name + ": '" + text + "' " + why;
        }
        return true; // reported by GetError, with the program's other input errors
    };
    cmd.AddValue(name, help, Callback<bool, std::string>(callback), shown);
}

void
StrictOptions::Add(CommandLine& cmd,
                   const std::string& name,
                   const std::string& help,
                   double& value)
{
    Register(
        cmd,
        name,
        help,
        [&value](const std::string& text) { return ParseReal(text, value); },
        Show(value));
}

void
StrictOptions::Add(CommandLine& cmd, const std::string& name, const std::string& help, bool& value)
{
    Register(
        cmd,
        name,
        help,
        [&value](const std::string& text) { return ParseFlag(text, value); },
        value ? "true" : "false");
}

void
StrictOptions::Add(CommandLine& cmd,
                   const std::string& name,
                   const std::string& help,
                   std::string& value)
{
    Register(
        cmd,
        name,
        help,
        [&value](const std::string& text) {
            value = text;
            return std::string();
        },
        value);
}

void
StrictOptions::Add(CommandLine& cmd,
                   const std::string& name,
                   const std::string& help,
                   double& value,
                   double min,
                   double max)
{
    auto parse = [&value, min, max](const std::string& text) {
        double parsed = 0;
        std::string why = ParseReal(text, parsed);
        if (why.empty() && !(parsed >= min && parsed <= max))
        {
            why = "is not between " + Show(min) + " and " + Show(max);
        }
        value = why.empty() ? parsed : value;
        return why;
    };
    Register(cmd, name, help, parse, Show(value));
}

std::string
StrictOptions::CheckValue(Ptr<const AttributeChecker> checker, const std::string& value)
{
    // DoubleValue and TimeValue abort on a text that is not one.
    std::string type = checker->GetValueTypeName();
    double number = 0;
    int64_t whole = 0;
    if (type == "ns3::DoubleValue" && !ParseReal(value, number).empty())
    {
        return "is not a number";
    }
    // ns-3's integer parsers read a prefix ("12abc", "1.5") and wrap "-1" into an
    // unsigned type; the checker then sees another number than the one given.
    if ((type == "ns3::UintegerValue" || type == "ns3::IntegerValue") &&
        !ParseInteger(value,
                      std::numeric_limits<int64_t>::min(),
                      std::numeric_limits<int64_t>::max(),
                      whole)
             .empty())
    {
        return "is not a whole number";
    }
    if (type == "ns3::TimeValue" && !IsTime(value))
    {
        return "is not a time (a number, then s, ms, us, ns, ...)";
    }
    if (!checker->CreateValidValue(StringValue(value)))
    {
        return "is not a value it accepts" +
               (checker->HasUnderlyingTypeInformation()
                    ? " (" + checker->GetUnderlyingTypeInformation() + ")"
                    : std::string());
    }
    return "";
}

std::string
StrictOptions::CheckAttributeValue(const std::string& name, const std::string& value, bool& known)
{
    // As Config::SetDefault finds it: among the attributes the class itself declares.
    known = false;
    std::string::size_type split = name.rfind("::");
    if (split == std::string::npos)
    {
        return "";
    }
    TypeId tid;
    std::string type = name.substr(0, split);
    if (!TypeId::LookupByNameFailSafe(type, &tid) &&
        !TypeId::LookupByNameFailSafe("ns3::" + type, &tid))
    {
        return "";
    }
    for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        if (tid.GetAttribute(i).name == name.substr(split + 2))
        {
            known = true;
            return CheckValue(tid.GetAttribute(i).checker, value);
        }
    }
    return "";
}

std::vector<char*>
StrictOptions::RemoveRefusedAttributes(int argc, char* argv[])
{
    std::vector<char*> kept;
    for (int i = 0; i < argc; ++i)
    {
        std::string arg = argv[i];
        std::string::size_type equals = arg.find('=');
        if (i > 0 && arg.rfind("--", 0) == 0 && equals != std::string::npos &&
            arg.find("::") < equals)
        {
            std::string name = arg.substr(2, equals - 2);
            std::string value = arg.substr(equals + 1);
            bool known = false;
            std::string why = CheckAttributeValue(name, value, known);
            if (known && !why.empty())
            {
                if (m_error->empty())
                {
                    *m_error = "--" + name + ": '" + value + "' " + why;
                }
                continue;
            }
        }
        kept.push_back(argv[i]);
    }
    return kept;
}

int
StrictOptions::Refuse(const std::string& program, const std::string& why)
{
    std::cerr << program << ": error: " << why << std::endl;
    return 1;
}

std::string
StrictOptions::GetError() const
{
    return *m_error;
}

} // namespace ns3
