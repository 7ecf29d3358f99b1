/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/dirty-page-model.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/guest-memory.h"
#include "ns3/migration-manager.h"
#include "ns3/migration-stream.h"
#include "ns3/nstime.h"
#include "ns3/processor-sharing-cpu.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"
#include "ns3/virtual-machine.h"

#include <cmath>
#include <set>
#include <vector>

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
 * @brief Xen's log-dirty write faults: in log-dirty mode the first write to each page
 *        after a CLEAN faults, later ones do not; out of it nothing faults; the
 *        LogDirtyFaults trace reports what GuestMemory counts.
 */
class LogDirtyFaultTest : public TestCase
{
  public:
    LogDirtyFaultTest()
        : TestCase("log-dirty faults: one per distinct page written after each CLEAN")
    {
    }

  private:
    /// @brief Sum the trace's reports; a report of 0 is a bug of its own.
    void Fault(uint32_t faults)
    {
        NS_TEST_EXPECT_MSG_GT(faults, 0, "LogDirtyFaults reports only batches that faulted");
        m_traced += faults;
        ++m_reports;
    }

    /**
     * @param memory a memory
     * @param before its versions at some earlier instant
     * @return the pages written since then
     */
    static uint32_t PagesWrittenSince(Ptr<GuestMemory> memory, const std::vector<uint32_t>& before)
    {
        uint32_t written = 0;
        for (uint32_t page = 0; page < memory->GetPageCount(); ++page)
        {
            written += memory->GetVersion(page) != before[page] ? 1 : 0;
        }
        return written;
    }

    /// @return every page's version now
    static std::vector<uint32_t> Versions(Ptr<GuestMemory> memory)
    {
        std::vector<uint32_t> versions;
        for (uint32_t page = 0; page < memory->GetPageCount(); ++page)
        {
            versions.push_back(memory->GetVersion(page));
        }
        return versions;
    }

    /// @brief Let the simulated time run to @p t.
    static void RunUntil(Time t)
    {
        Simulator::Stop(t - Simulator::Now());
        Simulator::Run();
    }

    void DoRun() override
    {
        // Direct writes with known pages.
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(256);
        memory->SetPopulatedPrefix(256);
        NS_TEST_ASSERT_MSG_EQ(memory->IsLogDirty(), false, "log-dirty mode is off by default");
        for (uint32_t page : {1, 2, 2, 3})
        {
            memory->Write(page);
        }
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 0, "no faults out of log-dirty mode");
        NS_TEST_ASSERT_MSG_EQ(memory->CountDirty(), 3, "dirty bits as without log-dirty mode");
        std::vector<uint64_t> log;
        memory->CleanDirtyLog(log);
        memory->SetLogDirty(true);
        NS_TEST_ASSERT_MSG_EQ(memory->IsLogDirty(), true, "log-dirty mode on");
        for (uint32_t page : {1, 2, 2, 3, 3, 3, 200})
        {
            memory->Write(page);
        }
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 4, "one fault per page: 1 2 3 200");
        memory->CleanDirtyLog(log);
        for (uint32_t page : {2, 4, 4, 2, 255})
        {
            memory->Write(page);
        }
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 4 + 3, "after CLEAN: 2 4 255 fault");
        memory->Write(4);
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 7, "no second fault before a CLEAN");
        memory->SetLogDirty(false);
        memory->CleanDirtyLog(log);
        memory->Write(4);
        memory->Write(5);
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 7, "no faults once off again");
        NS_TEST_ASSERT_MSG_EQ(memory->CountDirty(), 2, "dirty bits still kept when off");

        // The write model: Poisson writes over a working set of 1024 of 4096 pages and
        // per-request writes on a hot set of 64, the log read every 10 ms.
        memory = CreateObject<GuestMemory>();
        memory->Resize(4096);
        memory->SetPopulatedPrefix(4096);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("PageWriteRate", DoubleValue(2000));
        model->SetAttribute("WorkingSetPages", UintegerValue(1024));
        model->SetAttribute("RequestHotSetPages", UintegerValue(64));
        model->AssignStreams(11);
        model->Attach(memory);
        model->TraceConnectWithoutContext("LogDirtyFaults",
                                          MakeCallback(&LogDirtyFaultTest::Fault, this));
        model->Resume();
        const Time interval = MilliSeconds(300);
        auto writeFor = [&](Time length) {
            Time end = Simulator::Now() + length;
            while (Simulator::Now() < end)
            {
                RunUntil(Simulator::Now() + MilliSeconds(10));
                model->Update();
                model->WriteNow(4);
            }
        };
        writeFor(interval);
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), 0, "no faults before log-dirty mode");
        NS_TEST_ASSERT_MSG_EQ(m_traced, 0, "nothing traced before log-dirty mode");

        // As the sender enables it: apply the writes so far, CLEAN, switch on.
        model->Update();
        memory->CleanDirtyLog(log);
        memory->SetLogDirty(true);
        for (int round = 0; round < 4; ++round)
        {
            std::vector<uint32_t> before = Versions(memory);
            uint64_t faultsBefore = memory->GetLogDirtyFaults();
            uint64_t tracedBefore = m_traced;
            writeFor(interval);
            model->Update();
            uint64_t faults = memory->GetLogDirtyFaults() - faultsBefore;
            NS_TEST_ASSERT_MSG_EQ(faults,
                                  PagesWrittenSince(memory, before),
                                  "faults in round " << round << " = distinct pages written");
            NS_TEST_ASSERT_MSG_EQ(faults, memory->CountDirty(), "faults = pages in the log");
            NS_TEST_ASSERT_MSG_EQ(m_traced - tracedBefore, faults, "trace = GuestMemory's count");
            // 600 Poisson writes and 120 on the hot set dirty hundreds of pages.
            NS_TEST_ASSERT_MSG_GT(faults, 300, "the round wrote many pages");
            memory->CleanDirtyLog(log);
        }
        uint64_t writes = model->GetWriteCount();
        uint64_t faults = memory->GetLogDirtyFaults();
        uint32_t reports = m_reports;
        memory->SetLogDirty(false);
        writeFor(interval);
        NS_TEST_ASSERT_MSG_GT(model->GetWriteCount(), writes, "the guest went on writing");
        NS_TEST_ASSERT_MSG_EQ(memory->GetLogDirtyFaults(), faults, "no faults once off");
        NS_TEST_ASSERT_MSG_EQ(m_reports, reports, "no reports once off");
        Simulator::Destroy();
    }

    uint64_t m_traced{0};  //!< faults reported by the trace
    uint32_t m_reports{0}; //!< reports received
};

/**
 * @ingroup vm-migration-tests
 * @brief Per-request writes (WriteNow) land on the first RequestHotSetPages pages of
 *        the working set, as many distinct pages as uniform draws there should hit;
 *        Poisson writes still spread over the whole working set.
 */
class RequestHotSetTest : public TestCase
{
  public:
    /**
     * @param writes page writes per trial (m)
     */
    explicit RequestHotSetTest(uint32_t writes)
        : TestCase("per-request writes: " + std::to_string(writes) + " on a hot set of " +
                   std::to_string(HOT) + " pages"),
          m_writes(writes)
    {
    }

  private:
    static constexpr uint32_t PAGES = 4096;       //!< pages, all populated
    static constexpr uint32_t WORKING_SET = 1024; //!< working set: every 4th page
    static constexpr uint32_t HOT = 64;           //!< request hot set (H)
    static constexpr uint32_t TRIALS = 100;       //!< independent trials

    void DoRun() override
    {
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(PAGES);
        memory->SetPopulatedPrefix(PAGES);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("WorkingSetPages", UintegerValue(WORKING_SET));
        model->SetAttribute("RequestHotSetPages", UintegerValue(HOT));
        model->AssignStreams(23);
        model->Attach(memory);
        model->Resume();

        // The hot set: working-set indices 0..H-1, which the working set spreads over
        // memory as every (PAGES / WORKING_SET)-th page.
        std::set<uint32_t> hot;
        for (uint32_t i = 0; i < HOT; ++i)
        {
            hot.insert(i * (PAGES / WORKING_SET));
        }
        double sum = 0;
        uint32_t outside = 0;
        std::vector<uint64_t> log;
        for (uint32_t trial = 0; trial < TRIALS; ++trial)
        {
            memory->CleanDirtyLog(log);
            model->WriteNow(m_writes);
            for (uint32_t page = 0; page < PAGES; ++page)
            {
                outside += (memory->IsDirty(page) && hot.count(page) == 0) ? 1 : 0;
            }
            sum += memory->CountDirty();
        }
        NS_TEST_ASSERT_MSG_EQ(outside, 0, "per-request writes stay in the hot set");
        NS_TEST_ASSERT_MSG_EQ(model->GetWriteCount(), uint64_t{TRIALS} * m_writes, "writes");

        // m uniform draws over H pages leave a page untouched with probability
        // q1 = (1 - 1/H)^m, and two given pages both untouched with q2 = (1 - 2/H)^m.
        // The distinct pages D = H - (untouched pages) have mean H (1 - q1) and
        // variance H (H - 1) q2 + H q1 - H^2 q1^2 (occupancy problem).  The mean of
        // TRIALS independent trials has variance Var(D) / TRIALS; 4 standard
        // deviations of it make a false failure a 1-in-15000 event (normal
        // approximation), while drawing over the whole working set instead (about m
        // distinct pages for m << 1024) misses by tens of standard deviations.
        double h = HOT;
        double q1 = std::pow(1 - 1 / h, m_writes);
        double q2 = std::pow(1 - 2 / h, m_writes);
        double mean = h * (1 - q1);
        double variance = h * (h - 1) * q2 + h * q1 - h * h * q1 * q1;
        NS_TEST_ASSERT_MSG_EQ_TOL(sum / TRIALS,
                                  mean,
                                  4 * std::sqrt(variance / TRIALS),
                                  "distinct dirty pages per trial");

        // A hot set larger than the working set is the working set.
        model->SetAttribute("RequestHotSetPages", UintegerValue(10 * WORKING_SET));
        memory->CleanDirtyLog(log);
        model->WriteNow(m_writes);
        uint32_t beyond = 0;
        uint32_t outsideWorkingSet = 0;
        for (uint32_t page = 0; page < PAGES; ++page)
        {
            bool inWorkingSet = page % (PAGES / WORKING_SET) == 0;
            outsideWorkingSet += (memory->IsDirty(page) && !inWorkingSet) ? 1 : 0;
            beyond += (memory->IsDirty(page) && hot.count(page) == 0) ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_EQ(outsideWorkingSet, 0, "writes stay in the working set");
        // Of m draws over 1024 pages, the 960 beyond the first 64 take 15/16 on average.
        NS_TEST_ASSERT_MSG_GT(beyond, m_writes / 2, "clamped to the whole working set");
        model->Pause();

        // The Poisson writes keep the whole working set: 2000 writes over 1024 pages
        // dirty about 1024 (1 - e^-2) = 885, far more than the hot set holds.
        auto poissonMemory = CreateObject<GuestMemory>();
        poissonMemory->Resize(PAGES);
        poissonMemory->SetPopulatedPrefix(PAGES);
        auto poisson = CreateObject<DirtyPageModel>();
        poisson->SetAttribute("PageWriteRate", DoubleValue(1000));
        poisson->SetAttribute("WorkingSetPages", UintegerValue(WORKING_SET));
        poisson->SetAttribute("RequestHotSetPages", UintegerValue(HOT));
        poisson->AssignStreams(29);
        poisson->Attach(poissonMemory);
        poisson->Resume();
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        poisson->Update();
        uint32_t outsideHot = 0;
        for (uint32_t page = 0; page < PAGES; ++page)
        {
            outsideHot += (poissonMemory->IsDirty(page) && hot.count(page) == 0) ? 1 : 0;
        }
        NS_TEST_ASSERT_MSG_GT(outsideHot, 600, "Poisson writes ignore the request hot set");
        Simulator::Destroy();
    }

    uint32_t m_writes; //!< m
};

/**
 * @ingroup vm-migration-tests
 * @brief A migration under background writes: pre-copy puts the guest in log-dirty
 *        mode for its live rounds only, and the faults cost the guest's vCPUs;
 *        stop-and-copy never turns it on.
 */
class LogDirtyMigrationTest : public MigrationTestCase
{
  public:
    /**
     * @param strategy "pre-copy" or "stop-and-copy"
     */
    explicit LogDirtyMigrationTest(const std::string& strategy)
        : MigrationTestCase("log-dirty mode during a " + strategy + " migration"),
          m_strategy(strategy)
    {
    }

  private:
    /// CPU per fault: far above Xen's few microseconds, so that the charge shows.
    static constexpr double FAULT_COST_S = 50e-6;

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = m_strategy;
        scenario.memoryMiB = 32;
        scenario.workingSetMiB = 8;
        scenario.pageWriteRate = 2000;
        scenario.runAfter = 1; // let the vCPUs finish the faults' work before the reading
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        Ptr<VirtualMachine> vm = scenario.GetVm();
        vm->SetAttribute("LogDirtyFaultCost", TimeValue(Seconds(FAULT_COST_S)));
        // The scenario disposes of its models after the run: keep what is read then.
        m_memory = vm->GetMemory();
        m_cpu = vm->GetCpu();
        Ptr<MigrationManager> manager = scenario.GetManager();
        manager->TraceConnectWithoutContext(
            "MigrationStarted",
            Callback<void, const MigrationRecord&>(
                [this](const MigrationRecord&) { m_onAtStart = m_memory->IsLogDirty(); }));
        manager->TraceConnectWithoutContext(
            "RoundCompleted",
            Callback<void, const MigrationRoundRecord&>([this](const MigrationRoundRecord& r) {
                bool on = m_memory->IsLogDirty();
                m_liveRoundsOff += !r.final && !on ? 1 : 0;
                m_finalRoundsOn += r.final && on ? 1 : 0;
                m_liveRounds += r.final ? 0 : 1;
            }));
        manager->TraceConnectWithoutContext(
            "Suspended",
            Callback<void, const MigrationRecord&>([this](const MigrationRecord&) {
                m_onAtSuspend = m_memory->IsLogDirty();
                m_faultsAtSuspend = m_memory->GetLogDirtyFaults();
            }));
        manager->TraceConnectWithoutContext(
            "MigrationCompleted",
            Callback<void, const MigrationRecord&>([this](const MigrationRecord&) {
                m_onAtEnd = m_memory->IsLogDirty();
                // Read just before the run stops (runAfter), not at the end of Run,
                // which tears the models down.
                Simulator::Schedule(MilliSeconds(900), [this]() {
                    m_faults = m_memory->GetLogDirtyFaults();
                    m_busy = m_cpu->GetBusyCoreSeconds();
                    m_read = true;
                });
            }));
    }

    void CheckResults(const MigrationScenario& /* scenario */, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        NS_TEST_ASSERT_MSG_EQ(m_read, true, "the run went on after the migration");
        NS_TEST_ASSERT_MSG_EQ(m_onAtStart, false, "off before the migration starts");
        NS_TEST_ASSERT_MSG_EQ(m_onAtSuspend, false, "off once the guest is paused");
        NS_TEST_ASSERT_MSG_EQ(m_finalRoundsOn, 0, "off in the final round");
        NS_TEST_ASSERT_MSG_EQ(m_onAtEnd, false, "off after the migration");
        NS_TEST_ASSERT_MSG_EQ(m_faults, m_faultsAtSuspend, "no faults after the suspend");
        std::clog << m_strategy << ": " << m_liveRounds << " live rounds, " << m_faults
                  << " faults, vCPU busy " << m_busy << " s" << std::endl;
        if (m_strategy == "stop-and-copy")
        {
            NS_TEST_ASSERT_MSG_EQ(m_liveRounds, 0, "stop-and-copy has no live round");
            NS_TEST_ASSERT_MSG_EQ(m_faults, 0, "stop-and-copy: no log-dirty faults");
            return;
        }
        NS_TEST_ASSERT_MSG_GT(m_liveRounds, 1, "pre-copy ran live rounds");
        NS_TEST_ASSERT_MSG_EQ(m_liveRoundsOff, 0, "on throughout the live rounds");
        NS_TEST_ASSERT_MSG_GT(m_faults, 0, "writes during the live rounds faulted");
        // The idle guest computes nothing but the faults, on vCPUs of speed at most 1;
        // 1 us absorbs the rounding of completion instants to the time resolution.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(m_busy + 1e-6,
                                    m_faults * FAULT_COST_S,
                                    "the vCPUs paid for every fault");
    }

    std::string m_strategy;         //!< strategy under test
    Ptr<GuestMemory> m_memory;      //!< the VM's memory
    Ptr<ProcessorSharingCpu> m_cpu; //!< the VM's vCPUs
    bool m_onAtStart{true};         //!< log-dirty mode when the migration was requested
    bool m_onAtSuspend{true};       //!< log-dirty mode when the VM was paused
    bool m_onAtEnd{true};           //!< log-dirty mode when the migration ended
    uint32_t m_liveRounds{0};       //!< live rounds
    uint32_t m_liveRoundsOff{0};    //!< live rounds that ended with the mode off
    uint32_t m_finalRoundsOn{0};    //!< final rounds that ended with the mode on
    uint64_t m_faultsAtSuspend{0};  //!< faults when the VM was paused
    uint64_t m_faults{0};           //!< faults after the migration
    double m_busy{0};               //!< vCPU busy core-seconds after the migration
    bool m_read{false};             //!< whether the final reading happened
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
        AddTestCase(new LogDirtyFaultTest(), TestCase::QUICK);
        AddTestCase(new RequestHotSetTest(64), TestCase::QUICK);
        AddTestCase(new RequestHotSetTest(256), TestCase::QUICK);
        AddTestCase(new LogDirtyMigrationTest("pre-copy"), TestCase::QUICK);
        AddTestCase(new LogDirtyMigrationTest("stop-and-copy"), TestCase::QUICK);
    }
};

/// The suite's instance.
static GuestMemoryTestSuite g_guestMemoryTestSuite;

} // namespace ns3
