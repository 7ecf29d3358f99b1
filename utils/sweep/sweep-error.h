/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_ERROR_H
#define SWEEP_ERROR_H

#include <stdexcept>
#include <string>

/**
 * @file
 * @ingroup vm-migration-sweep
 * The one exception type of the sweep runner.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief An error the user must fix: a bad plan, an unwritable folder, a missing program.
 *
 * The message names the place (file, key, line) and is printed as is by main(), which then
 * exits with status 2; no stack of "caused by" is needed because every thrower already knows
 * the context the user needs.
 */
class SweepError : public std::runtime_error
{
  public:
    /**
     * @brief Construct from a complete, user-facing message.
     * @param message what went wrong and where
     */
    explicit SweepError(const std::string& message)
        : std::runtime_error(message)
    {
    }
};

#endif /* SWEEP_ERROR_H */
