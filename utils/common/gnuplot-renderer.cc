/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gnuplot-renderer.h"

#include "gnuplot-text.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace
{

/// Most of gnuplot's messages kept to explain a failure (characters, the last ones).
constexpr std::size_t MAX_MESSAGES = 2000;

/**
 * @brief Read everything from @p fd until its writers close it.
 * @param fd the read end of a pipe
 * @return what was read
 */
std::string
ReadAll(int fd)
{
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) != 0;)
    {
        if (n > 0)
        {
            text.append(buffer, n);
        }
        else if (errno != EINTR)
        {
            break;
        }
    }
    return text;
}

/**
 * @param messages gnuplot's standard error
 * @return its last MAX_MESSAGES characters without trailing blanks, or "" when empty
 */
std::string
Explain(std::string messages)
{
    while (!messages.empty() && std::isspace(static_cast<unsigned char>(messages.back())))
    {
        messages.pop_back();
    }
    if (messages.size() > MAX_MESSAGES)
    {
        messages = "..." + messages.substr(messages.size() - MAX_MESSAGES);
    }
    return messages.empty() ? "" : ": " + messages;
}

} // namespace

std::string
GnuplotRenderer::Draw(const std::string& dir, const std::string& name)
{
    // Everything the child needs is built before fork(): after it, in a process that
    // may have threads, only async-signal-safe calls are allowed until exec.
    std::string png = name + ".png";
    std::string temporary = png + ".tmp";
    std::string outfile = "outfile=" + GnuplotQuote(temporary);
    std::string gp = name + ".gp";
    const char* argv[] = {"gnuplot", "-d", "-e", outfile.c_str(), gp.c_str(), nullptr};
    int pipeEnds[2];
    if (pipe2(pipeEnds, O_CLOEXEC) != 0)
    {
        return std::string("cannot start gnuplot: pipe: ") + std::strerror(errno);
    }
    pid_t pid = fork();
    if (pid < 0)
    {
        close(pipeEnds[0]);
        close(pipeEnds[1]);
        return std::string("cannot start gnuplot: fork: ") + std::strerror(errno);
    }
    if (pid == 0)
    {
        if (chdir(dir.c_str()) != 0 || dup2(pipeEnds[1], STDERR_FILENO) < 0)
        {
            _exit(126);
        }
        execvp("gnuplot", const_cast<char* const*>(argv));
        _exit(127);
    }
    close(pipeEnds[1]);
    std::string messages = ReadAll(pipeEnds[0]);
    close(pipeEnds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    {
    }
    std::string temporaryPath = dir + "/" + temporary;
    std::string pngPath = dir + "/" + png;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        std::remove(temporaryPath.c_str());
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        {
            return "cannot run gnuplot (is it installed and on the PATH?) for " + dir + "/" + gp;
        }
        return "gnuplot failed on " + dir + "/" + gp + Explain(messages);
    }
    if (std::rename(temporaryPath.c_str(), pngPath.c_str()) != 0)
    {
        std::string why = std::strerror(errno);
        std::remove(temporaryPath.c_str());
        return "cannot rename " + temporaryPath + " to " + pngPath + ": " + why;
    }
    return "";
}
