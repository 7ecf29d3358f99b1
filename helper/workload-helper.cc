/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "workload-helper.h"

#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <sstream>

namespace ns3
{

namespace
{
/// Faban truncates a negative-exponential delay at this multiple of its mean.
constexpr double FABAN_DELAY_CAP = 5;
} // namespace

WorkloadHelper::WorkloadHelper(const WorkloadProfile& profile)
    : m_profile(profile)
{
}

void
WorkloadHelper::SetStart(Time start)
{
    m_start = start;
}

void
WorkloadHelper::ConfigureGuest(Ptr<VirtualMachine> vm) const
{
    NS_ABORT_MSG_IF(vm->GetHost(), "WorkloadHelper: configure the guest before it boots");
    Ptr<DirtyPageModel> writes = vm->GetDirtyPageModel();
    writes->SetAttribute("PageWriteRate", DoubleValue(m_profile.backgroundWriteRate));
    writes->SetAttribute("WorkingSetPages",
                         UintegerValue(static_cast<uint32_t>(
                             std::llround(m_profile.workingSetMiB * GuestMemory::PAGES_PER_MIB))));
    writes->SetAttribute("RequestHotSetPages", UintegerValue(m_profile.requestHotSetPages));
}

WorkloadHelper::Installed
WorkloadHelper::Install(Ptr<Testbed> testbed,
                        Ptr<VirtualMachine> vm,
                        const std::string& loadGenerator) const
{
    NS_ABORT_MSG_UNLESS(vm->GetHost(), "WorkloadHelper: boot the VM before Install");
    Installed installed;
    installed.end = m_start + m_profile.rampUp + m_profile.steady + m_profile.rampDown;
    Ptr<Node> clients = testbed->GetNode(loadGenerator);

    if (!m_profile.operations.empty() && m_profile.driver != WorkloadProfile::NONE)
    {
        installed.server = CreateObject<VmHttpServer>();
        installed.server->SetAttribute("Port", UintegerValue(HTTP_PORT));
        installed.server->SetAttribute("MaxClients", UintegerValue(m_profile.maxClients));
        installed.server->SetAttribute("KeepAliveTimeout", TimeValue(m_profile.keepAliveTimeout));
        installed.server->SetAttribute("AcceptQueueLength",
                                       UintegerValue(m_profile.acceptQueueLength));
        installed.server->SetAttribute("HoldOverflowedHandshakes",
                                       BooleanValue(m_profile.holdOverflowedHandshakes));
        installed.server->SetAttribute("MaxKeepAliveRequests",
                                       UintegerValue(m_profile.maxKeepAliveRequests));
        installed.server->SetOperations(m_profile.operations);
        installed.server->SetVm(vm);
        vm->GetNode()->AddApplication(installed.server);

        Ptr<ClosedLoopHttpClient> client = CreateObject<ClosedLoopHttpClient>();
        client->SetOperations(m_profile.operations);
        client->SetAttribute("Users", UintegerValue(m_profile.users));
        std::ostringstream think;
        think.precision(17);
        if (m_profile.driver == WorkloadProfile::AB || m_profile.thinkTimeMean == 0)
        {
            think << "ns3::ConstantRandomVariable[Constant=0]";
        }
        else
        {
            // Faban's NegativeExponential truncates its delays at 5 x the mean
            // (engine/NegativeExponential.java: cycleMax defaults to 5 * cycleMean).
            think << "ns3::ExponentialRandomVariable[Mean=" << m_profile.thinkTimeMean
                  << "|Bound=" << FABAN_DELAY_CAP * m_profile.thinkTimeMean << "]";
        }
        client->SetAttribute("ThinkTime", StringValue(think.str()));
        client->SetAttribute("CycleTime", BooleanValue(m_profile.cycleTime));
        client->SetAttribute("KeepAlive", BooleanValue(m_profile.keepAlive));
        client->SetAttribute("Timeout", TimeValue(m_profile.timeout));
        client->SetAttribute("ConnectTimeout", TimeValue(m_profile.connectTimeout));
        client->SetAttribute("RampUp", TimeValue(m_profile.rampUp));
        client->SetAttribute("Remote",
                             AddressValue(InetSocketAddress(vm->GetAddress(), HTTP_PORT)));
        client->AssignStreams(FIRST_STREAM);
        client->SetStartTime(m_start);
        client->SetStopTime(installed.end);
        clients->AddApplication(client);
        installed.client = client;
    }

    for (uint32_t i = 0; i < m_profile.netperfStreams; ++i)
    {
        uint16_t port = NETPERF_PORT + i;
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinkApp = sink.Install(vm->GetNode());
        installed.streams.push_back(DynamicCast<PacketSink>(sinkApp.Get(0)));
        BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(vm->GetAddress(), port));
        bulk.SetAttribute("MaxBytes", UintegerValue(0)); // netperf sends for the test's length
        // netperf writes its send buffer's size at a time (Linux default: 16 KiB).
        bulk.SetAttribute("SendSize", UintegerValue(16384));
        ApplicationContainer sender = bulk.Install(clients);
        sender.Start(m_start);
        sender.Stop(installed.end);
    }
    return installed;
}

WorkloadHelper::Installed
WorkloadHelper::Install(Ptr<Testbed> testbed,
                        Ptr<VirtualMachine> vm,
                        const std::string& loadGenerator,
                        RequestLog& log) const
{
    Installed installed = Install(testbed, vm, loadGenerator);
    if (installed.client)
    {
        installed.client->TraceConnectWithoutContext("Request",
                                                     MakeCallback(&RequestLog::Add, &log));
        log.SetOperations(m_profile.operations);
    }
    return installed;
}

} // namespace ns3
