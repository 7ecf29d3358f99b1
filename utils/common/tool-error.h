/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOOL_ERROR_H
#define TOOL_ERROR_H

#include <stdexcept>
#include <string>

/**
 * @file
 * @ingroup vm-migration-tools
 * The one exception type of the programs' tools (the sweep runner, files, tables).
 */

/**
 * @ingroup vm-migration-tools
 * @brief An error the user must fix: a bad plan, an unwritable folder, a missing program.
 *
 * The error convention of experiments/ and utils/ (CONTRIBUTING.md): the message names the
 * place (file, key, line, run) and is printed once, as "PROGRAM: error: MESSAGE", by the
 * program's main(), which then exits non-zero (1; the sweep: 2); no stack of "caused by" is
 * needed because every thrower already knows the context the user needs.
 */
class ToolError : public std::runtime_error
{
  public:
    /**
     * @brief Construct from a complete, user-facing message.
     * @param message what went wrong and where
     */
    explicit ToolError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

#endif /* TOOL_ERROR_H */
