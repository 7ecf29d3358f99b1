/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/simulator.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{

MigrationTestCase::MigrationTestCase(const std::string& name)
    : TestCase(name)
{
}

void
MigrationTestCase::ConfigureScenario(MigrationScenario& scenario)
{
    scenario.testbed = "ideal";
    scenario.memoryMiB = 64;
}

void
MigrationTestCase::ConfigureModels(MigrationScenario& /* scenario */)
{
}

void
MigrationTestCase::DoRun()
{
    MigrationScenario scenario;
    ConfigureScenario(scenario);
    std::string error = scenario.Build();
    NS_TEST_ASSERT_MSG_EQ(error, "", "the scenario does not build");
    ConfigureModels(scenario);
    CheckResults(scenario, scenario.Run());
}

int
MigrationTestCase::RunProgram(const std::string& command, std::string& output)
{
    output.clear();
    std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    NS_ABORT_MSG_UNLESS(pipe, "cannot run " << command);
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0)
    {
        output.append(buffer, n);
    }
    int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

namespace
{

/// The folders MakeTemporaryDirectory made, removed when the test program ends.
class TemporaryFolders
{
  public:
    ~TemporaryFolders()
    {
        for (const std::filesystem::path& path : m_paths)
        {
            std::error_code error; // a folder already gone is no failure
            std::filesystem::remove_all(path, error);
        }
    }

    /// @param path a folder to remove at the end
    void Add(const std::filesystem::path& path)
    {
        m_paths.insert(path);
    }

  private:
    std::set<std::filesystem::path> m_paths; //!< the folders
};

/// @return the test program's temporary folders
TemporaryFolders&
GetTemporaryFolders()
{
    static TemporaryFolders folders;
    return folders;
}

} // namespace

std::string
MigrationTestCase::MakeTemporaryDirectory(const std::string& name)
{
    auto path = std::filesystem::temp_directory_path() /
                ("vm-migration-test-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
    GetTemporaryFolders().Add(path);
    return path.string();
}

std::string
MigrationTestCase::ReadFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

} // namespace ns3
