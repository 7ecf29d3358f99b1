/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_TEST_FIXTURE_H
#define MIGRATION_TEST_FIXTURE_H

#include "ns3/migration-scenario.h"
#include "ns3/test.h"
#include "ns3/testbed-helper.h"

#include <string>

namespace ns3
{

#ifdef VM_MIGRATION_TOPOLOGIES
/// The example topology files (the build gives their folder).
inline const std::string TOPOLOGIES = VM_MIGRATION_TOPOLOGIES;
#else
/// The example topology files, from an ns-3 tree's top (where test.py runs).
inline const std::string TOPOLOGIES = "contrib/vm-migration/examples/topologies";
#endif

/**
 * @ingroup vm-migration-tests
 * @brief A test case that runs one migration scenario.
 *
 * Like TcpGeneralTest: the fixture builds and runs the scenario; a test overrides
 * the hooks it needs -- ConfigureScenario to set the knobs, ConfigureModels to reach
 * into the built models before the run -- and checks the outcome in CheckResults.
 */
class MigrationTestCase : public TestCase
{
  public:
    /**
     * @param name the test's name
     */
    explicit MigrationTestCase(const std::string& name);

    /**
     * @brief Run a program and wait for it.
     * @param command the program and its arguments, for /bin/sh
     * @param output receives what it wrote to standard output and standard error
     * @return its exit status (-1 if it did not exit normally)
     */
    static int RunProgram(const std::string& command, std::string& output);

    /**
     * @brief Make a fresh empty directory for a test; it is removed, with what the test
     *        left in it, when the test program ends.
     * @param name a name for it
     * @return its path
     */
    static std::string MakeTemporaryDirectory(const std::string& name);

    /**
     * @param path a file
     * @return its contents, or an empty string if it cannot be read
     */
    static std::string ReadFile(const std::string& path);

  protected:
    /**
     * @brief Set the scenario's knobs (defaults: ideal testbed, 64 MiB, pre-copy, idle).
     * @param scenario the scenario
     */
    virtual void ConfigureScenario(MigrationScenario& scenario);

    /**
     * @brief Change the built models before the run.
     * @param scenario the built scenario
     */
    virtual void ConfigureModels(MigrationScenario& scenario);

    /**
     * @brief Check the outcome.
     * @param scenario the scenario after its run
     * @param runError what Run returned
     */
    virtual void CheckResults(const MigrationScenario& scenario, const std::string& runError) = 0;

    /// @brief Build the scenario, configure it, run it, check it (once).
    void DoRun() override;
};

} // namespace ns3

#endif /* MIGRATION_TEST_FIXTURE_H */
