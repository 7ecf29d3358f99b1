/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "atomic-file.h"

#include "tool-error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

namespace
{

/**
 * @brief Build "what 'path': strerror(errno)".
 * @param what the failed operation
 * @param path the path involved
 * @return the message
 */
std::string
Describe(const std::string& what, const std::string& path)
{
    return what + " '" + path + "': " + std::strerror(errno);
}

/**
 * @brief The folder holding @p path ("." when it has none).
 * @param path a file path
 * @return its parent folder
 */
std::string
ParentOf(const std::string& path)
{
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

} // namespace

void
AtomicFile::Write(const std::string& path, const std::string& content)
{
    // The pid keeps two processes (e.g. two SLURM tasks) from sharing one temporary file.
    std::string tmp = path + ".tmp-" + std::to_string(getpid());
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
    {
        throw ToolError(Describe("cannot create", tmp));
    }
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0)
    {
        ssize_t n = write(fd, data, left);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            std::string message = Describe("cannot write", tmp);
            close(fd);
            unlink(tmp.c_str());
            throw ToolError(message);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (fsync(fd) != 0 || close(fd) != 0)
    {
        std::string message = Describe("cannot flush", tmp);
        unlink(tmp.c_str());
        throw ToolError(message);
    }
    if (rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::string message = Describe("cannot rename " + tmp + " to", path);
        unlink(tmp.c_str());
        throw ToolError(message);
    }
    SyncDirectory(ParentOf(path));
}

void
AtomicFile::Rename(const std::string& from, const std::string& to)
{
    if (rename(from.c_str(), to.c_str()) != 0)
    {
        throw ToolError(Describe("cannot rename '" + from + "' to", to));
    }
    SyncDirectory(ParentOf(to));
}

void
AtomicFile::SyncFile(const std::string& path)
{
    int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
    {
        throw ToolError(Describe("cannot open", path));
    }
    int rc = fsync(fd);
    // EINVAL: the file system does not support fsync on this object (e.g. a FIFO); nothing
    // to flush then.
    bool ok = rc == 0 || errno == EINVAL;
    std::string message = ok ? "" : Describe("cannot flush", path);
    close(fd);
    if (!ok)
    {
        throw ToolError(message);
    }
}

void
AtomicFile::SyncDirectory(const std::string& path)
{
    int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
    {
        throw ToolError(Describe("cannot open folder", path));
    }
    // Some file systems (and some NFS setups) refuse fsync on folders; their renames are
    // as durable as they get, so that is not an error.
    fsync(fd);
    close(fd);
}

void
AtomicFile::SyncTree(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    {
        if (it->is_symlink())
        {
            continue;
        }
        if (it->is_regular_file())
        {
            SyncFile(it->path().string());
        }
        else if (it->is_directory())
        {
            SyncDirectory(it->path().string());
        }
    }
    if (ec)
    {
        throw ToolError("cannot list folder '" + path + "': " + ec.message());
    }
    SyncDirectory(path);
}

std::string
AtomicFile::Read(const std::string& path, std::size_t maxBytes)
{
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of blocking, so
    // the type check below can refuse it.
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
    {
        throw ToolError(Describe("cannot read", path));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        close(fd);
        throw ToolError("'" + path + "' is not a regular file");
    }
    std::string content;
    char buffer[65536];
    while (true)
    {
        ssize_t n = read(fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            std::string message = Describe("cannot read", path);
            close(fd);
            throw ToolError(message);
        }
        if (n == 0)
        {
            break;
        }
        // The size from fstat may change while reading (or be 0, as in /proc): count bytes.
        if (static_cast<std::size_t>(n) > maxBytes - content.size())
        {
            close(fd);
            throw ToolError("'" + path + "' is larger than " + std::to_string(maxBytes) + " bytes");
        }
        content.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    return content;
}
