/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/dirty-page-model.h"
#include "ns3/double.h"
#include "ns3/guest-memory.h"
#include "ns3/hybrid-strategy.h"
#include "ns3/migration-helper.h"
#include "ns3/migration-sender.h"
#include "ns3/migration-stream.h"
#include "ns3/post-copy-strategy.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iostream>
#include <set>
#include <vector>

namespace ns3
{

namespace
{

/**
 * @param pages pages sent in batches of up to MAX_BATCH_PAGES, in page order
 * @param populated of them, the populated ones
 * @return their bytes on the stream: a count word per batch, a descriptor per page,
 *         4 KiB per populated page
 */
uint64_t
PagesBytes(uint64_t pages, uint64_t populated)
{
    uint64_t batches =
        (pages + MigrationStream::MAX_BATCH_PAGES - 1) / MigrationStream::MAX_BATCH_PAGES;
    return batches * MigrationStream::COUNT_BYTES + pages * MigrationStream::DESCRIPTOR_BYTES +
           populated * uint64_t{GuestMemory::PAGE_SIZE};
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief The strategy alone: each page is chosen once, whether pushed or pulled, a
 *        request for a page already sent sends nothing, and a request (with its
 *        pre-paging window) goes before the push.
 */
class PostCopyExactlyOnceTest : public TestCase
{
  public:
    PostCopyExactlyOnceTest()
        : TestCase("post-copy: every page is chosen exactly once, pushed or pulled")
    {
    }

  private:
    void DoRun() override
    {
        const uint32_t pages = 3000;
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(pages);
        memory->SetPopulatedPrefix(2500);
        auto strategy = CreateObject<PostCopyStrategy>();
        strategy->SetAttribute("PrepageWindow", UintegerValue(4));
        strategy->Start(memory);
        strategy->BeginRound(1, true);
        std::vector<uint32_t> batch;
        strategy->NextBatch(batch, MigrationStream::MAX_BATCH_PAGES);
        NS_TEST_ASSERT_MSG_EQ(batch.size(), 0, "the paused round carries the state only");
        NS_TEST_ASSERT_MSG_EQ(strategy->EndRound(MigrationRoundRecord(), 0),
                              MigrationStrategy::DONE,
                              "then the state goes");

        std::vector<uint32_t> times(pages, 0);
        strategy->NextPushBatch(batch, MigrationStream::MAX_BATCH_PAGES);
        for (uint32_t page : batch)
        {
            ++times[page];
        }
        NS_TEST_ASSERT_MSG_EQ(batch.front(), 0, "the push goes in page order");
        // Page 10 went already; pre-paging bubbles around the fault, forward and backward
        // in turn, and only backward from 2999, the last page.
        strategy->RequestPage(10);
        strategy->RequestPage(2000);
        strategy->RequestPage(2999);
        strategy->NextPushBatch(batch, MigrationStream::MAX_BATCH_PAGES);
        std::vector<uint32_t> first(batch.begin(), batch.begin() + 10);
        std::vector<uint32_t> expected =
            {2000, 2001, 1999, 2002, 1998, 2999, 2998, 2997, 2996, 2995};
        NS_TEST_ASSERT_MSG_EQ((first == expected), true, "requested pages go first");
        for (uint32_t page : batch)
        {
            ++times[page];
        }
        while (!strategy->IsPushComplete())
        {
            strategy->NextPushBatch(batch, MigrationStream::MAX_BATCH_PAGES);
            NS_TEST_ASSERT_MSG_GT(batch.size(), 0, "pages are due but none is chosen");
            for (uint32_t page : batch)
            {
                ++times[page];
            }
        }
        strategy->RequestPage(5); // after the end: nothing more to send
        strategy->NextPushBatch(batch, MigrationStream::MAX_BATCH_PAGES);
        NS_TEST_ASSERT_MSG_EQ(batch.size(), 0, "a page is never sent twice");
        NS_TEST_ASSERT_MSG_EQ(std::count(times.begin(), times.end(), 1),
                              pages,
                              "every page exactly once");
        NS_TEST_ASSERT_MSG_EQ(strategy->GetPagesPulled(), 10, "the pages pulled");
        strategy->Dispose();
        memory->Dispose();
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Post-copy or hybrid of an idle VM: the stream's bytes exactly, the downtime is
 *        the state's transfer, no fault.
 */
class PostCopyIdleBytesTest : public MigrationTestCase
{
  public:
    /**
     * @param strategy "post-copy" or "hybrid"
     * @param preCopyRounds hybrid's live rounds
     */
    PostCopyIdleBytesTest(const std::string& strategy, uint32_t preCopyRounds)
        : MigrationTestCase(strategy + " of an idle 64 MiB VM: bytes exact" +
                            (strategy == "hybrid"
                                 ? ", " + std::to_string(preCopyRounds) + " pre-copy round(s)"
                                 : "")),
          m_strategy(strategy),
          m_preCopyRounds(preCopyRounds)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = m_strategy;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_pages = scenario.GetVm()->GetMemory()->GetPageCount();
        m_populated = scenario.GetVm()->GetMemory()->GetPopulatedCount();
        m_stateBytes = scenario.GetVm()->GetDeviceStateBytes();
        TypeId::AttributeInformation info;
        TcpSocket::GetTypeId().LookupAttributeByName("SndBufSize", &info);
        m_sendBuffer = DynamicCast<const UintegerValue>(info.initialValue)->Get();
        if (m_strategy == "hybrid")
        {
            scenario.GetStrategy()->SetAttribute("PreCopyRounds", UintegerValue(m_preCopyRounds));
        }
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        NS_TEST_ASSERT_MSG_EQ(r.strategy, m_strategy, "the strategy's name");
        // Post-copy: the trailer with the state, then every page once, then an empty
        // trailer.  Hybrid: round 1 sends every page; later live rounds and the pages
        // after the state find nothing dirty on an idle VM (a round with no page has
        // no batch), so only the two trailers follow.
        uint64_t expected = PagesBytes(m_pages, m_populated) +
                            MigrationStream::TrailerBytes(m_stateBytes) +
                            MigrationStream::TrailerBytes(0);
        NS_TEST_ASSERT_MSG_EQ(r.bytesSent, expected, "bytes on the stream");
        NS_TEST_ASSERT_MSG_EQ(r.bytesReceived, expected, "bytes at the target");
        NS_TEST_ASSERT_MSG_EQ(r.pagesSent, m_pages, "each page once");
        uint32_t rounds = m_strategy == "hybrid" ? m_preCopyRounds + 1 : 1;
        NS_TEST_ASSERT_MSG_EQ(r.rounds, rounds, "live rounds, then the paused one");
        NS_TEST_ASSERT_MSG_EQ(r.faults, 0, "an idle guest touches nothing");
        NS_TEST_ASSERT_MSG_EQ(r.pagesPulled, 0, "so nothing is pulled");
        NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "every page as the source had it");
        // The downtime carries the state only (16 KiB: 1.4 ms at 100 Mb/s), not the
        // 64 MiB of pages (5.6 s).  Post-copy suspends before sending anything; hybrid
        // suspends once round 1 is handed to TCP, so the state waits behind what the
        // socket still holds of it: at most its send buffer.  At no less than half the
        // 100 Mb/s link rate (one CSMA flow's goodput is 60-81 Mb/s with its write pattern,
        // doc/vm-migration.rst) those bytes take at most bytes x 8 / 50 Mb/s; 20 ms more
        // cover the TCP round trips.
        double ahead = m_strategy == "hybrid" ? m_sendBuffer : 0;
        double bound = (ahead + MigrationStream::TrailerBytes(m_stateBytes)) * 8 / 50e6 + 0.02;
        NS_TEST_ASSERT_MSG_LT(r.GetDowntime().GetSeconds(), bound, "downtime: the state only");
        double memorySeconds = m_populated * 4096.0 * 8 / 100e6;
        NS_TEST_ASSERT_MSG_GT(r.GetTotalTime().GetSeconds(),
                              memorySeconds,
                              "the pages cross the 100 Mb/s link");
    }

    std::string m_strategy;   //!< the strategy's name
    uint32_t m_preCopyRounds; //!< hybrid's live rounds
    uint64_t m_pages{0};      //!< pages of the VM
    uint64_t m_populated{0};  //!< of them, populated
    uint32_t m_stateBytes{0}; //!< device state size
    uint64_t m_sendBuffer{0}; //!< the sockets\' send buffer (bytes)
};

/**
 * @ingroup vm-migration-tests
 * @brief One fault on an otherwise idle full-duplex link (no push): the guest waits one
 *        round trip of the 16-byte request plus the page's transfer, computed frame by
 *        frame.
 */
class PostCopySingleFaultTest : public MigrationTestCase
{
  public:
    PostCopySingleFaultTest()
        : MigrationTestCase("post-copy: one fault costs a round trip and a page's transfer")
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "post-copy";
        scenario.linkModel = "full-duplex";
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        scenario.GetStrategy()->SetAttribute("ActivePush", BooleanValue(false));
        m_vm = scenario.GetVm();
        m_manager = scenario.GetManager();
        m_manager->TraceConnectWithoutContext(
            "Resumed",
            MakeCallback(&PostCopySingleFaultTest::Resumed, this));
    }

    /// @brief The VM runs on the target: fault once the link has gone quiet.
    void Resumed(const MigrationRecord& /* record */)
    {
        // Half a second: the state's last ACKs (delayed by at most 40 ms) are long over.
        Simulator::Schedule(Seconds(0.5), &PostCopySingleFaultTest::Fault, this);
    }

    /// @brief The guest touches a page the target lacks, with a job on its one vCPU.
    void Fault()
    {
        m_receiver = m_manager->GetReceiver(m_vm);
        m_faultTime = Simulator::Now();
        m_vm->GetCpu()->Submit(JOB_DEMAND, MakeCallback(&PostCopySingleFaultTest::JobDone, this));
        m_faulted =
            m_receiver &&
            m_receiver->Touch(FAULT_PAGE, MakeCallback(&PostCopySingleFaultTest::PageIn, this));
        m_missingBefore = m_receiver ? m_receiver->GetMissingPages() : 0;
        // A second touch while the vCPU waits is no new fault.
        m_secondFault = m_receiver && m_receiver->Touch(FAULT_PAGE + 7);
        Simulator::Stop(Seconds(1));
    }

    /// @brief The faulted page is in: the touch goes on.
    void PageIn()
    {
        m_pageIn = Simulator::Now();
    }

    /// @brief The job on the guest's vCPU ended.
    void JobDone()
    {
        m_jobDone = Simulator::Now();
        m_speed = m_vm->GetCpu()->GetSpeed();
    }

    void CheckResults(const MigrationScenario& /* scenario */, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(m_faulted, true, "the page was missing: a fault");
        NS_TEST_ASSERT_MSG_EQ(m_secondFault, false, "one outstanding fault per vCPU");
        NS_TEST_ASSERT_MSG_NE(runError, "", "without the push the migration cannot end");
        NS_TEST_ASSERT_MSG_EQ(m_receiver->GetFaults(), 1, "one fault");
        NS_TEST_ASSERT_MSG_EQ(m_receiver->GetMissingPages(),
                              m_missingBefore - 1,
                              "the page (and only it) arrived");

        // Frame by frame.  The full-duplex link charges each IP packet at the rate
        // scaled by 1500 / 1538 (Ethernet's 38 bytes of preamble, header, FCS and gap per
        // frame, EthernetLinkHelper), over two hops (host, switch, host) of 500 ns each
        // (TestbedHelper's link delay); the switch stores and forwards.
        DataRate charged(static_cast<uint64_t>(100e6 * 1500.0 / 1538.0));
        const Time delay = NanoSeconds(500);
        const uint32_t ipTcp = 20 + 32; // IPv4 + TCP with the timestamp option
        auto tx = [&charged](uint32_t bytes) { return charged.CalculateBytesTxTime(bytes); };
        // The request: 16 bytes of MIG_RP_MSG_REQ_PAGES in one segment; ns-3's TCP sends
        // one time step after the write.
        Time request = TimeStep(1) + 2 * (tx(MigrationSender::REQUEST_BYTES + ipTcp) + delay);
        // The reply: a batch of one page (count word, descriptor, 4 KiB) in MSS-sized
        // segments, back to back, store-and-forward through the switch.
        uint32_t payload = MigrationStream::COUNT_BYTES + MigrationStream::DESCRIPTOR_BYTES +
                           GuestMemory::PAGE_SIZE;
        Time hop1 = TimeStep(1);
        Time hop2 = TimeStep(1);
        for (uint32_t left = payload; left > 0;)
        {
            uint32_t segment = std::min<uint32_t>(left, 1448);
            left -= segment;
            hop1 += tx(segment + ipTcp);
            hop2 = Max(hop2, hop1 + delay) + tx(segment + ipTcp);
        }
        Time expected = request + hop2 + delay;
        Time measured = m_receiver->GetLastFaultLatency();
        // Within one full-size packet's time, as the model is meant to be exact to the
        // frame; what is left is time steps and nanosecond rounding.
        Time packet = tx(1500);
        NS_TEST_ASSERT_MSG_EQ_TOL(measured.GetSeconds(),
                                  expected.GetSeconds(),
                                  packet.GetSeconds(),
                                  "fault latency (expected " << expected.As(Time::US)
                                                             << ", measured "
                                                             << measured.As(Time::US) << ")");
        std::clog << "post-copy single fault: measured " << measured.As(Time::US) << ", computed "
                  << expected.As(Time::US) << std::endl;

        // The touch goes on when the page is in, and the one vCPU ran nothing meanwhile:
        // the job started with the fault ends its own demand after the page came.
        NS_TEST_ASSERT_MSG_EQ(m_pageIn, m_faultTime + measured, "resumed as the page came");
        Time jobAlone = Seconds(JOB_DEMAND / m_speed);
        NS_TEST_ASSERT_MSG_EQ_TOL((m_jobDone - m_faultTime).GetSeconds(),
                                  (measured + jobAlone).GetSeconds(),
                                  TimeStep(2).GetSeconds(),
                                  "the stalled vCPU delayed the job by the fault's wait");
        m_receiver = nullptr;
        m_vm = nullptr;
        m_manager = nullptr;
    }

    static constexpr uint32_t FAULT_PAGE = 1000; //!< the page the guest touches
    static constexpr double JOB_DEMAND = 1e-3;   //!< the job on the vCPU (s on a speed-1 core)
    Time m_faultTime;                            //!< when the guest faulted
    Time m_pageIn;                               //!< when the touch went on
    Time m_jobDone;                              //!< when the job ended
    double m_speed{0};                           //!< the vCPU's speed then
    Ptr<VirtualMachine> m_vm;                    //!< the VM
    Ptr<MigrationManager> m_manager;             //!< the toolstack
    Ptr<MigrationReceiver> m_receiver;           //!< the target side
    bool m_faulted{false};                       //!< whether the touch faulted
    bool m_secondFault{false};                   //!< whether a second touch faulted
    uint64_t m_missingBefore{0};                 //!< pages missing at the fault
};

/**
 * @ingroup vm-migration-tests
 * @brief A request's accesses go page by page: one that must wait holds the rest back
 *        until its page is in, and the request goes on once, after the last.
 */
class PostCopyRequestWaitsTest : public TestCase
{
  public:
    PostCopyRequestWaitsTest()
        : TestCase("post-copy: a request waits for its remote pages, one after the other")
    {
    }

  private:
    /// @brief The access callback: pages in m_remote wait, each until ArrivePage.
    bool Touched(uint32_t page, Callback<void> resume)
    {
        m_touched.push_back(page);
        if (m_remote.count(page) == 0)
        {
            return false;
        }
        m_remote.erase(page);
        m_waiting = resume;
        return true;
    }

    /// @brief The page the request waits for is in.
    void ArrivePage()
    {
        Callback<void> resume = m_waiting;
        m_waiting = Callback<void>();
        resume();
    }

    void DoRun() override
    {
        auto memory = CreateObject<GuestMemory>();
        memory->Resize(4096);
        memory->SetPopulatedPrefix(4096);
        auto model = CreateObject<DirtyPageModel>();
        model->SetAttribute("WorkingSetPages", UintegerValue(1024));
        model->SetAttribute("RequestAccessPages", UintegerValue(6));
        model->AssignStreams(3);
        model->Attach(memory);
        model->Resume();
        uint32_t done = 0;
        Callback<void> count = MakeCallback(&PostCopyRequestWaitsTest::Done, this);
        m_done = &done;

        // Without a watcher nothing is drawn and the request goes on at once.
        NS_TEST_ASSERT_MSG_EQ(model->AccessNow(2, count), false, "no watcher: no wait");

        // Every page present: touched in turn, no wait.
        model->SetAccessCallback(MakeCallback(&PostCopyRequestWaitsTest::Touched, this));
        NS_TEST_ASSERT_MSG_EQ(model->AccessNow(2, count), false, "all present: no wait");
        NS_TEST_ASSERT_MSG_EQ(m_touched.size(), 8, "6 reads and 2 writes touched");
        std::vector<uint32_t> first = m_touched;

        // The same draws again, with the 3rd and 6th pages remote: the 4th waits for the
        // 3rd, the 7th for the 6th, and the request goes on once, after the last page.
        model->AssignStreams(3);
        m_touched.clear();
        m_remote = {first[2], first[5]};
        NS_TEST_ASSERT_MSG_EQ(model->AccessNow(2, count), true, "a remote page: it waits");
        NS_TEST_ASSERT_MSG_EQ(m_touched.size(), 3, "nothing touched past the remote page");
        ArrivePage();
        NS_TEST_ASSERT_MSG_EQ(m_touched.size(), 6, "on to the next remote page");
        NS_TEST_ASSERT_MSG_EQ(done, 0, "still waiting");
        ArrivePage();
        NS_TEST_ASSERT_MSG_EQ(m_touched.size(), 8, "every page touched");
        NS_TEST_ASSERT_MSG_EQ(done, 1, "the request went on once");
        NS_TEST_ASSERT_MSG_EQ((m_touched == first), true, "the same pages, in order");
        model->Dispose();
        memory->Dispose();
    }

    /// @brief The request goes on.
    void Done()
    {
        ++*m_done;
    }

    std::vector<uint32_t> m_touched; //!< pages touched, in order
    std::set<uint32_t> m_remote;     //!< pages not yet on the target
    Callback<void> m_waiting;        //!< the waiting request's resume
    uint32_t* m_done{nullptr};       //!< times the request went on
};

/**
 * @ingroup vm-migration-tests
 * @brief Post-copy (or hybrid) of a guest that reads and writes: it faults, pages are
 *        pulled, yet each page arrives once after the switch-over and as the source had
 *        it at the suspend.
 */
class PostCopyIntegrityTest : public MigrationTestCase
{
  public:
    /**
     * @param strategy "post-copy" or "hybrid"
     */
    explicit PostCopyIntegrityTest(const std::string& strategy)
        : MigrationTestCase(strategy + " of a busy guest: faults, and each page exactly once"),
          m_strategy(strategy)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = m_strategy;
        scenario.pageWriteRate = 2000;
        scenario.workingSetMiB = 8;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        scenario.GetStrategy()->SetAttribute("PrepageWindow", UintegerValue(4));
        scenario.GetVm()->GetDirtyPageModel()->SetAttribute("PageAccessRate", DoubleValue(20000));
        m_vm = scenario.GetVm();
        m_pages = m_vm->GetMemory()->GetPageCount();
        m_manager = scenario.GetManager();
        m_manager->TraceConnectWithoutContext("Resumed",
                                              MakeCallback(&PostCopyIntegrityTest::Resumed, this));
        m_manager->TraceConnectWithoutContext(
            "MigrationCompleted",
            MakeCallback(&PostCopyIntegrityTest::Completed, this));
    }

    /// @brief Keep the target side and the memory's versions at the switch-over.
    void Resumed(const MigrationRecord& /* record */)
    {
        m_receiver = m_manager->GetReceiver(m_vm);
        m_vm->GetDirtyPageModel()->Update();
        for (uint32_t page = 0; page < m_pages; ++page)
        {
            m_atResume.push_back(m_vm->GetMemory()->GetVersion(page));
        }
    }

    /// @brief The pages are all in: compare.
    void Completed(const MigrationRecord& /* record */)
    {
        m_vm->GetDirtyPageModel()->Update();
        Ptr<GuestMemory> target = m_receiver->GetMemory();
        for (uint32_t page = 0; page < m_pages; ++page)
        {
            uint32_t now = m_vm->GetMemory()->GetVersion(page);
            m_writtenOnTarget += now > m_atResume[page] ? 1 : 0;
            m_arrivedStale += target->GetVersion(page) != m_atResume[page] ? 1 : 0;
        }
        m_duplicates = m_receiver->GetDuplicatePages();
        m_missing = m_receiver->GetMissingPages();
        m_stall = m_receiver->GetFaultStall();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        NS_TEST_ASSERT_MSG_EQ(m_atResume.size(), m_pages, "the VM resumed");
        const MigrationRecord& r = scenario.GetRecords().front();
        std::clog << m_strategy << " integrity: " << r.faults << " faults, " << r.pagesPulled
                  << " pages pulled, stall " << m_stall.As(Time::MS) << ", " << m_writtenOnTarget
                  << " pages written on the target" << std::endl;
        NS_TEST_ASSERT_MSG_GT(r.faults, 0, "the guest faulted");
        if (m_strategy == "post-copy")
        {
            // (Hybrid's round 1 sends every page, and the pages dirtied since go again.)
            NS_TEST_ASSERT_MSG_GT(r.pagesPulled, 0, "pages were pulled");
            NS_TEST_ASSERT_MSG_EQ(r.pagesSent, m_pages, "each page sent once");
        }
        NS_TEST_ASSERT_MSG_EQ(r.mismatches, 0, "the record agrees");
        NS_TEST_ASSERT_MSG_EQ(m_missing, 0, "every page arrived");
        NS_TEST_ASSERT_MSG_EQ(m_duplicates, 0, "no page arrived twice");
        NS_TEST_ASSERT_MSG_EQ(m_arrivedStale, 0, "each page as the source had it");
        NS_TEST_ASSERT_MSG_GT(m_writtenOnTarget, 0, "the guest wrote on the target");
        m_receiver = nullptr;
        m_vm = nullptr;
        m_manager = nullptr;
    }

    std::string m_strategy;            //!< the strategy's name
    Ptr<VirtualMachine> m_vm;          //!< the VM
    Ptr<MigrationManager> m_manager;   //!< the toolstack
    Ptr<MigrationReceiver> m_receiver; //!< the target side
    uint32_t m_pages{0};               //!< pages of the VM
    std::vector<uint32_t> m_atResume;  //!< versions when the VM resumed
    uint64_t m_writtenOnTarget{0};     //!< pages written since
    uint64_t m_arrivedStale{0};        //!< pages whose target copy differs from the source's
    uint64_t m_duplicates{0};          //!< pages that arrived twice
    uint64_t m_missing{0};             //!< pages missing at the end
    Time m_stall;                      //!< the guest's time in faults
};

/**
 * @ingroup vm-migration-tests
 * @brief The source host fails during post-copy: the VM is lost, and the record says so.
 */
class PostCopySourceFailureTest : public MigrationTestCase
{
  public:
    PostCopySourceFailureTest()
        : MigrationTestCase("post-copy: the source fails, the VM is lost and recorded")
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "post-copy";
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_vm = scenario.GetVm();
        m_source = m_vm->GetHost();
        m_manager = scenario.GetManager();
        m_manager->TraceConnectWithoutContext(
            "Resumed",
            MakeCallback(&PostCopySourceFailureTest::Resumed, this));
        m_manager->TraceConnectWithoutContext(
            "MigrationFailed",
            MakeCallback(&PostCopySourceFailureTest::Failed, this));
    }

    /// @brief The VM runs on the target; the pages are on their way (5.6 s of them).
    void Resumed(const MigrationRecord& /* record */)
    {
        Simulator::Schedule(Seconds(1), &PostCopySourceFailureTest::FailSource, this);
    }

    /// @brief The source host fails.
    void FailSource()
    {
        m_missingAtFailure = m_manager->GetReceiver(m_vm)->GetMissingPages();
        m_manager->FailHost(m_source);
        Simulator::Stop(Seconds(1));
    }

    /// @brief The migration is over.
    void Failed(const MigrationRecord& record)
    {
        m_failures.push_back(record.failure);
        m_stateAfter = m_vm->GetState();
        m_onTarget = m_vm->GetHost() != m_source;
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_GT(m_missingAtFailure, 0, "pages were still on the source");
        NS_TEST_ASSERT_MSG_EQ(m_failures.size(), 1, "one failure, reported once");
        NS_TEST_ASSERT_MSG_EQ(m_failures.front(),
                              "the source host failed during post-copy: the VM is lost",
                              "the reason");
        NS_TEST_ASSERT_MSG_EQ(m_stateAfter, VirtualMachine::SUSPENDED, "the VM runs nowhere");
        NS_TEST_ASSERT_MSG_EQ(m_onTarget, true, "it had moved to the target");
        const MigrationRecord& r = scenario.GetRecords().front();
        NS_TEST_ASSERT_MSG_EQ(r.completed, false, "not completed");
        NS_TEST_ASSERT_MSG_EQ(r.GetStatus(),
                              "failed:the source host failed during post-copy: the VM is lost",
                              "the record's status");
        NS_TEST_ASSERT_MSG_NE(runError.find("the VM is lost"), std::string::npos, "run error");
        m_vm = nullptr;
        m_source = nullptr;
        m_manager = nullptr;
    }

    Ptr<VirtualMachine> m_vm;                                    //!< the VM
    Ptr<Hypervisor> m_source;                                    //!< its source host
    Ptr<MigrationManager> m_manager;                             //!< the toolstack
    uint64_t m_missingAtFailure{0};                              //!< pages not at the target yet
    std::vector<std::string> m_failures;                         //!< failures reported
    VirtualMachine::State m_stateAfter{VirtualMachine::RUNNING}; //!< the VM after it
    bool m_onTarget{false};                                      //!< whether it had moved
};

/**
 * @ingroup vm-migration-tests
 * @brief The strategies are found by name, as --strategy and the comparison find them.
 */
class PostCopyRegistryTest : public TestCase
{
  public:
    PostCopyRegistryTest()
        : TestCase("post-copy and hybrid are found by name")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string name : {"post-copy", "hybrid"})
        {
            Ptr<MigrationStrategy> strategy = MigrationHelper::CreateStrategy(name);
            NS_TEST_ASSERT_MSG_NE(strategy, nullptr, name << " is registered");
            NS_TEST_ASSERT_MSG_EQ(strategy->GetName(), name, "its name");
            NS_TEST_ASSERT_MSG_NE(MigrationHelper::GetStrategyNames().find(name),
                                  std::string::npos,
                                  "listed");
        }
        NS_TEST_ASSERT_MSG_EQ(MigrationHelper::CreateStrategy("ns3::HybridStrategy")->GetName(),
                              "hybrid",
                              "by TypeId name too");
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief Post-copy and hybrid test suite.
 */
class PostCopyTestSuite : public TestSuite
{
  public:
    PostCopyTestSuite()
        : TestSuite("vm-migration-post-copy", UNIT)
    {
        AddTestCase(new PostCopyRegistryTest, TestCase::QUICK);
        AddTestCase(new PostCopyExactlyOnceTest, TestCase::QUICK);
        AddTestCase(new PostCopyIdleBytesTest("post-copy", 0), TestCase::QUICK);
        AddTestCase(new PostCopyIdleBytesTest("hybrid", 1), TestCase::EXTENSIVE);
        AddTestCase(new PostCopyIdleBytesTest("hybrid", 2), TestCase::EXTENSIVE);
        AddTestCase(new PostCopySingleFaultTest, TestCase::QUICK);
        AddTestCase(new PostCopyRequestWaitsTest, TestCase::QUICK);
        AddTestCase(new PostCopyIntegrityTest("post-copy"), TestCase::QUICK);
        AddTestCase(new PostCopyIntegrityTest("hybrid"), TestCase::QUICK);
        AddTestCase(new PostCopySourceFailureTest, TestCase::QUICK);
    }
};

/// The suite's instance.
static PostCopyTestSuite g_postCopyTestSuite;

} // namespace ns3
