/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STRICT_OPTIONS_H
#define STRICT_OPTIONS_H

#include "ns3/attribute.h"
#include "ns3/command-line.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Command-line options whose whole value must parse.
 *
 * ns-3's CommandLine reads a typed value with an input stream, which accepts a prefix
 * (`--memory=12abc` reads 12), wraps negative numbers into unsigned ones (`--users=-1`
 * reads 4294967295) and truncates fractions (`--concurrency=3.5` reads 3).  The options
 * registered here parse their whole text instead: a count takes only digits and must fit
 * its type, a real number must be finite, a flag is 0, 1, true or false.  A bad value is
 * not fatal at parse time: the first one is kept as a message naming the option
 * (GetError), for the program to report with its other input errors.
 */
class StrictOptions
{
  public:
    StrictOptions();

    /**
     * @brief Register a real-valued option (finite; "-1" and the like are for the caller to
     *        range-check).
     * @param cmd the command line
     * @param name the option's name, without "--"
     * @param help its help text
     * @param value where the parsed value goes
     */
    void Add(CommandLine& cmd, const std::string& name, const std::string& help, double& value);
    /**
     * @brief Register a real-valued option that must lie in [@p min, @p max].
     * @param cmd the command line
     * @param name the option's name, without "--"
     * @param help its help text
     * @param value where the parsed value goes
     * @param min the least value accepted
     * @param max the greatest value accepted
     */
    void Add(CommandLine& cmd,
             const std::string& name,
             const std::string& help,
             double& value,
             double min,
             double max);

    /**
     * @brief Register a whole-number option of any integer type, range-checked.
     *
     * The value must be digits only (a '-' first where @p min is negative) and lie in
     * [@p min, @p max], which default to what @p T holds (an unsigned 64-bit value is
     * capped at the largest signed one); "-1" for a count is refused, never wrapped.
     * @param cmd the command line
     * @param name the option's name, without "--"
     * @param help its help text
     * @param value where the parsed value goes
     * @param min the least value accepted
     * @param max the greatest value accepted
     */
    template <typename T,
              std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
    void Add(CommandLine& cmd,
             const std::string& name,
             const std::string& help,
             T& value,
             int64_t min = Lowest<T>(),
             int64_t max = Highest<T>())
    {
        auto parse = [&value, min, max](const std::string& text) {
            int64_t parsed = 0;
            std::string why = ParseInteger(text, min, max, parsed);
            value = why.empty() ? static_cast<T>(parsed) : value;
            return why;
        };
        Register(cmd, name, help, parse, std::to_string(value));
    }

    /// @copydoc Add(CommandLine&,const std::string&,const std::string&,double&)
    void Add(CommandLine& cmd, const std::string& name, const std::string& help, bool& value);
    /// @copydoc Add(CommandLine&,const std::string&,const std::string&,double&)
    void Add(CommandLine& cmd,
             const std::string& name,
             const std::string& help,
             std::string& value);

    /// @return the first bad value's message ("--name: 'text' is not ..."), or ""
    std::string GetError() const;

    /**
     * @brief Leave out of a command line the attribute values
     *        (`--ns3::Class::Attribute=value`) their attribute's checker refuses, keeping
     *        the first as the error (GetError).
     *
     * ns-3's CommandLine sets them with Config::SetDefault: on a value the checker refuses
     * it prints its whole help and exits, naming neither the value nor what is wrong, and
     * a real number or a time that is not one aborts the program.  An argument naming no
     * attribute is kept, for CommandLine to refuse.
     * @param argc the argument count
     * @param argv the arguments
     * @return the arguments to parse, the program's name first
     */
    std::vector<char*> RemoveRefusedAttributes(int argc, char* argv[]);

    /**
     * @brief Check a value for an attribute default as Config::SetDefault takes it,
     *        without the parsers that abort (a real number or a time that is not one).
     * @param name the attribute's full name, "ns3::Class::Attribute" (as CommandLine
     *        takes it, also without "ns3::")
     * @param value the value's text
     * @param [out] known whether @p name is an attribute
     * @return "" or what @p value is not (when @p known)
     */
    static std::string CheckAttributeValue(const std::string& name,
                                           const std::string& value,
                                           bool& known);

    /**
     * @brief Check a value's text with an attribute's or a global value's checker.
     * @param checker the checker
     * @param value the text
     * @return "" or what @p value is not, with the checker's type and range
     */
    static std::string CheckValue(Ptr<const AttributeChecker> checker, const std::string& value);

    /**
     * @brief Report refused input the way every program of the module does.
     * @param program the program's name
     * @param why what is wrong, naming the option
     * @return 1, the exit code of a program that refused its input
     */
    static int Refuse(const std::string& program, const std::string& why);

    /**
     * @brief Parse all of @p text as a finite real number.
     * @param text the text
     * @param [out] value the number
     * @return "" or what @p text is not
     */
    static std::string ParseReal(const std::string& text, double& value);
    /**
     * @brief Parse all of @p text as a whole number between @p min and @p max.
     * @param text the text (an optional '-', then digits only)
     * @param min the least value
     * @param max the greatest value
     * @param [out] value the number
     * @return "" or what @p text is not
     */
    static std::string ParseInteger(const std::string& text,
                                    int64_t min,
                                    int64_t max,
                                    int64_t& value);
    /**
     * @brief Parse all of @p text as a flag: 0, 1, true or false.
     * @param text the text
     * @param [out] value the flag
     * @return "" or what @p text is not
     */
    static std::string ParseFlag(const std::string& text, bool& value);

  private:
    /// @return the least value of @p T, as a signed 64-bit number
    template <typename T>
    static constexpr int64_t Lowest()
    {
        return std::is_signed_v<T> ? static_cast<int64_t>(std::numeric_limits<T>::min()) : 0;
    }

    /// @return the greatest value of @p T that a signed 64-bit number holds
    template <typename T>
    static constexpr int64_t Highest()
    {
        return std::numeric_limits<T>::max() > static_cast<std::make_unsigned_t<int64_t>>(
                                                   std::numeric_limits<int64_t>::max())
                   ? std::numeric_limits<int64_t>::max()
                   : static_cast<int64_t>(std::numeric_limits<T>::max());
    }

    /**
     * @brief Register @p name with a parser.
     * @param cmd the command line
     * @param name the option's name
     * @param help its help text
     * @param parse parses a value's text, returns "" or what the text is not
     * @param shown the default value shown by --help
     */
    void Register(CommandLine& cmd,
                  const std::string& name,
                  const std::string& help,
                  std::function<std::string(const std::string&)> parse,
                  const std::string& shown);

    /// The first bad value's message; shared with the callbacks the command line holds.
    std::shared_ptr<std::string> m_error;
};

} // namespace ns3

#endif /* STRICT_OPTIONS_H */
