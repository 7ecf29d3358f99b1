/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/migration-stream.h"
#include "ns3/reference-transfer.h"

#include <cmath>

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief Stop-and-copy of an idle VM on the ideal testbed: the stream is exactly the
 *        pages, their headers and the trailer, and it moves at plain TCP's goodput.
 */
class StopAndCopyTransferTest : public MigrationTestCase
{
  public:
    /**
     * @param linkModel the link model
     */
    explicit StopAndCopyTransferTest(TestbedHelper::LinkModel linkModel)
        : MigrationTestCase("stop-and-copy of an idle 64 MiB VM over " +
                            TestbedHelper::LinkModelName(linkModel)),
          m_linkModel(linkModel)
    {
    }

  private:
    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "stop-and-copy";
        scenario.linkModel = TestbedHelper::LinkModelName(m_linkModel);
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        m_pages = scenario.GetVm()->GetMemory()->GetPageCount();
        m_stateBytes = scenario.GetVm()->GetDeviceStateBytes();
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        // Every page populated: count word per batch, a descriptor and 4 KiB per page,
        // then the trailer (end marker, state length, state).
        uint64_t batches =
            (m_pages + MigrationStream::MAX_BATCH_PAGES - 1) / MigrationStream::MAX_BATCH_PAGES;
        uint64_t expected =
            m_pages * (uint64_t{GuestMemory::PAGE_SIZE} + 8) + batches * 4 + 8 + m_stateBytes;
        NS_TEST_ASSERT_MSG_EQ(r.bytesSent, expected, "bytes on the wire");
        NS_TEST_ASSERT_MSG_EQ(r.bytesReceived, expected, "bytes at the target");
        NS_TEST_ASSERT_MSG_EQ(r.pagesSent, m_pages, "pages sent");
        NS_TEST_ASSERT_MSG_EQ(r.rounds, 1, "stop-and-copy has one round");

        // With no toolstack phases, the migration lasts its TCP transfer: from the
        // request (the connection opens at once) to the last byte at the target.
        // A plain BulkSend of the same bytes over the same LAN sets the goodput; 2 %
        // covers the handshake and the batch boundaries' pauses, each far smaller.
        double bulk = ReferenceTransfer::Run(m_linkModel, expected).GetSeconds();
        double migration = r.GetTotalTime().GetSeconds();
        NS_TEST_ASSERT_MSG_EQ_TOL(migration / bulk, 1.0, 0.02, "transfer time vs goodput");
        // The VM is down for the whole transfer: only the connection set-up (ARP,
        // with its request jitter of up to 10 ms, and the TCP handshake) comes first.
        NS_TEST_ASSERT_MSG_LT(migration - r.GetDowntime().GetSeconds(),
                              0.05,
                              "stop-and-copy: downtime is the transfer");
    }

    TestbedHelper::LinkModel m_linkModel; //!< link model under test
    uint64_t m_pages{0};                  //!< pages of the VM
    uint32_t m_stateBytes{0};             //!< device state size
};

/**
 * @ingroup vm-migration-tests
 * @brief Stop-and-copy test suite.
 */
class StopAndCopyTestSuite : public TestSuite
{
  public:
    StopAndCopyTestSuite()
        : TestSuite("vm-migration-stop-and-copy", UNIT)
    {
        AddTestCase(new StopAndCopyTransferTest(TestbedHelper::CSMA), TestCase::QUICK);
        AddTestCase(new StopAndCopyTransferTest(TestbedHelper::FULL_DUPLEX), TestCase::EXTENSIVE);
    }
};

/// The suite's instance.
static StopAndCopyTestSuite g_stopAndCopyTestSuite;

} // namespace ns3
