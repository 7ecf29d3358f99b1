/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "reference-transfer.h"

#include "ns3/abort.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/config.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket.h"
#include "ns3/uinteger.h"

namespace ns3
{

namespace
{
/// @brief Remember when the sink last received data.
void
LastByte(Time* last, Ptr<const Packet> /* packet */, const Address& /* from */)
{
    *last = Simulator::Now();
}
} // namespace

Time
ReferenceTransfer::Run(TestbedHelper::LinkModel linkModel, uint64_t bytes, uint32_t sendBuffer)
{
    TestbedHelper helper;
    helper.SetLinkModel(linkModel);
    helper.AddPaperMachines();
    Ptr<Testbed> testbed = helper.Install();
    if (sendBuffer > 0)
    {
        // After Install, which sets the testbed's default; the sender's socket is made
        // when it starts.
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(sendBuffer));
    }

    TypeId::AttributeInformation info;
    TcpSocket::GetTypeId().LookupAttributeByName("SndBufSize", &info);
    uint64_t chunk = DynamicCast<const UintegerValue>(info.initialValue)->Get() / 3;

    uint16_t port = 9000;
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    Ptr<PacketSink> sink =
        DynamicCast<PacketSink>(sinkHelper.Install(testbed->GetNode("host2")).Get(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory",
                        InetSocketAddress(testbed->GetAddress("host2"), port));
    bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
    bulk.SetAttribute("SendSize", UintegerValue(chunk));
    ApplicationContainer sender = bulk.Install(testbed->GetNode("host1"));
    Time start = Seconds(1);
    sender.Start(start);
    Time last;
    sink->TraceConnectWithoutContext("Rx", MakeBoundCallback(&LastByte, &last));
    Simulator::Run();
    NS_ABORT_MSG_UNLESS(sink->GetTotalRx() == bytes, "the reference transfer did not complete");
    Simulator::Destroy();
    return last - start;
}

} // namespace ns3
