/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "strict-options.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
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
