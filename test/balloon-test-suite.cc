/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/balloon-driver.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

namespace
{
/**
 * @brief A booted guest's memory and writes, without a testbed.
 * @param mib memory (MiB), every page populated
 * @param workingSetMiB the write model's working set (MiB)
 * @param [out] memory the memory
 * @return the write model, attached to @p memory and writing nothing
 */
Ptr<DirtyPageModel>
MakeGuest(uint32_t mib, uint32_t workingSetMiB, Ptr<GuestMemory>& memory)
{
    memory = CreateObject<GuestMemory>();
    memory->Resize(mib * GuestMemory::PAGES_PER_MIB);
    memory->SetPopulatedPrefix(mib * GuestMemory::PAGES_PER_MIB);
    auto writes = CreateObject<DirtyPageModel>();
    writes->SetAttribute("WorkingSetPages",
                         UintegerValue(workingSetMiB * GuestMemory::PAGES_PER_MIB));
    writes->SetAttribute("PageWriteRate", DoubleValue(0));
    writes->Attach(memory);
    return writes;
}

/**
 * @param memory a memory
 * @param writes its write model
 * @return how many working-set pages are not populated
 */
uint32_t
MissingWorkingSetPages(Ptr<GuestMemory> memory, Ptr<DirtyPageModel> writes)
{
    uint32_t missing = 0;
    uint32_t inWorkingSet = 0;
    for (uint32_t page = 0; page < memory->GetPageCount(); ++page)
    {
        if (writes->IsWorkingSetPage(page))
        {
            ++inWorkingSet;
            missing += memory->IsPopulated(page) ? 0 : 1;
        }
    }
    NS_ABORT_MSG_UNLESS(inWorkingSet == writes->GetWorkingSetSize(),
                        "IsWorkingSetPage finds " << inWorkingSet << " pages, not "
                                                  << writes->GetWorkingSetSize());
    return missing;
}
} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief Directed ballooning before a migration: the pages the balloon holds are not
 *        sent, so the stream carries exactly their 4 KiB each fewer, and the target's
 *        copy is whole.
 */
class BalloonedMigrationTest : public TestCase
{
  public:
    /// @param strategy the strategy migrating the idle VM
    explicit BalloonedMigrationTest(const std::string& strategy)
        : TestCase("a 64 MiB VM ballooned to 16 MiB sends 48 MiB less (" + strategy + ")"),
          m_strategy(strategy)
    {
    }

  private:
    /**
     * @param targetMiB the balloon target at boot (0: none)
     * @return the migration's record
     */
    MigrationRecord Migrate(double targetMiB)
    {
        MigrationScenario scenario;
        scenario.testbed = "ideal";
        scenario.memoryMiB = 64;
        scenario.workingSetMiB = 8; // the balloon takes the pages outside it
        scenario.strategy = m_strategy;
        std::string error = scenario.Build();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        if (targetMiB > 0)
        {
            scenario.GetVm()->GetBalloonDriver()->SetTargetMiB(targetMiB);
        }
        error = scenario.Run();
        NS_ABORT_MSG_UNLESS(error.empty(), error);
        return scenario.GetRecords().front();
    }

    void DoRun() override
    {
        MigrationRecord whole = Migrate(0);
        MigrationRecord ballooned = Migrate(16);
        // Every page still has its descriptor; 48 MiB of pages carry no data.
        NS_TEST_ASSERT_MSG_EQ(whole.bytesSent - ballooned.bytesSent,
                              uint64_t{48} * 1024 * 1024,
                              "the balloon's pages are not sent");
        NS_TEST_ASSERT_MSG_EQ(ballooned.mismatches, 0, "the target's copy is whole");
        NS_TEST_ASSERT_MSG_EQ(ballooned.completed, true, "completed");
    }

    std::string m_strategy; //!< the strategy
};

/**
 * @ingroup vm-migration-tests
 * @brief The balloon takes free pages only: a target below the working set leaves the
 *        guest its working set, and giving the pages back restores the guest.
 */
class BalloonWorkingSetTest : public TestCase
{
  public:
    BalloonWorkingSetTest()
        : TestCase("the balloon never takes a working-set page")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<GuestMemory> memory;
        Ptr<DirtyPageModel> writes = MakeGuest(64, 24, memory);
        auto balloon = CreateObject<BalloonDriver>();
        balloon->Start(memory, writes);
        balloon->SetTargetMiB(40);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(), 40 * 256, "ballooned to the target");
        NS_TEST_ASSERT_MSG_EQ(balloon->GetBalloonPages(), 24 * 256, "the balloon holds the rest");
        balloon->SetTargetMiB(8);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(),
                              24 * 256,
                              "no lower than the working set");
        NS_TEST_ASSERT_MSG_EQ(MissingWorkingSetPages(memory, writes),
                              0,
                              "every working-set page populated");
        balloon->SetTargetMiB(0);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(), 64 * 256, "every page given back");
        NS_TEST_ASSERT_MSG_EQ(balloon->GetBalloonPages(), 0, "empty balloon");
        // While the VM does not run on its own, a target waits.
        balloon->SetRunning(false);
        balloon->SetTargetMiB(32);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(), 64 * 256, "held while migrating");
        balloon->SetRunning(true);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(), 32 * 256, "applied when it runs");
        balloon->Dispose();
        Simulator::Destroy();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Self-ballooning follows Linux's xen-selfballoon recursion: every Interval the
 *        guest's pages go to max(floor, cur - (cur - goal) / 8), and up to the goal at
 *        once when the goal rises above them.
 */
class SelfBallooningTest : public TestCase
{
  public:
    SelfBallooningTest()
        : TestCase("self-ballooning steps as xen-selfballoon.c does")
    {
    }

  private:
    /// @param memory the guest's memory; @param expected the populated pages expected
    void Expect(Ptr<GuestMemory> memory, uint64_t expected, std::string what)
    {
        NS_TEST_EXPECT_MSG_EQ(memory->GetPopulatedCount(), expected, what);
    }

    void DoRun() override
    {
        Ptr<GuestMemory> memory;
        Ptr<DirtyPageModel> writes = MakeGuest(256, 8, memory);
        auto balloon = CreateObject<BalloonDriver>();
        balloon->SetAttribute("SelfBallooning", BooleanValue(true));
        balloon->Start(memory, writes);
        // xen-selfballoon.c's floor for 256 MiB (65,536 pages; totalreserve_pages 0):
        // MB2PAGES(40) + ((65,536 - MB2PAGES(40)) >> 3) = 10,240 + 6,912.
        const uint64_t floor = 17152;
        NS_TEST_ASSERT_MSG_EQ(BalloonDriver::GetSelfBalloonFloor(65536), floor, "the floor");
        const uint64_t goal = 8 * 256; // the working set: the committed memory
        uint64_t expected = 65536;
        const int steps = 20;
        for (int k = 1; k <= steps; ++k)
        {
            uint64_t before = expected;
            Simulator::Schedule(Seconds(5 * k) - MilliSeconds(1), [=]() {
                Expect(memory, before, "unchanged until the step " + std::to_string(k));
            });
            expected = std::max(expected - (expected - goal) / 8, floor);
            Simulator::Schedule(Seconds(5 * k) + MilliSeconds(1), [=]() {
                Expect(memory, expected, "after step " + std::to_string(k));
            });
        }
        NS_TEST_ASSERT_MSG_EQ(expected, floor, "20 steps reach the floor");
        // The committed memory rises to 100 MiB: up-hysteresis 1 takes it back at once.
        Simulator::Schedule(Seconds(5 * steps + 2),
                            [=]() { balloon->SetAttribute("CommittedMiB", DoubleValue(100)); });
        Simulator::Schedule(Seconds(5 * (steps + 1)) + MilliSeconds(1),
                            [=]() { Expect(memory, 100 * 256, "up to the new goal in one step"); });
        Simulator::Stop(Seconds(5 * (steps + 1) + 1));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(MissingWorkingSetPages(memory, writes),
                              0,
                              "every working-set page populated");
        balloon->Dispose();
        Simulator::Destroy();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Balloon driver test suite.
 */
class BalloonTestSuite : public TestSuite
{
  public:
    BalloonTestSuite()
        : TestSuite("vm-migration-balloon", UNIT)
    {
        AddTestCase(new BalloonWorkingSetTest(), TestCase::QUICK);
        AddTestCase(new SelfBallooningTest(), TestCase::QUICK);
        AddTestCase(new BalloonedMigrationTest("stop-and-copy"), TestCase::QUICK);
        AddTestCase(new BalloonedMigrationTest("pre-copy"), TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static BalloonTestSuite g_balloonTestSuite;

} // namespace ns3
