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

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <vector>

namespace ns3
{

/**
 * @brief The page a 1024-page working set's index stands for, in 4096 populated pages, as
 *        DirtyPageModel lays it out: position (index x 633) mod 1024 of the working set,
 *        and the working set every 4th page.  633 is the integer nearest 1024 / phi
 *        (632.87), and odd, hence coprime with 1024.
 * @param index a working-set index
 * @return the page
 */
uint32_t
LayoutPage1024(uint32_t index)
{
    return index * 633 % 1024 * 4;
}

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
        // Never written: its populated and dirty bitmaps only, 16 words of 8 bytes.
        NS_TEST_ASSERT_MSG_EQ(copy->GetStateBytes(), 2 * 16 * 8, "an unwritten memory's state");
        NS_TEST_ASSERT_MSG_EQ(copy->GetVersion(5), 0, "versions start at 0");
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
 * @brief The write process: distinct pages saturate as theory says, a paused guest
 *        writes nothing, and reading the log more often does not change what was
 *        written.  (The hot-cold split: DirtyPageDistributionTest.)
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
    }
};

/// @brief Let the simulated time run to @p t.
static void
RunUntil(Time t)
{
    Simulator::Stop(t - Simulator::Now());
    Simulator::Run();
}

/**
 * @ingroup vm-migration-tests
 * @brief The pages dirtied in a window after a CLEAN, against theory, at write rates
 *        from 10^3 to 10^10 per second and for per-request writes.
 *
 * Each working-set page is written as an independent Poisson process, of rate
 * r s_k / n_k in a part k of n_k pages that takes the share s_k of the writes (one
 * part for uniform writes; hot and cold for hot-cold ones).  A window of length t
 * after a CLEAN leaves each page of part k dirty with probability
 * q_k = 1 - exp(-r s_k t / n_k), independently of the others: the part's dirty count
 * is binomial(n_k, q_k), of mean K (1 - exp(-r t / K)) for uniform writes over K
 * pages.  Over N windows, independent since each starts with a CLEAN, the test checks
 * per part three statistics against their exact sampling spread, each within five
 * standard deviations (as the saturation check above; a false failure is a
 * 1-in-a-million event, normal approximation):
 * - the mean dirty count, n q, with standard error sqrt(n q (1 - q) / N);
 * - its sample variance, n q (1 - q), whose own variance is
 *   (mu4 - sigma^4 (N - 3) / (N - 1)) / N with the binomial's fourth central moment
 *   mu4 = n q (1 - q) (1 + 3 (n - 2) q (1 - q)): pages dirtied in clumps fail it;
 * - Pearson's statistic over the part's pages, X = sum_i (x_i - N q)^2 / (N q (1 - q))
 *   for page i dirty in x_i of the windows, of mean n and variance
 *   n (2 + (1 - 6 q (1 - q)) / (N q (1 - q))): pages favoured over others fail it.
 * Every window's log-dirty faults must equal its dirty pages.
 *
 * With m per-request writes (WriteNow, drawn as the Poisson writes are) instead, a
 * page of part k stays clean with probability q1 = (1 - s_k / n_k)^m and two of them
 * with q2 = (1 - 2 s_k / n_k)^m; the dirty count has mean n (1 - q1) and variance
 * n (n - 1) q2 + n q1 - n^2 q1^2 (occupancy problem), and only its mean is checked.
 */
class DirtyPageDistributionTest : public TestCase
{
  public:
    /**
     * @param distribution how the writes spread over the working set
     * @param rate Poisson page writes per second
     * @param window the time from each CLEAN to the reading of the log
     * @param requestWrites per-request writes at the start of each window (then rate 0)
     */
    DirtyPageDistributionTest(DirtyPageModel::Distribution distribution,
                              double rate,
                              Time window,
                              uint32_t requestWrites)
        : TestCase(Describe(distribution, rate, window, requestWrites)),
          m_distribution(distribution),
          m_rate(rate),
          m_window(window),
          m_requestWrites(requestWrites)
    {
    }

  private:
    static constexpr uint32_t PAGES = 4096;       //!< pages, all populated
    static constexpr uint32_t WORKING_SET = 1024; //!< working set: every 4th page
    static constexpr uint32_t WINDOWS = 200;      //!< independent windows (N)
    static constexpr double SIGMAS = 5;           //!< tolerance in standard deviations

    /// A part of the working set, as the test expects it.
    struct Part
    {
        uint32_t begin;                //!< first working-set index
        uint32_t size;                 //!< pages (n)
        double share;                  //!< share of the writes (s)
        std::vector<uint32_t> perPage; //!< windows in which each page was dirty
        double sum{0};                 //!< dirty pages, summed over the windows
        double sumSquares{0};          //!< their squares, summed
    };

    /// @return the test's name
    static std::string Describe(DirtyPageModel::Distribution distribution,
                                double rate,
                                Time window,
                                uint32_t requestWrites)
    {
        std::ostringstream name;
        name << "pages dirtied after a CLEAN: "
             << (distribution == DirtyPageModel::HOT_COLD ? "hot-cold, " : "uniform, ");
        if (requestWrites > 0)
        {
            name << requestWrites << " per-request writes";
        }
        else
        {
            name << rate << " writes per s, windows of " << window.GetNanoSeconds() << " ns";
        }
        return name.str();
    }

    void DoRun() override
    {
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(PAGES);
        memory->SetPopulatedPrefix(PAGES);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("PageWriteRate", DoubleValue(m_requestWrites > 0 ? 0 : m_rate));
        model->SetAttribute("WorkingSetPages", UintegerValue(WORKING_SET));
        model->SetAttribute("Distribution", EnumValue(m_distribution));
        model->AssignStreams(31);
        model->Attach(memory);
        model->Resume();
        // The model's default split: the first 20 % of the working set take 80 %.
        uint32_t hot = m_distribution == DirtyPageModel::HOT_COLD
                           ? static_cast<uint32_t>(0.2 * WORKING_SET)
                           : WORKING_SET;
        double hotShare = hot < WORKING_SET ? 0.8 : 1;
        std::vector<Part> parts{{0, hot, hotShare, std::vector<uint32_t>(hot)},
                                {hot, WORKING_SET - hot, 1 - hotShare, {}}};
        parts[1].perPage.resize(parts[1].size);

        std::vector<uint64_t> log;
        memory->SetLogDirty(true);
        uint32_t outside = 0;
        double dirtyTotal = 0;
        uint64_t faultsBefore = memory->GetLogDirtyFaults();
        for (uint32_t window = 0; window < WINDOWS; ++window)
        {
            memory->CleanDirtyLog(log);
            model->WriteNow(m_requestWrites);
            RunUntil(Simulator::Now() + m_window);
            model->Update();
            for (Part& part : parts)
            {
                double dirty = 0;
                for (uint32_t i = 0; i < part.size; ++i)
                {
                    bool isDirty = memory->IsDirty(LayoutPage1024(part.begin + i));
                    part.perPage[i] += isDirty ? 1 : 0;
                    dirty += isDirty ? 1 : 0;
                }
                part.sum += dirty;
                part.sumSquares += dirty * dirty;
                dirtyTotal += dirty;
            }
            for (uint32_t page = 0; page < PAGES; ++page)
            {
                outside += (page % (PAGES / WORKING_SET) != 0 && memory->IsDirty(page)) ? 1 : 0;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(outside, 0, "writes stay in the working set");
        NS_TEST_ASSERT_MSG_EQ(double(memory->GetLogDirtyFaults() - faultsBefore),
                              dirtyTotal,
                              "one fault per page made dirty");
        for (const Part& part : parts)
        {
            if (part.size > 0)
            {
                m_requestWrites > 0 ? CheckOccupancy(part) : CheckBinomial(part);
            }
        }
        Simulator::Destroy();
    }

    /// @brief Check a part's dirty pages under Poisson writes (see the class).
    void CheckBinomial(const Part& part)
    {
        double n = part.size;
        double N = WINDOWS;
        double q = -std::expm1(-m_rate * part.share * m_window.GetSeconds() / n);
        double pq = q * (1 - q);
        double mean = part.sum / N;
        double variance = (part.sumSquares - N * mean * mean) / (N - 1);
        double pearson = 0;
        for (uint32_t x : part.perPage)
        {
            pearson += (x - N * q) * (x - N * q) / (N * pq);
        }
        std::clog << GetName() << ", part of " << n << ": mean " << mean << " (" << n * q
                  << "), variance " << variance << " (" << n * pq << "), Pearson " << pearson
                  << " (" << n << ")" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(mean,
                                  n * q,
                                  SIGMAS * std::sqrt(n * pq / N),
                                  "mean dirty pages of a part of " << n);
        double sigma2 = n * pq;
        double mu4 = sigma2 * (1 + 3 * (n - 2) * pq);
        double varianceOfVariance = (mu4 - sigma2 * sigma2 * (N - 3) / (N - 1)) / N;
        NS_TEST_ASSERT_MSG_EQ_TOL(variance,
                                  sigma2,
                                  SIGMAS * std::sqrt(varianceOfVariance),
                                  "variance of the dirty pages of a part of " << n);
        NS_TEST_ASSERT_MSG_EQ_TOL(pearson,
                                  n,
                                  SIGMAS * std::sqrt(n * (2 + (1 - 6 * pq) / (N * pq))),
                                  "every page of a part of " << n << " equally likely");
    }

    /// @brief Check a part's dirty pages under per-request writes (see the class).
    void CheckOccupancy(const Part& part)
    {
        double n = part.size;
        double q1 = std::pow(1 - part.share / n, m_requestWrites);
        double q2 = std::pow(1 - 2 * part.share / n, m_requestWrites);
        double variance = n * (n - 1) * q2 + n * q1 - n * n * q1 * q1;
        std::clog << GetName() << ", part of " << n << ": mean " << part.sum / WINDOWS << " ("
                  << n * (1 - q1) << ")" << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(part.sum / WINDOWS,
                                  n * (1 - q1),
                                  SIGMAS * std::sqrt(variance / WINDOWS),
                                  "mean dirty pages of a part of " << n);
    }

    DirtyPageModel::Distribution m_distribution; //!< how the writes spread
    double m_rate;                               //!< Poisson writes per second
    Time m_window;                               //!< window after each CLEAN
    uint32_t m_requestWrites;                    //!< per-request writes per window
};

/**
 * @ingroup vm-migration-tests
 * @brief The model costs what the pages cost, whatever the write rate.
 *
 * N = 100 windows of 10 ms, each started by a CLEAN and a billion per-request writes
 * on a hot set of H = 64 pages, under 10^3 to 10^10 Poisson writes per second over
 * K = 1024 pages.  A page made dirty costs one random draw for its instant (or its
 * geometric number of misses), one for its part when there are two, and n / c on
 * average to find a clean page among the c of its part's n; as c only falls within a
 * window, that is at most n H_n per part and window (H_n the harmonic number), with a
 * variance at most n^2 pi^2 / 6 (a sum of geometric variances).  Each WriteNow adds
 * at most one draw for its last misses.  So with D pages made dirty the draws average
 * at most 2 D + N (K H_K + H H_H + 1), with a standard deviation below
 * sqrt(N) 1.29 (K + H); the test allows five of those.  This bound does not contain
 * the rate: a model that drew every write would need 10^11 draws for the per-request
 * writes alone.  The model schedules no event, and a rate of 10^-300 writes/s costs
 * one draw in 10^6 simulated seconds.  PageWriteRate takes at most 10^10.
 */
class DirtyPageCostTest : public TestCase
{
  public:
    DirtyPageCostTest()
        : TestCase("dirty-page model: cost bounded by the pages, not the write rate")
    {
    }

  private:
    static constexpr uint32_t PAGES = 4096;                //!< pages, all populated
    static constexpr uint32_t WORKING_SET = 1024;          //!< K
    static constexpr uint32_t HOT = 64;                    //!< H
    static constexpr uint32_t WINDOWS = 100;               //!< N
    static constexpr uint32_t REQUEST_WRITES = 1000000000; //!< per-request writes per window

    /// @return a model writing @p rate pages/s into @p memory
    static Ptr<DirtyPageModel> MakeModel(Ptr<GuestMemory> memory, double rate)
    {
        memory->Resize(PAGES);
        memory->SetPopulatedPrefix(PAGES);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("PageWriteRate", DoubleValue(rate));
        model->SetAttribute("WorkingSetPages", UintegerValue(WORKING_SET));
        model->SetAttribute("RequestHotSetPages", UintegerValue(HOT));
        model->AssignStreams(37);
        model->Attach(memory);
        model->Resume();
        return model;
    }

    /// @return the harmonic number H_n
    static double Harmonic(uint32_t n)
    {
        double h = 0;
        for (uint32_t i = 1; i <= n; ++i)
        {
            h += 1.0 / i;
        }
        return h;
    }

    void DoRun() override
    {
        for (double rate : {1e3, 1e6, 1e9, 1e10})
        {
            auto memory = CreateObject<GuestMemory>();
            Ptr<DirtyPageModel> model = MakeModel(memory, rate);
            memory->SetLogDirty(true);
            std::vector<uint64_t> log;
            uint64_t eventsBefore = Simulator::GetEventCount();
            for (uint32_t window = 0; window < WINDOWS; ++window)
            {
                memory->CleanDirtyLog(log);
                model->WriteNow(REQUEST_WRITES);
                RunUntil(Simulator::Now() + MilliSeconds(10));
            }
            model->Update();
            // One event per RunUntil, the test's own Stop: the model schedules none.
            NS_TEST_ASSERT_MSG_EQ(Simulator::GetEventCount() - eventsBefore,
                                  WINDOWS,
                                  "events at " << rate << " writes/s");
            double dirtied = memory->GetLogDirtyFaults();
            NS_TEST_ASSERT_MSG_LT_OR_EQ(dirtied, double(WINDOWS) * WORKING_SET, "pages dirtied");
            double mean = 2 * dirtied +
                          WINDOWS * (WORKING_SET * Harmonic(WORKING_SET) + HOT * Harmonic(HOT) + 1);
            double sd = std::sqrt(double(WINDOWS)) * 1.29 * (WORKING_SET + HOT);
            double draws = model->GetRandomDraws();
            std::clog << rate << " writes/s: " << dirtied << " pages dirtied, " << draws
                      << " draws (bound " << mean + 5 * sd << ")" << std::endl;
            NS_TEST_ASSERT_MSG_LT_OR_EQ(draws, mean + 5 * sd, "draws at " << rate << " writes/s");
            NS_TEST_ASSERT_MSG_GT_OR_EQ(model->GetWriteCount(),
                                        uint64_t{WINDOWS} * REQUEST_WRITES,
                                        "every per-request write counted");
            Simulator::Destroy();
        }

        // A vanishing rate: the next write falls beyond the end of ns-3's time.
        auto memory = CreateObject<GuestMemory>();
        Ptr<DirtyPageModel> slow = MakeModel(memory, 1e-300);
        RunUntil(Seconds(1e6));
        slow->Update();
        NS_TEST_ASSERT_MSG_EQ(memory->CountDirty(), 0, "nothing written at 1e-300 writes/s");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(slow->GetRandomDraws(), 1, "draws at 1e-300 writes/s");
        Simulator::Destroy();

        auto model = CreateObject<DirtyPageModel>();
        NS_TEST_ASSERT_MSG_EQ(model->SetAttributeFailSafe("PageWriteRate", DoubleValue(1e10)),
                              true,
                              "10^10 writes/s accepted");
        NS_TEST_ASSERT_MSG_EQ(model->SetAttributeFailSafe("PageWriteRate", DoubleValue(1.01e10)),
                              false,
                              "more than 10^10 writes/s refused");
        NS_TEST_ASSERT_MSG_EQ(model->SetAttributeFailSafe("PageWriteRate", DoubleValue(1e308)),
                              false,
                              "1e308 writes/s refused");
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
 * @brief The working set's layout: its indices stand for distinct working-set pages, and
 *        the first n of them (a part: the hot part, the request hot set) are spread over
 *        the whole memory, not packed at its start.
 */
class WorkingSetLayoutTest : public TestCase
{
  public:
    WorkingSetLayoutTest()
        : TestCase("working-set layout: a one-to-one scramble whose parts span the memory")
    {
    }

  private:
    static constexpr uint32_t WORKING_SET = 131072; //!< W: a 512 MiB VM's pages
    static constexpr uint32_t SPACING = 2;          //!< every 2nd populated page

    void DoRun() override
    {
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(WORKING_SET * SPACING);
        memory->SetPopulatedPrefix(WORKING_SET * SPACING);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("WorkingSetPages", UintegerValue(WORKING_SET));
        model->Attach(memory);

        std::vector<bool> seen(WORKING_SET * SPACING, false);
        uint32_t repeats = 0;
        uint32_t strays = 0;
        for (uint32_t index = 0; index < WORKING_SET; ++index)
        {
            uint32_t page = model->GetWorkingSetPage(index);
            repeats += seen[page] ? 1 : 0;
            strays += (page % SPACING != 0 || !model->IsWorkingSetPage(page)) ? 1 : 0;
            seen[page] = true;
        }
        NS_TEST_ASSERT_MSG_EQ(repeats, 0, "one page per index");
        NS_TEST_ASSERT_MSG_EQ(strays, 0, "every index stands for a working-set page");

        // Index i stands for position i s mod W, s near W / phi.  By the three-gap
        // theorem the first n positions cut the circle of W positions into gaps of at
        // most three lengths, the longest the sum of the other two; for 1 / phi they are
        // in the ratio phi^2 = 2.618 at most, so the longest is at most 2.618 W / n.  s / W
        // differs from 1 / phi by under 3 / W, which moves the n-th position by under
        // 3 n: 1 % of the shortest gap at n = 100.  A part packed at the start would
        // leave one gap of W - n.
        for (uint32_t n : {2, 3, 5, 10, 50, 100})
        {
            std::vector<uint32_t> positions;
            for (uint32_t index = 0; index < n; ++index)
            {
                positions.push_back(model->GetWorkingSetPage(index) / SPACING);
            }
            std::sort(positions.begin(), positions.end());
            uint32_t longest = positions.front() + WORKING_SET - positions.back();
            for (uint32_t k = 1; k < n; ++k)
            {
                longest = std::max(longest, positions[k] - positions[k - 1]);
            }
            NS_TEST_ASSERT_MSG_LT_OR_EQ(double(longest) * n / WORKING_SET,
                                        2.618 * 1.01,
                                        "the longest gap among the first " << n << " pages");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Per-request writes (WriteNow) land on the first RequestHotSetPages indices of
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

        // The hot set: working-set indices 0..H-1, scrambled over the working set, which
        // is every (PAGES / WORKING_SET)-th page.
        std::set<uint32_t> hot;
        for (uint32_t i = 0; i < HOT; ++i)
        {
            hot.insert(LayoutPage1024(i));
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
        using Model = DirtyPageModel;
        // Windows of about one write per page: q = 1 - 1/e, where the counts spread most.
        AddTestCase(new DirtyPageDistributionTest(Model::UNIFORM, 1e3, MilliSeconds(1000), 0),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageDistributionTest(Model::UNIFORM, 1e6, MicroSeconds(1000), 0),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageDistributionTest(Model::UNIFORM, 1e9, NanoSeconds(1000), 0),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageDistributionTest(Model::UNIFORM, 1e10, NanoSeconds(100), 0),
                    TestCase::QUICK);
        // Hot pages written ~0.8 times, cold ones ~0.05 times per window.
        AddTestCase(new DirtyPageDistributionTest(Model::HOT_COLD, 1e3, MilliSeconds(200), 0),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageDistributionTest(Model::HOT_COLD, 1e9, NanoSeconds(200), 0),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageDistributionTest(Model::HOT_COLD, 0, Seconds(0), 300),
                    TestCase::QUICK);
        AddTestCase(new DirtyPageCostTest(), TestCase::QUICK);
        AddTestCase(new LogDirtyFaultTest(), TestCase::QUICK);
        AddTestCase(new WorkingSetLayoutTest(), TestCase::QUICK);
        AddTestCase(new RequestHotSetTest(64), TestCase::QUICK);
        AddTestCase(new RequestHotSetTest(256), TestCase::QUICK);
        AddTestCase(new LogDirtyMigrationTest("pre-copy"), TestCase::QUICK);
        AddTestCase(new LogDirtyMigrationTest("stop-and-copy"), TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static GuestMemoryTestSuite g_guestMemoryTestSuite;

} // namespace ns3
