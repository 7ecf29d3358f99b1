/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "experiment-options.h"

#include "parallel-runner.h"
#include "tool-error.h"

#include "ns3/output-folder.h"
#include "ns3/testbed-helper.h"

#include <vector>

namespace ns3
{

ExperimentOptions::ExperimentOptions(std::string outFolder, std::string model)
    : out(std::move(outFolder)),
      linkModel(std::move(model))
{
}

void
ExperimentOptions::Add(StrictOptions& options, CommandLine& cmd, const std::string& outHelp)
{
    options.Add(cmd, "out", outHelp, out);
    ParallelRunner::AddJobsOption(options, cmd, jobs);
    options.Add(cmd, "linkModel", "Link model: full-duplex (switched Ethernet) | csma", linkModel);
}

void
ExperimentOptions::Parse(StrictOptions& options, CommandLine& cmd, int argc, char* argv[]) const
{
    // A --ns3:: value its attribute refuses: a message naming it, not ns-3's help or abort.
    std::vector<char*> args = options.RemoveRefusedAttributes(argc, argv);
    cmd.Parse(static_cast<int>(args.size()), args.data());
    if (!options.GetError().empty())
    {
        throw ToolError(options.GetError());
    }
    TestbedHelper::LinkModel model;
    if (!TestbedHelper::ParseLinkModel(linkModel, model))
    {
        throw ToolError("--linkModel: unknown link model '" + linkModel + "' (full-duplex | csma)");
    }
}

void
ExperimentOptions::PrepareOut() const
{
    std::string error = OutputFolder::Prepare(out);
    if (!error.empty())
    {
        throw ToolError("--out: " + error);
    }
}

} // namespace ns3
