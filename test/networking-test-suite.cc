/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/applications-module.h"
#include "ns3/boolean.h"
#include "ns3/closed-loop-client.h"
#include "ns3/http-server.h"
#include "ns3/internet-module.h"
#include "ns3/string.h"

namespace ns3
{

/**
 * @ingroup vm-migration-tests
 * @brief A client's TCP flow into a VM survives the VM's migration when the guest
 *        announces itself, and dies when it does not: after resume the LAN switch
 *        still sends the VM's frames to the old host until it hears from the VM.
 */
class FlowSurvivesMigrationTest : public MigrationTestCase
{
  public:
    /**
     * @param announce whether the guest sends its gratuitous ARP
     */
    explicit FlowSurvivesMigrationTest(bool announce)
        : MigrationTestCase(std::string("client flow across a stop-and-copy, ") +
                            (announce ? "with" : "without") + " the gratuitous ARP"),
          m_announce(announce)
    {
    }

  private:
    static constexpr double AFTER = 60; //!< seconds simulated after the migration

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.strategy = "stop-and-copy"; // seconds of downtime
        scenario.runAfter = AFTER;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        Ptr<VirtualMachine> vm = scenario.GetVm();
        vm->SetAttribute("Announce", BooleanValue(m_announce));
        uint16_t port = 5000;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        m_sink = DynamicCast<PacketSink>(sinkHelper.Install(vm->GetNode()).Get(0));
        m_sink->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&FlowSurvivesMigrationTest::Received, this));
        // A steady 1 Mb/s TCP flow from the load generator into the VM.
        OnOffHelper client("ns3::TcpSocketFactory", InetSocketAddress(vm->GetAddress(), port));
        client.SetConstantRate(DataRate("1Mbps"), 1000);
        client.Install(scenario.GetTestbed()->GetNode("storage")).Start(Seconds(0.1));
    }

    /// @brief Count the bytes the VM receives, and when.
    void Received(Ptr<const Packet> packet, const Address& /* from */)
    {
        m_arrivals.emplace_back(Simulator::Now(), packet->GetSize());
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        uint64_t before = 0;
        uint64_t during = 0;
        uint64_t after = 0;
        uint64_t lastQuarter = 0;
        for (const auto& [t, bytes] : m_arrivals)
        {
            (t < r.suspended ? before : t < r.resumed ? during : after) += bytes;
            lastQuarter += t > r.end + Seconds(0.75 * AFTER) ? bytes : 0;
        }
        NS_TEST_ASSERT_MSG_GT(before, 0, "the flow ran before the migration");
        NS_TEST_ASSERT_MSG_EQ(during, 0, "a suspended VM receives nothing");
        if (m_announce)
        {
            // 1 Mb/s for the last 15 s is ~1.9 MB; half of it shows the flow is back
            // to its rate, not merely retransmitting.
            NS_TEST_ASSERT_MSG_GT(lastQuarter, 1e6 * 0.25 * AFTER / 8 / 2, "the flow recovered");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(after, 0, "without the announcement the flow stays dead");
        }
        m_sink = nullptr;
    }

    bool m_announce;                                   //!< gratuitous ARP on resume
    Ptr<PacketSink> m_sink;                            //!< the VM's server
    std::vector<std::pair<Time, uint32_t>> m_arrivals; //!< what the VM received, when
};

/**
 * @ingroup vm-migration-tests
 * @brief A web request in progress when its VM is suspended finishes after the VM
 *        resumes, on the target's CPU, late by exactly the downtime.
 *
 * One user requests at 0.5 s a page that costs 2 s of CPU; the VM is migrated
 * (stop-and-copy, over a second of downtime) at 1 s.  A paused guest computes nothing,
 * so the response comes 2 s of CPU plus the downtime after the request, plus the
 * network's few milliseconds; the 1.5 s of work left runs on host2.  A guest that went
 * on computing during the pause would answer into its cut NIC and be heard only
 * after TCP's retransmissions, a different time.
 */
class RequestAcrossMigrationTest : public MigrationTestCase
{
  public:
    RequestAcrossMigrationTest()
        : MigrationTestCase("a web request in progress waits out the downtime")
    {
    }

  private:
    static constexpr double DEMAND = 2; //!< CPU seconds of the request

    void ConfigureScenario(MigrationScenario& scenario) override
    {
        MigrationTestCase::ConfigureScenario(scenario);
        scenario.memoryMiB = 16;
        scenario.strategy = "stop-and-copy";
        scenario.runAfter = 10;
    }

    void ConfigureModels(MigrationScenario& scenario) override
    {
        Ptr<VirtualMachine> vm = scenario.GetVm();
        auto server = CreateObject<VmHttpServer>();
        server->SetAttribute("RequestDemand", TimeValue(Seconds(DEMAND)));
        server->SetVm(vm);
        vm->GetNode()->AddApplication(server);
        m_client = CreateObject<ClosedLoopHttpClient>();
        m_client->TraceConnectWithoutContext(
            "Request",
            MakeCallback(&RequestAcrossMigrationTest::RequestFinished, this));
        m_client->SetAttribute("Users", UintegerValue(1));
        m_client->SetAttribute("ThinkTime",
                               StringValue("ns3::ConstantRandomVariable[Constant=0.5]"));
        m_client->SetAttribute("Remote", AddressValue(InetSocketAddress(vm->GetAddress(), 80)));
        scenario.GetTestbed()->GetNode("storage")->AddApplication(m_client);
        m_target = scenario.GetTestbed()->GetHypervisor("host2")->GetScheduler();
    }

    /// @brief Keep each finished request (the client is torn down with the simulator).
    void RequestFinished(const HttpRequestRecord& record)
    {
        m_records.push_back(record);
    }

    void CheckResults(const MigrationScenario& scenario, const std::string& runError) override
    {
        NS_TEST_ASSERT_MSG_EQ(runError, "", "the migration failed");
        const MigrationRecord& r = scenario.GetRecords().front();
        NS_TEST_ASSERT_MSG_EQ(m_records.empty(), false, "no request completed");
        if (m_records.empty())
        {
            return;
        }
        const HttpRequestRecord& first = m_records.front();
        NS_TEST_ASSERT_MSG_EQ(first.status, HttpRequestRecord::OK, "the request failed");
        NS_TEST_ASSERT_MSG_LT(first.start, r.suspended, "the request began before the pause");
        double expected = DEMAND + r.GetDowntime().GetSeconds();
        double response = first.GetResponseTime().GetSeconds();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(response, expected, "the guest computed while paused");
        // A few network round trips of well under a millisecond each.
        NS_TEST_ASSERT_MSG_LT(response, expected + 0.01, "the response came late");
        // The work left at the pause (2 s minus what ran before it) ran on host2.
        double before = r.suspended.GetSeconds() - first.start.GetSeconds();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(m_target->GetBusyCoreSeconds(),
                                    DEMAND - before - 0.01,
                                    "the rest of the request ran elsewhere");
        m_client = nullptr;
        m_target = nullptr;
    }

    Ptr<ClosedLoopHttpClient> m_client;       //!< the user
    std::vector<HttpRequestRecord> m_records; //!< finished requests
    Ptr<CreditScheduler> m_target;            //!< host2's cores
};

/**
 * @ingroup vm-migration-tests
 * @brief VM networking test suite.
 */
class NetworkingTestSuite : public TestSuite
{
  public:
    NetworkingTestSuite()
        : TestSuite("vm-migration-networking", SYSTEM)
    {
        AddTestCase(new FlowSurvivesMigrationTest(true), TestCase::QUICK);
        AddTestCase(new FlowSurvivesMigrationTest(false), TestCase::EXTENSIVE);
        AddTestCase(new RequestAcrossMigrationTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static NetworkingTestSuite g_networkingTestSuite;

} // namespace ns3
