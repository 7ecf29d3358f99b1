/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/dirty-page-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/guest-memory.h"
#include "ns3/migration-stream.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief Page state: writes, the dirty log, populated pages, comparison.
 */
class GuestMemoryStateTest : public TestCase
{
  public:
    GuestMemoryStateTest()
        : TestCase("guest memory page state")
    {
    }

  private:
    void DoRun() override
    {
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(1000);
        memory->SetPopulatedPrefix(700);
        NS_TEST_ASSERT_MSG_EQ(memory->GetPopulatedCount(), 700, "populated pages");
        NS_TEST_ASSERT_MSG_EQ(memory->IsPopulated(699), true, "last populated page");
        NS_TEST_ASSERT_MSG_EQ(memory->IsPopulated(700), false, "first ballooned page");
        memory->Write(5);
        memory->Write(5);
        memory->Write(999);
        NS_TEST_ASSERT_MSG_EQ(memory->GetVersion(5), 2, "two writes");
        NS_TEST_ASSERT_MSG_EQ(memory->CountDirty(), 2, "distinct dirty pages");
        std::vector<uint64_t> log;
        memory->CleanDirtyLog(log);
        NS_TEST_ASSERT_MSG_EQ(GuestMemory::TestBit(log, 5), true, "page 5 in the log");
        NS_TEST_ASSERT_MSG_EQ(GuestMemory::TestBit(log, 6), false, "page 6 not in the log");
        NS_TEST_ASSERT_MSG_EQ(memory->CountDirty(), 0, "the log is clean after CLEAN");

        auto copy = CreateObject<GuestMemory>();
        copy->Resize(1000);
        copy->SetPopulatedPrefix(700);
        NS_TEST_ASSERT_MSG_EQ(memory->CountMismatches(*copy), 2, "two pages differ");
        copy->SetVersion(5, 2);
        copy->SetVersion(999, 1);
        NS_TEST_ASSERT_MSG_EQ(memory->CountMismatches(*copy), 0, "copies agree");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(memory->GetStateBytes() / 1000.0, 8.0, "bytes per page");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Batch headers survive encoding: page numbers, versions, the unpopulated flag.
 */
class MigrationStreamTest : public TestCase
{
  public:
    MigrationStreamTest()
        : TestCase("migration stream encoding")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<MigrationStream::Descriptor> batch = {{7, 3, true}, {0x7fffffff, 0, false}};
        std::vector<uint8_t> bytes;
        MigrationStream::EncodeBatchHeader(batch, bytes);
        NS_TEST_ASSERT_MSG_EQ(bytes.size(), 4 + 2 * 8, "header size");
        NS_TEST_ASSERT_MSG_EQ(MigrationStream::DecodeUint32(bytes.data()), 2, "count");
        for (size_t i = 0; i < batch.size(); ++i)
        {
            auto d = MigrationStream::DecodeDescriptor(bytes.data() + 4 + 8 * i);
            NS_TEST_ASSERT_MSG_EQ(d.page, batch[i].page, "page");
            NS_TEST_ASSERT_MSG_EQ(d.version, batch[i].version, "version");
            NS_TEST_ASSERT_MSG_EQ(d.populated, batch[i].populated, "populated");
        }
        NS_TEST_ASSERT_MSG_EQ(MigrationStream::BatchBytes(2, 1), 4 + 16 + 4096, "batch bytes");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The write process: distinct pages saturate as theory says, hot-cold writes
 *        favour the hot part, a paused guest writes nothing, and reading the log more
 *        often does not change what was written.
 */
class DirtyPageModelTest : public TestCase
{
  public:
    DirtyPageModelTest()
        : TestCase("dirty-page model statistics and lazy update")
    {
    }

  private:
    /// @return a model writing @p rate pages/s over @p wss of 4096 populated pages
    static Ptr<DirtyPageModel> MakeModel(Ptr<GuestMemory> memory, double rate, uint32_t wss)
    {
        memory->Resize(4096);
        memory->SetPopulatedPrefix(4096);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("PageWriteRate", DoubleValue(rate));
        model->SetAttribute("WorkingSetPages", UintegerValue(wss));
        model->AssignStreams(7);
        model->Attach(memory);
        return model;
    }

    void DoRun() override
    {
        const uint32_t wss = 1024;
        const double rate = 1000;
        auto memory = CreateObject<GuestMemory>();
        auto lazy = CreateObject<GuestMemory>();
        Ptr<DirtyPageModel> model = MakeModel(memory, rate, wss);
        Ptr<DirtyPageModel> lazyModel = MakeModel(lazy, rate, wss);
        model->Resume();
        lazyModel->Resume();
        for (int ms = 1; ms <= 2000; ++ms)
        {
            Simulator::Schedule(MilliSeconds(ms), &DirtyPageModel::Update, model);
        }
        Simulator::Schedule(Seconds(2), &DirtyPageModel::Update, lazyModel);
        Simulator::Schedule(Seconds(2), &DirtyPageModel::Pause, model);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        model->Update();

        // Paused at 2 s: the writes of 2 s at 1000/s, Poisson (sd ~ 45).
        NS_TEST_ASSERT_MSG_EQ_TOL(double(model->GetWriteCount()),
                                  2000.0,
                                  5 * std::sqrt(2000.0),
                                  "Poisson write count");
        NS_TEST_ASSERT_MSG_EQ(memory->CountMismatches(*lazy), 0, "lazy and eager updates agree");
        // W uniform writes over K pages touch K (1 - exp(-W/K)) distinct pages on
        // average; the count's standard deviation is below sqrt(K).
        double w = model->GetWriteCount();
        double expected = wss * (1 - std::exp(-w / wss));
        NS_TEST_ASSERT_MSG_EQ_TOL(double(memory->CountDirty()),
                                  expected,
                                  5 * std::sqrt(wss),
                                  "distinct pages saturate at the working set");
        uint32_t outside = 0;
        for (uint32_t page = 0; page < 4096; ++page)
        {
            outside += (page % 4 != 0 && memory->IsDirty(page)) ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_EQ(outside, 0, "writes stay in the evenly spread working set");
        Simulator::Destroy();

        // Hot-cold: 80 % of the writes on the first 20 % of the working set.
        auto hotMemory = CreateObject<GuestMemory>();
        Ptr<DirtyPageModel> hot = MakeModel(hotMemory, 0, wss);
        hot->SetAttribute("PageWriteRate", DoubleValue(rate));
        hot->SetAttribute("Distribution", EnumValue(DirtyPageModel::HOT_COLD));
        hot->Attach(hotMemory);
        hot->Resume();
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        hot->Update();
        uint64_t hotWrites = 0;
        uint32_t hotPages = static_cast<uint32_t>(0.2 * wss);
        for (uint32_t i = 0; i < hotPages; ++i)
        {
            hotWrites += hotMemory->GetVersion(i * 4);
        }
        double n = hot->GetWriteCount();
        NS_TEST_ASSERT_MSG_EQ_TOL(hotWrites / n, 0.8, 5 * std::sqrt(0.16 / n), "hot share");
        Simulator::Destroy();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Guest memory test suite.
 */
class GuestMemoryTestSuite : public TestSuite
{
  public:
    GuestMemoryTestSuite()
        : TestSuite("vm-migration-guest-memory", UNIT)
    {
        AddTestCase(new GuestMemoryStateTest(), TestCase::QUICK);
        AddTestCase(new MigrationStreamTest(), TestCase::QUICK);
        AddTestCase(new DirtyPageModelTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static GuestMemoryTestSuite g_guestMemoryTestSuite;

} // namespace ns3
