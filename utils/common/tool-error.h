/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TOOL_ERROR_H
#define TOOL_ERROR_H

#include <iostream>
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

/**
 * @ingroup vm-migration-tools
 * @brief Run a program's body and report its error the one way the programs do.
 *
 * The one place a program catches: "PROGRAM: error: MESSAGE" on standard error, and the
 * failure's exit code.  Any other std::exception is reported the same way rather than
 * aborting.
 * @param program the program's name
 * @param body the program; returns its exit code, throws ToolError on an error
 * @param failure the exit code of an error
 * @return the body's exit code, or @p failure
 */
template <typename Body>
int
RunProgram(const char* program, Body body, int failure = 1)
{
    try
    {
        return body();
    }
    catch (const std::exception& e)
    {
        std::cerr << program << ": error: " << e.what() << std::endl;
        return failure;
    }
}

#endif /* TOOL_ERROR_H */
