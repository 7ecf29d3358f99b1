/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/cpu-throttle.h"
#include "ns3/guest-memory.h"
#include "ns3/migration-manager.h"
#include "ns3/migration-stream.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/qemu-pre-copy-strategy.h"
#include "ns3/reference-transfer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ns3
{

namespace
{

/**
 * The migration stream's socket buffer in these tests (as in the pre-copy suite): with
 * ns-3's 128 KiB rather than Linux's autotuned 4 MiB, the bytes handed to TCP follow
 * the wire within a buffer, so the bandwidth QEMU measures is the link's.
 */
constexpr uint32_t WIRE_PACED_BUFFER = 128 << 10;

/// @brief Give the migration stream's socket, made after this, WIRE_PACED_BUFFER.
void
UseWirePacedSender()
{
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(WIRE_PACED_BUFFER));
}

/**
 * @brief The goodput of a bulk TCP transfer over the test LAN with WIRE_PACED_BUFFER:
 *        the difference between transfers of 2n and n bytes, so that the connection
 *        set-up and slow start drop out.  Measured once.
 * @return bytes per second
 */
double
LinkGoodput()
{
    static double goodput = 0;
    if (goodput == 0)
    {
        uint64_t bytes = 16 << 20;
        Time once = ReferenceTransfer::Run(TestbedHelper::CSMA, bytes, WIRE_PACED_BUFFER);
        Time twice = ReferenceTransfer::Run(TestbedHelper::CSMA, 2 * bytes, WIRE_PACED_BUFFER);
        goodput = bytes / (twice - once).GetSeconds();
    }
    return goodput;
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief With writes the link outpaces, the downtime is at most DowntimeLimit (plus the
 *        toolstack's suspend and resume phases and what the bandwidth estimate can miss).
 */
class QemuDowntimeTest : public MigrationTestCase
{
  public:
    QemuDowntimeTest()
        : MigrationTestCase("QEMU pre-copy: downtime within the limit with writes below the "
                            "link rate")
    {
    }

  private:
    static constexpr double SUSPEND_S = 0.2; //!< toolstack suspend phase
    static constexpr double RESUME_S = 0.5;  //!< toolstack resume phase
    static constexpr double LIMIT_S = 0.3;   //!< DowntimeLimit (QEMU's default)

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "qemu-pre-copy";
        scenario.memoryMiB = 64;
        scenario.workingSetMiB = 16;
        // 300 pages/s, some 1.2 MB/s: a seventh of the link's goodput.
        scenario.pageWriteRate = 300;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        UseWirePacedSender();
        scenario.GetManager()->SetAttribute("SuspendTime", TimeValue(Seconds(SUSPEND_S)));
        scenario.GetManager()->SetAttribute("ResumeTime", TimeValue(Seconds(RESUME_S)));
        scenario.GetStrategy()->SetAttribute("DowntimeLimit", TimeValue(Seconds(LIMIT_S)));
        m_stateBytes = scenario.GetVm()->GetDeviceStateBytes();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        double goodput = LinkGoodput();
        // The final round holds less than the threshold, LIMIT x the bandwidth measured
        // over >= 100 ms of bytes handed to TCP; that can exceed the wire's by one send
        // buffer per window.  On top: the buffer still queued at the suspend, and the
        // trailer with the device state, at the link's goodput.
        double measuredAtMost = goodput + WIRE_PACED_BUFFER / 0.1;
        double transfer =
            LIMIT_S * measuredAtMost / goodput +
            (WIRE_PACED_BUFFER + MigrationStream::TrailerBytes(m_stateBytes)) / goodput;
        double bound = SUSPEND_S + RESUME_S + transfer;
        std::clog << "downtime " << r.GetDowntime().GetSeconds() << " s (bound " << bound
                  << " s), rounds " << r.rounds << std::endl;
        NS_TEST_ASSERT_MSG_GT(r.rounds, 2u, "the VM migrated live, over several rounds");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(r.GetDowntime().GetSeconds(),
                                    SUSPEND_S + RESUME_S,
                                    "the toolstack phases are part of the downtime");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(r.GetDowntime().GetSeconds(), bound, "downtime");
        NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "pages lost");
    }

    uint32_t m_stateBytes{0}; //!< the VM's device state
};

/**
 * @ingroup vm-migration-tests
 * @brief With writes above the link rate, QEMU pre-copy iterates without end; with
 *        auto-converge the throttle rises in QEMU's steps (20, 30, 40, ... %) until the
 *        migration converges.
 */
class QemuAutoConvergeTest : public MigrationTestCase
{
  public:
    /**
     * @param autoConverge whether the auto-converge capability is on
     */
    explicit QemuAutoConvergeTest(bool autoConverge)
        : MigrationTestCase(autoConverge
                                ? "QEMU pre-copy: auto-converge throttles in QEMU's steps and "
                                  "converges"
                                : "QEMU pre-copy: writes above the link rate never converge"),
          m_autoConverge(autoConverge)
    {
    }

  private:
    /// Simulated time the plain migration is given to converge.
    static constexpr double BOUND_S = 30;

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "qemu-pre-copy";
        scenario.memoryMiB = 32;
        // 8 MiB (2048 pages) rewritten at 5000 pages/s, twice the link's ~2100 pages/s:
        // a round of the whole set takes ~1 s, in which nearly all of it is dirtied again
        // (1 - exp(-5000 / 2048) = 91 %), far more than the ~630 pages 300 ms carries.
        scenario.workingSetMiB = 8;
        scenario.pageWriteRate = 5000;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        UseWirePacedSender();
        m_steps.clear();
        scenario.GetStrategy()->SetAttribute("AutoConverge", BooleanValue(m_autoConverge));
        scenario.GetStrategy()->TraceConnectWithoutContext(
            "CpuThrottle",
            MakeCallback(&QemuAutoConvergeTest::ThrottleChanged, this));
        if (!m_autoConverge)
        {
            Simulator::Stop(Seconds(BOUND_S));
        }
    }

    /**
     * @brief Record a throttle change.
     * @param oldPercent the throttle before
     * @param newPercent the throttle now
     */
    void ThrottleChanged(uint32_t /* oldPercent */, uint32_t newPercent)
    {
        m_steps.push_back(newPercent);
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        const auto& rounds = scenario.GetRounds();
        if (!m_autoConverge)
        {
            NS_TEST_ASSERT_MSG_NE(runError, "", "the migration should not have completed");
            NS_TEST_ASSERT_MSG_EQ(scenario.GetRecords().empty() ||
                                      !scenario.GetRecords().front().completed,
                                  true,
                                  "not completed");
            // A first round of ~4 s, then at most ~1 s a round (the working set): tens of
            // rounds in the bound, all live.
            std::clog << "plain: " << rounds.size() << " rounds in " << BOUND_S << " s"
                      << std::endl;
            NS_TEST_ASSERT_MSG_GT(rounds.size(), 20u, "still iterating");
            for (const auto& round : rounds)
            {
                NS_TEST_ASSERT_MSG_EQ(round.final, false, "no round ran with the VM paused");
            }
            NS_TEST_ASSERT_MSG_EQ(m_steps.empty(), true, "no throttle without auto-converge");
            return;
        }
        std::clog << "auto-converge: " << rounds.size() << " rounds, throttle steps";
        for (uint32_t step : m_steps)
        {
            std::clog << " " << step;
        }
        std::clog << std::endl;
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration did not converge");
        NS_TEST_ASSERT_MSG_EQ(rounds.back().final, true, "it ended with a final round");
        // Every step is QEMU's: 20, then +10 (mig_throttle_guest_down), and the throttle
        // is lifted (0) when the VM is paused for the final round.
        NS_TEST_ASSERT_MSG_GT(m_steps.size(), 1u, "the guest was throttled");
        NS_TEST_ASSERT_MSG_EQ(m_steps.back(), 0u, "the throttle ends with the live phase");
        for (size_t i = 0; i + 1 < m_steps.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(m_steps[i], std::min<uint32_t>(20 + 10 * i, 99), "step " << i);
        }
        // How many steps converging takes at least, from the round model of the
        // pre-copy suite (expected values): with R pages/s on the link and w page writes/s
        // on W = 2048 pages, a round of D pages dirties W (1 - exp(-w D / (R W))) pages;
        // the rounds settle at D = d W, d the largest root of d = 1 - exp(-(w / R) d).
        // The live phase can end only once D is below the threshold, 300 ms of the
        // link's bytes in pages.  Every throttle whose fixed point is still above it is a
        // step that must have been taken and must have been exceeded.
        double pageBytes = GuestMemory::PAGE_SIZE + MigrationStream::DESCRIPTOR_BYTES;
        double linkPages = LinkGoodput() / pageBytes;
        double thresholdPages = 0.3 * LinkGoodput() / GuestMemory::PAGE_SIZE;
        uint32_t needed = 0;
        for (uint32_t throttle = 20; throttle < 99; throttle += 10)
        {
            double x = 5000 * (1 - throttle / 100.0) / linkPages;
            double d = 1;
            for (int i = 0; i < 1000; ++i)
            {
                d = 1 - std::exp(-x * d);
            }
            if (d * 2048 <= thresholdPages)
            {
                break;
            }
            ++needed;
        }
        ++needed; // the step that converges
        std::clog << "at least " << needed << " steps (link " << linkPages << " pages/s)"
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(m_steps.size() - 1, needed, "steps before converging");
        NS_TEST_ASSERT_MSG_EQ(scenario.GetRecords().front().mismatches, 0, "pages lost");
    }

    bool m_autoConverge;           //!< auto-converge on
    std::vector<uint32_t> m_steps; //!< throttle values, in order
};

/**
 * @ingroup vm-migration-tests
 * @brief XBZRLE, driven page by page: a page sent again while cached costs its delta
 *        (QEMU's encoding of the changed run) plus the 3-byte encoding header.
 */
class QemuXbzrleTest : public TestCase
{
  public:
    QemuXbzrleTest()
        : TestCase("QEMU pre-copy: XBZRLE sends a cached page as its delta")
    {
    }

  private:
    static constexpr uint32_t PAGES = 1024;      //!< VM pages
    static constexpr uint32_t WRITE_BYTES = 200; //!< changed bytes per page

    /**
     * @brief Run one round to its end.
     * @param strategy the strategy
     * @param round the round's number
     * @param final whether it is the final round
     * @param deltaPages receives the pages sent as deltas
     * @param deltaBytes receives the bytes of their batches after the descriptors
     * @return the round's pages
     */
    uint64_t RunRound(Ptr<QemuPreCopyStrategy> strategy,
                      uint32_t round,
                      bool final,
                      uint64_t& deltaPages,
                      uint64_t& deltaBytes)
    {
        strategy->BeginRound(round, final);
        std::vector<uint32_t> pages;
        std::vector<uint8_t> header;
        uint64_t sent = 0;
        for (;;)
        {
            strategy->NextBatch(pages, MigrationStream::MAX_BATCH_PAGES);
            if (pages.empty())
            {
                return sent;
            }
            sent += pages.size();
            std::vector<MigrationStream::Descriptor> batch;
            uint64_t data = 0;
            for (uint32_t page : pages)
            {
                uint16_t encoded = strategy->GetEncodedBytes(page);
                batch.push_back({page, m_memory->GetVersion(page), true, encoded});
                data += encoded;
            }
            MigrationStream::EncodeBatchHeader(batch, header);
            if (batch.front().encodedBytes > 0)
            {
                deltaPages += batch.size();
                // What follows the count and descriptors: encoding headers, deltas.
                deltaBytes += header.size() - MigrationStream::COUNT_BYTES -
                              MigrationStream::DESCRIPTOR_BYTES * batch.size() + data;
                uint32_t word = MigrationStream::DecodeUint32(header.data());
                NS_TEST_EXPECT_MSG_EQ(
                    word,
                    (MigrationStream::XBZRLE_BATCH | static_cast<uint32_t>(batch.size())),
                    "an XBZRLE batch says so in its count");
            }
        }
    }

    /**
     * @brief Let a second pass and report the stream's bytes then.
     * @param strategy the strategy
     * @param bytes stream bytes handed to TCP in all
     */
    static void SetBandwidth(Ptr<QemuPreCopyStrategy> strategy, uint64_t bytes)
    {
        Simulator::Schedule(Seconds(1), &QemuPreCopyStrategy::NotifyBytesSent, strategy, bytes);
        Simulator::Stop(Seconds(1));
        Simulator::Run();
    }

    /**
     * @brief The guest writes pages.
     * @param first the first page
     * @param count the pages
     */
    void Write(uint32_t first, uint32_t count)
    {
        for (uint32_t page = first; page < first + count; ++page)
        {
            m_memory->Write(page);
        }
    }

    void Drive()
    {
        auto strategy = CreateObject<QemuPreCopyStrategy>();
        strategy->SetAttribute("Xbzrle", BooleanValue(true));
        strategy->SetAttribute("XbzrleWriteSize", UintegerValue(WRITE_BYTES));
        strategy->Start(m_memory);
        // 10 bytes in the first second: a threshold of 3 bytes, so that a live round
        // ends only when its last page is sent.
        SetBandwidth(strategy, 10);
        NS_TEST_ASSERT_MSG_EQ_TOL(strategy->GetThresholdBytes(), 3.0, 1e-9, "threshold");

        uint64_t deltaPages = 0;
        uint64_t deltaBytes = 0;
        MigrationRoundRecord record;
        // Round 1: every page, whole (no XBZRLE before the first round ends).
        record.round = 1;
        NS_TEST_ASSERT_MSG_EQ(RunRound(strategy, 1, false, deltaPages, deltaBytes),
                              PAGES,
                              "round 1");
        NS_TEST_ASSERT_MSG_EQ(strategy->GetNormalPages(), PAGES, "round 1: whole pages");
        Write(0, 500);
        NS_TEST_ASSERT_MSG_EQ(strategy->EndRound(record, PAGES),
                              MigrationStrategy::LIVE_ROUND,
                              "500 pages are more than the threshold");
        // Round 2: the 500 pages, not cached yet: whole, and into the cache.
        record.round = 2;
        NS_TEST_ASSERT_MSG_EQ(RunRound(strategy, 2, false, deltaPages, deltaBytes), 500, "round 2");
        NS_TEST_ASSERT_MSG_EQ(deltaPages, 0, "round 2: cache misses only");
        NS_TEST_ASSERT_MSG_EQ(strategy->GetXbzrleCacheMisses(), 500, "round 2 misses");
        Write(0, 300);
        NS_TEST_ASSERT_MSG_EQ(strategy->EndRound(record, PAGES + 500),
                              MigrationStrategy::LIVE_ROUND,
                              "300 pages are more than the threshold");
        // Round 3: 300 cached pages, 300 deltas.
        record.round = 3;
        RunRound(strategy, 3, false, deltaPages, deltaBytes);
        NS_TEST_ASSERT_MSG_EQ(deltaPages, 300, "round 3: cache hits");
        // Then 50 pages, below a threshold of 100 pages (400 KiB in 300 ms at
        // 1365334 bytes/s): the final round sends them as deltas.
        Write(250, 50);
        SetBandwidth(strategy, 10 + 1365334);
        NS_TEST_ASSERT_MSG_EQ_TOL(strategy->GetThresholdBytes(), 100.0 * 4096, 1, "threshold");
        NS_TEST_ASSERT_MSG_EQ(strategy->EndRound(record, PAGES + 800),
                              MigrationStrategy::FINAL_ROUND,
                              "50 pages are below the threshold");
        RunRound(strategy, 4, true, deltaPages, deltaBytes);
        NS_TEST_ASSERT_MSG_EQ(deltaPages, 350, "final round: cache hits");

        // By hand, xbzrle_encode_buffer on one changed run of 200 bytes after a zero run
        // of >= 128 bytes: ULEB128(zero run) 2 bytes + ULEB128(200) 2 bytes + 200 bytes;
        // each preceded by QEMU's flag byte and 16-bit length.
        uint64_t perPage = 3 + (2 + 2 + WRITE_BYTES);
        NS_TEST_ASSERT_MSG_EQ(deltaBytes, 350 * perPage, "bytes of the re-sent pages");
        NS_TEST_ASSERT_MSG_EQ(strategy->GetXbzrleBytes(), deltaBytes, "the strategy's count");
        NS_TEST_ASSERT_MSG_EQ(strategy->GetXbzrlePages(), 350, "pages sent as deltas");
        NS_TEST_ASSERT_MSG_EQ(MigrationStream::XbzrleBatchBytes(350, 350 * (perPage - 3)),
                              MigrationStream::COUNT_BYTES +
                                  350 * (MigrationStream::DESCRIPTOR_BYTES + perPage),
                              "a batch of deltas on the stream");
        strategy->Dispose();
    }

    void DoRun() override
    {
        m_memory = CreateObject<GuestMemory>();
        m_memory->Resize(PAGES);
        m_memory->SetPopulatedPrefix(PAGES);
        Drive();
        Simulator::Destroy();
        m_memory = nullptr;
    }

    Ptr<GuestMemory> m_memory; //!< the memory migrated
};

/**
 * @ingroup vm-migration-tests
 * @brief At resume every page's version at the target equals the source's, with each
 *        of QEMU's options, and every stream byte (XBZRLE batches too) is parsed.
 */
class QemuIntegrityTest : public MigrationTestCase
{
  public:
    /**
     * @param rate page writes per second
     * @param xbzrle whether XBZRLE is on
     * @param autoConverge whether auto-converge is on
     */
    QemuIntegrityTest(double rate, bool xbzrle, bool autoConverge)
        : MigrationTestCase("QEMU pre-copy integrity at " + std::to_string(static_cast<int>(rate)) +
                            " writes per s" + (xbzrle ? ", XBZRLE" : "") +
                            (autoConverge ? ", auto-converge" : "")),
          m_rate(rate),
          m_xbzrle(xbzrle),
          m_autoConverge(autoConverge)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 32;
        scenario.strategy = "qemu-pre-copy";
        scenario.pageWriteRate = m_rate;
        scenario.workingSetMiB = 8;
        // The paper testbed: part of the memory is not populated, the toolstack phases
        // take time, and the send buffer is Linux's.
        scenario.testbed = "paper";
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_strategy = DynamicCast<QemuPreCopyStrategy>(scenario.GetStrategy());
        m_strategy->SetAttribute("Xbzrle", BooleanValue(m_xbzrle));
        m_strategy->SetAttribute("AutoConverge", BooleanValue(m_autoConverge));
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        std::clog << "integrity: " << r.rounds << " rounds, " << m_strategy->GetXbzrlePages()
                  << " deltas, " << m_strategy->GetZeroPages() << " markers" << std::endl;
        NS_TEST_ASSERT_MSG_EQ(r.completed, true, "completed");
        NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "pages differ at resume");
        NS_TEST_ASSERT_MSG_EQ(r.bytesReceived, r.bytesSent, "every stream byte arrived");
        NS_TEST_ASSERT_MSG_GT(m_strategy->GetZeroPages(), 0, "unpopulated pages went as markers");
        if (m_xbzrle)
        {
            NS_TEST_ASSERT_MSG_GT(m_strategy->GetXbzrlePages(), 0, "pages went as deltas");
        }
        m_strategy = nullptr;
    }

    double m_rate;                       //!< writes per second
    bool m_xbzrle;                       //!< XBZRLE on
    bool m_autoConverge;                 //!< auto-converge on
    Ptr<QemuPreCopyStrategy> m_strategy; //!< the strategy
};

/**
 * @ingroup vm-migration-tests
 * @brief An idle VM: each page goes once, an unpopulated one as an 8-byte marker; the
 *        stream's bytes computed by hand.
 */
class QemuIdleBytesTest : public MigrationTestCase
{
  public:
    QemuIdleBytesTest()
        : MigrationTestCase("QEMU pre-copy: an idle VM's stream, byte for byte")
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
        scenario.strategy = "qemu-pre-copy";
        scenario.pageWriteRate = 0;
        scenario.testbed = "paper"; // some pages never populated
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_strategy = DynamicCast<QemuPreCopyStrategy>(scenario.GetStrategy());
        // A threshold of 0: round 1 ends with its last page, in batches of 1024, and
        // with nothing pending the VM is suspended (migration_iteration_run: pending 0).
        m_strategy->SetAttribute("DowntimeLimit", TimeValue(Seconds(0)));
        m_populated = scenario.GetVm()->GetMemory()->GetPopulatedCount();
        m_stateBytes = scenario.GetVm()->GetDeviceStateBytes();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        uint64_t pages = 16 * GuestMemory::PAGES_PER_MIB;
        NS_TEST_ASSERT_MSG_LT(m_populated, pages, "the VM has unpopulated pages");
        uint64_t batches = (pages + 1023) / 1024;
        uint64_t expected = batches * 4 + pages * 8 + m_populated * 4096 + 8 + m_stateBytes;
        NS_TEST_ASSERT_MSG_EQ(r.bytesSent, expected, "stream bytes");
        NS_TEST_ASSERT_MSG_EQ(r.pagesSent, pages, "each page once");
        NS_TEST_ASSERT_MSG_EQ(m_strategy->GetZeroPages(), pages - m_populated, "markers");
        NS_TEST_ASSERT_MSG_EQ(m_strategy->GetNormalPages(), m_populated, "whole pages");
        NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "pages lost");
        m_strategy = nullptr;
    }

    Ptr<QemuPreCopyStrategy> m_strategy; //!< the strategy
    uint64_t m_populated{0};             //!< populated pages
    uint64_t m_stateBytes{0};            //!< device state bytes
};

/**
 * @ingroup vm-migration-tests
 * @brief MaxBandwidth caps the stream: an idle VM's bytes take at least their size
 *        over the limit, less one 100 ms window's allowance.
 */
class QemuMaxBandwidthTest : public MigrationTestCase
{
  public:
    QemuMaxBandwidthTest()
        : MigrationTestCase("QEMU pre-copy: MaxBandwidth limits the stream")
    {
    }

  private:
    static constexpr uint64_t LIMIT = 1 << 20; //!< bytes/s, an eighth of the link's

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 8;
        scenario.strategy = "qemu-pre-copy";
        scenario.pageWriteRate = 0;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        scenario.GetStrategy()->SetAttribute("MaxBandwidth", UintegerValue(LIMIT));
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const auto& rounds = scenario.GetRounds();
        uint64_t bytes = 0;
        for (const auto& round : rounds)
        {
            bytes += round.bytesSent;
        }
        double span = (rounds.back().end - rounds.front().start).GetSeconds();
        // QEMU's limit: LIMIT / 10 bytes per 100 ms window, the first one full at once.
        double least = (bytes - LIMIT / 10.0) / LIMIT;
        std::clog << bytes << " bytes in " << span << " s (at least " << least << " s)"
                  << std::endl;
        NS_TEST_ASSERT_MSG_GT_OR_EQ(span, least, "the rate limit holds");
        // And the limit, not the link, sets the pace: within one window of it.
        NS_TEST_ASSERT_MSG_LT_OR_EQ(span, least + 0.1, "the link is not the bottleneck");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief CpuThrottle at 50 %: the guest runs half the time, so a CPU job takes twice as
 *        long and the workload writes half as many pages.
 */
class QemuCpuThrottleTest : public MigrationTestCase
{
  public:
    QemuCpuThrottleTest()
        : MigrationTestCase("QEMU pre-copy: a 50 % throttle halves the guest's CPU and writes")
    {
    }

  private:
    static constexpr double START_S = 1;      //!< throttle on
    static constexpr double SPAN_S = 10;      //!< throttle on for this long
    static constexpr double RATE = 1000;      //!< page writes per second
    static constexpr double WS_PAGES = 16;    //!< working set, pages
    static constexpr double TIMESLICE = 0.01; //!< CPU_THROTTLE_TIMESLICE_NS

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        // The migration is due after the run ends: the VM just runs.
        scenario.migrateAt = 2 * (START_S + SPAN_S);
        scenario.memoryMiB = 16;
        scenario.pageWriteRate = RATE;
        scenario.workingSetMiB = WS_PAGES / GuestMemory::PAGES_PER_MIB;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        Ptr<VirtualMachine> vm = scenario.GetVm();
        m_writes = vm->GetDirtyPageModel();
        m_throttle = CreateObject<CpuThrottle>();
        m_throttle->Attach(vm);
        Simulator::Schedule(Seconds(START_S), &QemuCpuThrottleTest::Start, this, vm);
        Simulator::Schedule(Seconds(START_S + SPAN_S), &QemuCpuThrottleTest::End, this);
        Simulator::Stop(Seconds(START_S + SPAN_S + 1));
    }

    /**
     * @brief Turn the throttle on and give the guest a CPU job of 1 s.
     * @param vm the guest
     */
    void Start(Ptr<VirtualMachine> vm)
    {
        m_writes->Update();
        m_writesAtStart = m_writes->GetWriteCount();
        m_throttle->SetPercentage(50);
        vm->GetCpu()->Submit(1.0, MakeCallback(&QemuCpuThrottleTest::JobDone, this));
    }

    /// @brief The job is done.
    void JobDone()
    {
        m_jobDone = Simulator::Now().GetSeconds();
    }

    /// @brief Count the writes and lift the throttle.
    void End()
    {
        m_writes->Update();
        m_writesAtEnd = m_writes->GetWriteCount();
        m_throttle->SetPercentage(0);
    }

    void CheckResults(const MigrationScenario& /* scenario */,
                      const std::string& /* runError */) override
    {
        // Sleep 10 ms, run 10 ms, ...: 1 s of CPU takes 100 run slices, 2 s, within one
        // throttle period (TIMESLICE / (1 - 0.5)): each sleep is 1 ns longer than its
        // share (QEMU rounds it up), so the last nanoseconds of work can wait out one
        // more sleep.
        NS_TEST_ASSERT_MSG_EQ_TOL(m_jobDone - START_S, 2.0, 2 * TIMESLICE, "the job's time");
        // The model's write count has mean RATE x running time; beyond the expectation
        // only the first writes to the WS_PAGES pages are drawn.  The running time is
        // half the span, within a timeslice.
        double writes = static_cast<double>(m_writesAtEnd - m_writesAtStart);
        std::clog << "throttle 50 %: job " << m_jobDone - START_S << " s, " << writes << " writes"
                  << std::endl;
        NS_TEST_ASSERT_MSG_EQ_TOL(writes,
                                  RATE * SPAN_S / 2,
                                  RATE * TIMESLICE + WS_PAGES + 1,
                                  "the guest's writes");
        m_throttle->Dispose();
        m_throttle = nullptr;
        m_writes = nullptr;
    }

    Ptr<CpuThrottle> m_throttle;  //!< the throttle
    Ptr<DirtyPageModel> m_writes; //!< the guest's writes
    uint64_t m_writesAtStart{0};  //!< writes when the throttle came on
    uint64_t m_writesAtEnd{0};    //!< writes at the end of the span
    double m_jobDone{0};          //!< when the job completed (s)
};

/**
 * @ingroup vm-migration-tests
 * @brief QEMU pre-copy test suite.
 */
class QemuPreCopyTestSuite : public TestSuite
{
  public:
    QemuPreCopyTestSuite()
        : TestSuite("vm-migration-qemu-pre-copy", UNIT)
    {
        AddTestCase(new QemuDowntimeTest(), TestCase::QUICK);
        AddTestCase(new QemuAutoConvergeTest(false), TestCase::EXTENSIVE);
        AddTestCase(new QemuAutoConvergeTest(true), TestCase::EXTENSIVE);
        AddTestCase(new QemuXbzrleTest(), TestCase::QUICK);
        AddTestCase(new QemuIntegrityTest(1000, false, false), TestCase::QUICK);
        AddTestCase(new QemuIntegrityTest(1000, true, false), TestCase::QUICK);
        AddTestCase(new QemuIntegrityTest(10000, true, true), TestCase::QUICK);
        AddTestCase(new QemuIdleBytesTest(), TestCase::QUICK);
        AddTestCase(new QemuMaxBandwidthTest(), TestCase::QUICK);
        AddTestCase(new QemuCpuThrottleTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static QemuPreCopyTestSuite g_qemuPreCopyTestSuite;

} // namespace ns3
