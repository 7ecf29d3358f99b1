/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef EXPERIMENT_OPTIONS_H
#define EXPERIMENT_OPTIONS_H

#include "ns3/command-line.h"
#include "ns3/strict-options.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief The options every experiment program has (`--out`, `--jobs`, `--linkModel`) and
 *        the way each parses its command line.
 *
 * A program adds its own options to the same StrictOptions and CommandLine, then calls
 * Parse: a refused `--ns3::` value, a value out of its option's range or an unknown link
 * model is a ToolError naming the option, before anything runs or is written.
 */
class ExperimentOptions
{
  public:
    /**
     * @param out the default output folder
     * @param linkModel the default link model (TestbedHelper::ParseLinkModel's names)
     */
    ExperimentOptions(std::string out, std::string linkModel);

    /**
     * @brief Register `--out`, `--jobs` and `--linkModel`.
     * @param options the program's options
     * @param cmd its command line
     * @param outHelp what `--out` holds, for `--help`
     */
    void Add(StrictOptions& options, CommandLine& cmd, const std::string& outHelp);

    /**
     * @brief Parse the command line and check the shared options.
     * @param options the program's options, with Add called
     * @param cmd its command line
     * @param argc the argument count
     * @param argv the arguments
     * @throws ToolError naming the first option refused
     */
    void Parse(StrictOptions& options, CommandLine& cmd, int argc, char* argv[]) const;

    /**
     * @brief Create `--out` if needed.
     * @throws ToolError if it cannot be
     */
    void PrepareOut() const;

    std::string out;       //!< `--out`: the output folder
    uint32_t jobs{0};      //!< `--jobs`: runs at once (0: one per core)
    std::string linkModel; //!< `--linkModel`: full-duplex | csma
};

} // namespace ns3

#endif /* EXPERIMENT_OPTIONS_H */
