/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gnuplot-renderer.h"

#include "gnuplot-text.h"
#include "process-pool.h"
#include "tool-error.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace
{

/// Most of gnuplot's messages kept to explain a failure (characters, the last ones).
constexpr std::size_t MAX_MESSAGES = 2000;

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

void
GnuplotRenderer::Draw(const std::string& dir, const std::string& name)
{
    std::string png = name + ".png";
    std::string temporary = png + ".tmp";
    std::string gp = name + ".gp";
    ProcessPool::Command command;
    command.argv = {"gnuplot", "-d", "-e", "outfile=" + GnuplotQuote(temporary), gp};
    command.searchPath = true;
    command.name = "gnuplot";
    command.directory = dir;
    command.captureStderr = true;
    ProcessPool::Result result = ProcessPool::RunOne(command);
    std::string temporaryPath = dir + "/" + temporary;
    std::string pngPath = dir + "/" + png;
    if (!result.Succeeded())
    {
        std::remove(temporaryPath.c_str());
        if (result.GetExitCode() == ProcessPool::EXEC_FAILED)
        {
            throw ToolError("cannot run gnuplot (is it installed and on the PATH?) for " + dir +
                            "/" + gp);
        }
        throw ToolError("gnuplot failed on " + dir + "/" + gp + Explain(result.output));
    }
    if (std::rename(temporaryPath.c_str(), pngPath.c_str()) != 0)
    {
        std::string why = std::strerror(errno);
        std::remove(temporaryPath.c_str());
        throw ToolError("cannot rename " + temporaryPath + " to " + pngPath + ": " + why);
    }
}
