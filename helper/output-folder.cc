/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "output-folder.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace ns3
{

namespace fs = std::filesystem;

namespace
{
/// @return @p directory without trailing separators, "." for an empty path
fs::path
Normal(const std::string& directory)
{
    fs::path path = fs::path(directory).lexically_normal();
    if (path.has_filename() || path.empty())
    {
        return path.empty() ? fs::path(".") : path;
    }
    return path.parent_path(); // "a/b/" -> "a/b"
}

/// @return whether @p folder (normalised) names a folder that a sibling can replace
bool
IsReplaceable(const fs::path& folder)
{
    return folder != "." && folder != ".." && folder.filename() != ".." && folder != "/";
}

/// @return the prefix of @p folder's staging siblings for @p kind ("new" or "old")
std::string
SiblingPrefix(const fs::path& folder, const std::string& kind)
{
    return "." + folder.filename().string() + "." + kind + "-";
}

/// @brief Make what was written under @p path durable before it is renamed into view.
void
Sync(const fs::path& path)
{
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd >= 0)
    {
        ::fsync(fd);
        ::close(fd);
    }
}

/// @return "" or why @p contents could not be written to @p path
std::string
WriteSynced(const fs::path& path, const std::string& contents)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
    {
        return "cannot create " + path.string() + ": " + std::strerror(errno);
    }
    size_t done = 0;
    while (done < contents.size())
    {
        ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            std::string why = std::strerror(errno);
            ::close(fd);
            return "cannot write " + path.string() + ": " + why;
        }
        done += n;
    }
    ::fsync(fd);
    ::close(fd);
    return "";
}

/// @return the staging folder of this process for @p folder
fs::path
OwnStaging(const fs::path& folder)
{
    fs::path staging = folder;
    staging.replace_filename(SiblingPrefix(folder, "new") + std::to_string(::getpid()));
    return staging;
}

/// @brief Remove the staging folders a killed run left beside @p folder (not this
///        process's own, which may hold what it captured as it ran).
void
RemoveLeftovers(const fs::path& folder)
{
    fs::path parent = folder.parent_path().empty() ? fs::path(".") : folder.parent_path();
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(parent, error))
    {
        std::string name = entry.path().filename().string();
        for (const char* kind : {"new", "old"})
        {
            if (name.rfind(SiblingPrefix(folder, kind), 0) == 0 &&
                name != OwnStaging(folder).filename().string())
            {
                fs::remove_all(entry.path(), error);
            }
        }
    }
}

/// @return "" or why @p staging could not take @p folder's place
std::string
Swap(const fs::path& staging, const fs::path& folder)
{
    std::error_code error;
    if (!fs::exists(folder, error))
    {
        fs::rename(staging, folder, error);
        return error ? "cannot rename " + staging.string() + " to " + folder.string() + ": " +
                           error.message()
                     : "";
    }
    if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, folder.c_str(), RENAME_EXCHANGE) == 0)
    {
        fs::remove_all(staging, error); // the earlier set, now under the staging name
        return "";
    }
    // No exchange on this file system: the earlier set goes aside, then the new one in.
    fs::path old = staging;
    old.replace_filename(SiblingPrefix(folder, "old") + std::to_string(::getpid()));
    fs::rename(folder, old, error);
    if (!error)
    {
        fs::rename(staging, folder, error);
    }
    if (error)
    {
        return "cannot replace " + folder.string() + ": " + error.message();
    }
    fs::remove_all(old, error);
    return "";
}
} // namespace

std::string
OutputFolder::Check(const std::string& directory, const std::set<std::string>& owned)
{
    fs::path folder = Normal(directory);
    if (!IsReplaceable(folder))
    {
        return "the folder '" + directory + "' cannot be replaced as a whole: name one of its own";
    }
    std::error_code error;
    if (!fs::exists(folder, error))
    {
        fs::path parent = folder.parent_path();
        if (!parent.empty())
        {
            fs::create_directories(parent, error);
        }
        return error ? "cannot create " + parent.string() + ": " + error.message() : "";
    }
    if (!fs::is_directory(folder, error))
    {
        return folder.string() + " is not a folder";
    }
    for (const auto& entry : fs::directory_iterator(folder, error))
    {
        std::string name = entry.path().filename().string();
        if (owned.count(name) == 0)
        {
            return folder.string() + " holds " + name +
                   ", which this program does not write: the outputs need a folder of "
                   "their own, which each run replaces as a whole";
        }
    }
    return error ? "cannot read " + folder.string() + ": " + error.message() : "";
}

std::string
OutputFolder::Replace(const std::string& directory,
                      const std::vector<std::pair<std::string, std::string>>& files)
{
    fs::path folder = Normal(directory);
    if (!IsReplaceable(folder))
    {
        return "the folder '" + directory + "' cannot be replaced as a whole: name one of its own";
    }
    RemoveLeftovers(folder);
    fs::path staging = OwnStaging(folder);
    std::error_code error;
    fs::create_directories(staging, error);
    if (error)
    {
        return "cannot create " + staging.string() + ": " + error.message();
    }
    for (const auto& [name, contents] : files)
    {
        std::string why = WriteSynced(staging / name, contents);
        if (!why.empty())
        {
            fs::remove_all(staging, error);
            return why;
        }
    }
    Sync(staging);
    std::string why = Swap(staging, folder);
    if (!why.empty())
    {
        fs::remove_all(staging, error);
        return why;
    }
    Sync(folder.parent_path().empty() ? fs::path(".") : folder.parent_path());
    return "";
}

std::string
OutputFolder::Staging(const std::string& directory, std::string& staging)
{
    fs::path folder = Normal(directory);
    if (!IsReplaceable(folder))
    {
        return "the folder '" + directory + "' cannot be replaced as a whole: name one of its own";
    }
    std::error_code error;
    fs::path path = OwnStaging(folder);
    fs::create_directories(path, error);
    if (error)
    {
        return "cannot create " + path.string() + ": " + error.message();
    }
    staging = path.string();
    return "";
}

std::string
OutputFolder::Prepare(const std::string& directory)
{
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
    {
        return "cannot create directory " + directory + ": " + error.message();
    }
    std::string probe = directory + "/.write-test";
    std::FILE* file = std::fopen(probe.c_str(), "w");
    if (!file)
    {
        return "cannot write in directory " + directory + ": " + std::strerror(errno);
    }
    std::fclose(file);
    std::remove(probe.c_str());
    return "";
}

std::string
OutputFolder::WriteFile(const std::string& path, const std::string& contents)
{
    fs::path staged = path + ".partial-" + std::to_string(::getpid());
    std::string why = WriteSynced(staged, contents);
    std::error_code error;
    if (why.empty())
    {
        fs::rename(staged, path, error);
        why = error ? "cannot rename " + staged.string() + " to " + path + ": " + error.message()
                    : "";
    }
    if (!why.empty())
    {
        fs::remove(staged, error);
    }
    return why;
}

} // namespace ns3
