/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OUTPUT_FOLDER_H
#define OUTPUT_FOLDER_H

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A run's output files, replaced as one set: a reader (or a run killed at any
 *        instant) finds the whole earlier set or the whole new one, never a mix.
 *
 * The folder belongs to the run: it holds this program's output files and nothing else.
 * Replace writes the new set into a fresh sibling folder (`.NAME.new-PID`, on the same
 * file system), syncs it, and swaps it with the folder in one rename(2) (Linux's
 * renameat2 RENAME_EXCHANGE), then removes the old set.  Where the file system cannot
 * exchange, the old folder is renamed aside first: for an instant there is no set, never
 * a mixed one.  A killed run leaves at most a sibling `.NAME.new-*` or `.NAME.old-*`
 * folder, which the next Replace into the same folder removes.
 */
class OutputFolder
{
  public:
    /**
     * @brief Check that @p directory can take a run's outputs: it is absent (its parent is
     *        created) or a folder that holds only files named in @p owned.
     * @param directory the folder
     * @param owned the names a run may write there
     * @return "" or why not (naming the folder and the first foreign entry)
     */
    static std::string Check(const std::string& directory, const std::set<std::string>& owned);

    /**
     * @brief Replace the contents of @p directory by @p files, as one set.
     * @param directory the folder (created if absent)
     * @param files name and contents of each file
     * @return "" or why it failed (then the earlier set, if any, is untouched)
     */
    static std::string Replace(const std::string& directory,
                               const std::vector<std::pair<std::string, std::string>>& files);

    /**
     * @brief The folder this process stages @p directory's next set in (created now):
     *        files a run writes as it goes (packet captures) go there, and the next
     *        Replace keeps them in the set it swaps in.
     * @param directory the output folder
     * @param [out] staging the staging folder's path
     * @return "" or why it could not be created
     */
    static std::string Staging(const std::string& directory, std::string& staging);

    /**
     * @brief Create a directory (and its parents) and check that files can be made in it:
     *        for a folder of several runs' output folders, before the runs.
     * @param directory the directory
     * @return an empty string, or why it cannot be written
     */
    static std::string Prepare(const std::string& directory);

    /**
     * @brief Write one file whole or not at all: under another name in its folder, made
     *        durable, then renamed over @p path.
     * @param path the file
     * @param contents its contents
     * @return "" or why it could not be written (then @p path is as it was)
     */
    static std::string WriteFile(const std::string& path, const std::string& contents);
};

} // namespace ns3

#endif /* OUTPUT_FOLDER_H */
