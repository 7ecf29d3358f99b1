/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "workload-helper.h"

#include "partition-exchange.h"

#include "ns3/boolean.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/linux-tcp-socket-factory.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/string.h"
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

WorkloadHelper::WorkloadHelper(Ptr<Workload> workload)
    : m_workload(workload)
{
    NS_ABORT_MSG_UNLESS(workload, "WorkloadHelper: no workload");
}

Ptr<Workload>
WorkloadHelper::GetWorkload() const
{
    return m_workload;
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
    writes->SetAttribute("PageWriteRate", DoubleValue(m_workload->GetBackgroundWriteRate()));
    writes->SetAttribute("WorkingSetPages",
                         UintegerValue(static_cast<uint32_t>(std::llround(
                             m_workload->GetWorkingSetMiB() * GuestMemory::PAGES_PER_MIB))));
    writes->SetAttribute("RequestHotSetPages", UintegerValue(m_workload->GetRequestHotSetPages()));
}

WorkloadHelper::Installed
WorkloadHelper::Install(Ptr<Testbed> testbed,
                        Ptr<VirtualMachine> vm,
                        const std::string& loadGenerator) const
{
    NS_ABORT_MSG_UNLESS(vm->GetHost(), "WorkloadHelper: boot the VM before Install");
    Installed installed;
    installed.end =
        m_start + m_workload->GetRampUp() + m_workload->GetSteady() + m_workload->GetRampDown();
    Ptr<Node> clients = testbed->GetNode(loadGenerator);

    // Under ns-3's distributed simulator each process installs only on its own nodes.
    bool serverHere = PartitionExchange::IsLocal(vm->GetNode());
    bool clientsHere = PartitionExchange::IsLocal(clients);
    if (m_workload->HasClients() && serverHere)
    {
        installed.server = CreateObject<VmHttpServer>();
        installed.server->SetAttribute("Port", UintegerValue(HTTP_PORT));
        installed.server->SetAttribute("MaxClients", UintegerValue(m_workload->GetMaxClients()));
        installed.server->SetAttribute("KeepAliveTimeout",
                                       TimeValue(m_workload->GetKeepAliveTimeout()));
        installed.server->SetAttribute("AcceptQueueLength",
                                       UintegerValue(m_workload->GetAcceptQueueLength()));
        installed.server->SetAttribute("HoldOverflowedHandshakes",
                                       BooleanValue(m_workload->GetHoldOverflowedHandshakes()));
        installed.server->SetAttribute("DeferAccept", TimeValue(m_workload->GetDeferAccept()));
        installed.server->SetAttribute("MaxKeepAliveRequests",
                                       UintegerValue(m_workload->GetMaxKeepAliveRequests()));
        installed.server->SetOperations(m_workload->GetOperations());
        installed.server->SetVm(vm);
        vm->GetNode()->AddApplication(installed.server);
    }
    if (m_workload->HasClients() && clientsHere)
    {
        Ptr<ClosedLoopHttpClient> client = CreateObject<ClosedLoopHttpClient>();
        client->SetOperations(m_workload->GetOperations());
        client->SetAttribute("Users", UintegerValue(m_workload->GetUsers()));
        std::ostringstream think;
        think.precision(17);
        if (m_workload->GetDriver() == Workload::AB || m_workload->GetThinkTimeMean() == 0)
        {
            think << "ns3::ConstantRandomVariable[Constant=0]";
        }
        else
        {
            // Faban's NegativeExponential truncates its delays at 5 x the mean
            // (engine/NegativeExponential.java: cycleMax defaults to 5 * cycleMean).
            think << "ns3::ExponentialRandomVariable[Mean=" << m_workload->GetThinkTimeMean()
                  << "|Bound=" << FABAN_DELAY_CAP * m_workload->GetThinkTimeMean() << "]";
        }
        client->SetAttribute("ThinkTime", StringValue(think.str()));
        client->SetAttribute("CycleTime", BooleanValue(m_workload->GetCycleTime()));
        client->SetAttribute("KeepAlive", BooleanValue(m_workload->GetKeepAlive()));
        client->SetAttribute("Timeout", TimeValue(m_workload->GetTimeout()));
        client->SetAttribute("ConnectTimeout", TimeValue(m_workload->GetConnectTimeout()));
        client->SetAttribute("RampUp", TimeValue(m_workload->GetRampUp()));
        client->SetAttribute("Remote",
                             AddressValue(InetSocketAddress(vm->GetAddress(), HTTP_PORT)));
        client->AssignStreams(FIRST_STREAM);
        client->SetStartTime(m_start);
        client->SetStopTime(installed.end);
        clients->AddApplication(client);
        installed.client = client;
    }

    for (uint32_t i = 0; i < m_workload->GetNetperfStreams(); ++i)
    {
        uint16_t port = NETPERF_PORT + i;
        if (serverHere)
        {
            LinuxTcpSocketFactory::Install(vm->GetNode());
            PacketSinkHelper sink("ns3::LinuxTcpSocketFactory",
                                  InetSocketAddress(Ipv4Address::GetAny(), port));
            ApplicationContainer sinkApp = sink.Install(vm->GetNode());
            installed.streams.push_back(DynamicCast<PacketSink>(sinkApp.Get(0)));
        }
        if (!clientsHere)
        {
            continue;
        }
        LinuxTcpSocketFactory::Install(clients);
        BulkSendHelper bulk("ns3::LinuxTcpSocketFactory",
                            InetSocketAddress(vm->GetAddress(), port));
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
        log.SetOperations(m_workload->GetOperations());
    }
    return installed;
}

} // namespace ns3
