/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STRICT_OPTIONS_H
#define STRICT_OPTIONS_H

#include "ns3/command-line.h"

#include <cstdint>
#include <memory>
#include <string>

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
    /// @copydoc Add(CommandLine&,const std::string&,const std::string&,double&)
    void Add(CommandLine& cmd, const std::string& name, const std::string& help, uint32_t& value);
    /// @copydoc Add(CommandLine&,const std::string&,const std::string&,double&)
    void Add(CommandLine& cmd, const std::string& name, const std::string& help, int64_t& value);
    /// @copydoc Add(CommandLine&,const std::string&,const std::string&,double&)
    void Add(CommandLine& cmd, const std::string& name, const std::string& help, int& value);
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
