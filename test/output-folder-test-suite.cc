/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/output-folder.h"
#include "ns3/test.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace ns3
{

namespace
{
/// A set of output files: name to contents.
using FileSet = std::vector<std::pair<std::string, std::string>>;

/// @return the files in @p folder, by name (empty if the folder is absent)
std::map<std::string, std::string>
ReadFolder(const std::string& folder)
{
    std::map<std::string, std::string> files;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error))
    {
        files[entry.path().filename().string()] =
            MigrationTestCase::ReadFile(entry.path().string());
    }
    return files;
}

/// @return @p set as ReadFolder returns it
std::map<std::string, std::string>
AsMap(const FileSet& set)
{
    return std::map<std::string, std::string>(set.begin(), set.end());
}

/**
 * @return a set of @p files files of @p bytes bytes each, every byte saying which set
 *         (@p mark) it belongs to; @p extra adds a file only this set has
 */
FileSet
MakeSet(char mark, int files, size_t bytes, const std::string& extra)
{
    FileSet set;
    for (int i = 0; i < files; ++i)
    {
        set.emplace_back("file-" + std::to_string(i) + ".csv", std::string(bytes, mark));
    }
    set.emplace_back(extra, std::string(16, mark));
    return set;
}
} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief A run killed (SIGKILL) at any point of OutputFolder::Replace leaves the folder
 *        with the whole earlier set or the whole new one, never a mix, and the next
 *        Replace clears what the killed one left.
 *
 * A child process replaces an earlier set (different names and contents) and is killed
 * after a delay; the delays sweep from 0 to the measured length of a whole Replace, then
 * to eight times it, so that the kills land before, inside and after its writes and its swap.
 */
class OutputFolderKillTest : public TestCase
{
  public:
    OutputFolderKillTest()
        : TestCase("a run killed while it writes leaves the old set or the new, never a mix")
    {
    }

  private:
    void DoRun() override
    {
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("output-folder");
        std::string folder = dir + "/out";
        // Several MB, so that writing the set takes long enough to be killed inside it.
        const FileSet older = MakeSet('o', 6, 2 << 20, "only-in-old.csv");
        const FileSet newer = MakeSet('n', 7, 2 << 20, "only-in-new.csv");

        NS_TEST_ASSERT_MSG_EQ(OutputFolder::Replace(folder, older), "", "first set");
        auto started = std::chrono::steady_clock::now();
        NS_TEST_ASSERT_MSG_EQ(OutputFolder::Replace(folder, newer), "", "a whole Replace");
        auto length = std::chrono::steady_clock::now() - started;

        const int KILLS = 40;
        int foundOld = 0;
        int foundNew = 0;
        for (int k = 0; k <= KILLS + 4; ++k)
        {
            NS_TEST_ASSERT_MSG_EQ(OutputFolder::Replace(folder, older), "", "reset");
            // The last four wait two to eight times a whole Replace: the child's own
            // Replace starts after the fork and may run slower than the one measured here
            // (a loaded machine, the sanitizers), and those kills must land after its swap.
            auto delay = k <= KILLS ? length * k / KILLS : length * 2 * (k - KILLS);
            pid_t child = fork();
            if (child == 0)
            {
                OutputFolder::Replace(folder, newer);
                _exit(0);
            }
            std::this_thread::sleep_for(delay);
            kill(child, SIGKILL);
            waitpid(child, nullptr, 0);
            auto found = ReadFolder(folder);
            bool isOld = found == AsMap(older);
            bool isNew = found == AsMap(newer);
            NS_TEST_ASSERT_MSG_EQ(isOld || isNew,
                                  true,
                                  "kill " << k << " of " << KILLS << ": a mix of " << found.size()
                                          << " files");
            foundOld += isOld;
            foundNew += isNew;
        }
        // The kills spanned the write: some before the swap, some after.
        NS_TEST_EXPECT_MSG_GT(foundOld, 0, "no kill landed before the swap");
        NS_TEST_EXPECT_MSG_GT(foundNew, 0, "no kill landed after the swap");

        // The next Replace removes the staging folders killed runs left beside it.
        NS_TEST_ASSERT_MSG_EQ(OutputFolder::Replace(folder, newer), "", "after the kills");
        std::vector<std::string> left;
        for (const auto& entry : std::filesystem::directory_iterator(dir))
        {
            left.push_back(entry.path().filename().string());
        }
        NS_TEST_EXPECT_MSG_EQ(left.size(), 1, "only the folder is left: " << left.front());
        std::filesystem::remove_all(dir);
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief OutputFolder::Check takes an absent folder or one holding only the program's
 *        outputs, and refuses one with anything else in it (the outputs replace the folder
 *        as a whole).
 */
class OutputFolderCheckTest : public TestCase
{
  public:
    OutputFolderCheckTest()
        : TestCase("an output folder must hold only outputs")
    {
    }

  private:
    void DoRun() override
    {
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("output-check");
        std::set<std::string> owned = {"a.csv", "b.csv"};
        NS_TEST_EXPECT_MSG_EQ(OutputFolder::Check(dir + "/x/y", owned), "", "absent");
        NS_TEST_EXPECT_MSG_EQ(std::filesystem::is_directory(dir + "/x"), true, "parent made");
        std::filesystem::create_directories(dir + "/out");
        std::ofstream(dir + "/out/a.csv") << "1";
        NS_TEST_EXPECT_MSG_EQ(OutputFolder::Check(dir + "/out", owned), "", "only outputs");
        std::ofstream(dir + "/out/thesis.tex") << "2";
        NS_TEST_EXPECT_MSG_NE(OutputFolder::Check(dir + "/out", owned).find("thesis.tex"),
                              std::string::npos,
                              "a foreign file is named");
        NS_TEST_EXPECT_MSG_NE(OutputFolder::Replace(".", {}), "", "the current folder");
        std::filesystem::remove_all(dir);
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief What a run writes as it goes into its staging folder joins the set Replace
 *        swaps in, with a relative or an absolute path; a killed run's staging folder
 *        (another process's) is removed.
 */
class OutputFolderStagingTest : public TestCase
{
  public:
    OutputFolderStagingTest()
        : TestCase("files staged during a run join the set")
    {
    }

  private:
    void DoRun() override
    {
        std::string dir = MigrationTestCase::MakeTemporaryDirectory("output-staging");
        std::filesystem::path previous = std::filesystem::current_path();
        std::filesystem::current_path(dir);
        for (const std::string& out : {std::string("relative"), dir + "/absolute"})
        {
            std::filesystem::create_directories(dir + "/.relative.new-1"); // a killed run's
            std::filesystem::create_directories(dir + "/.absolute.new-1");
            std::string staging;
            NS_TEST_ASSERT_MSG_EQ(OutputFolder::Staging(out, staging), "", out);
            std::ofstream(staging + "/capture.pcap") << "frames";
            NS_TEST_ASSERT_MSG_EQ(OutputFolder::Replace(out, {{"a.csv", "1"}}), "", out);
            std::map<std::string, std::string> expected = {{"a.csv", "1"},
                                                           {"capture.pcap", "frames"}};
            NS_TEST_EXPECT_MSG_EQ((ReadFolder(out) == expected), true, out << ": not the set");
            NS_TEST_EXPECT_MSG_EQ(std::filesystem::exists(staging), false, "staging left");
            std::string name = std::filesystem::path(out).filename().string();
            NS_TEST_EXPECT_MSG_EQ(std::filesystem::exists(dir + "/." + name + ".new-1"),
                                  false,
                                  "a killed run's staging folder left");
        }
        std::filesystem::current_path(previous);
        std::filesystem::remove_all(dir);
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Output-folder test suite.
 */
class OutputFolderTestSuite : public TestSuite
{
  public:
    OutputFolderTestSuite()
        : TestSuite("vm-migration-output-folder", UNIT)
    {
        AddTestCase(new OutputFolderCheckTest(), TestCase::QUICK);
        AddTestCase(new OutputFolderKillTest(), TestCase::QUICK);
        AddTestCase(new OutputFolderStagingTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static OutputFolderTestSuite g_outputFolderTestSuite;

} // namespace ns3
