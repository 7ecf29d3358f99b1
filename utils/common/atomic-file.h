/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ATOMIC_FILE_H
#define ATOMIC_FILE_H

#include <cstddef>
#include <limits>
#include <string>

/**
 * @file
 * @ingroup vm-migration-tools
 * Crash-safe file writes: a reader sees the old content or the new one, never a part.
 */

/**
 * @ingroup vm-migration-tools
 * @brief Writes files and renames folders so that a killed process leaves no half state.
 *
 * A sweep can be killed at any instant (SIGKILL, a node failure, a SLURM time limit); the
 * files it maintains (runs.csv, aggregate.csv, the completion marker of each run) are read
 * by later invocations to decide what is done.  Writing them in place could leave a
 * truncated file that parses as a shorter, wrong one, so every write goes to a temporary
 * file in the same folder, is flushed to disk, and is renamed over the target: rename(2)
 * within one file system is atomic.  The folder is then flushed so the rename itself
 * survives a power loss.
 */
class AtomicFile
{
  public:
    /**
     * @brief Replace @p path by a file holding exactly @p content.
     * @param path the file to write; its folder must exist
     * @param content the bytes to write
     * @throws ToolError naming the path if any step fails (the temporary file is removed)
     */
    static void Write(const std::string& path, const std::string& content);

    /**
     * @brief Rename @p from to @p to (files or folders) and flush the parent folder.
     * @param from the existing path
     * @param to the new path; an existing empty folder or a file there is replaced
     * @throws ToolError naming both paths on failure
     */
    static void Rename(const std::string& from, const std::string& to);

    /**
     * @brief Flush a file's data to disk.
     * @param path the file
     * @throws ToolError naming the path on failure
     */
    static void SyncFile(const std::string& path);

    /**
     * @brief Flush a folder's entries (creations, renames) to disk.
     * @param path the folder
     * @throws ToolError naming the path on failure
     */
    static void SyncDirectory(const std::string& path);

    /**
     * @brief Flush every regular file below @p path, then the folders themselves.
     *
     * Used before a run is marked complete: the program wrote its outputs without fsync, and
     * a marker that reaches the disk before the data would declare complete a run whose files
     * are empty after a power loss.
     * @param path the folder
     * @throws ToolError naming the file on failure
     */
    static void SyncTree(const std::string& path);

    /**
     * @brief Read a whole regular file, up to a size limit.
     *
     * Only regular files: a device such as /dev/zero never ends, and opening a FIFO blocks
     * until a writer comes, so either would hang the sweep instead of failing.
     * @param path the file
     * @param maxBytes the largest size accepted
     * @return its content
     * @throws ToolError naming the path if it cannot be read, is not a regular file, or
     *         holds more than @p maxBytes bytes
     */
    static std::string Read(const std::string& path,
                            std::size_t maxBytes = std::numeric_limits<std::size_t>::max());
};

#endif /* ATOMIC_FILE_H */
