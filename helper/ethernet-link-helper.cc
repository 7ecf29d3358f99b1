/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ethernet-link-helper.h"

#include "ns3/csma-net-device.h"
#include "ns3/linux-tx-queue.h"
#include "ns3/log.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/queue.h"
#include "ns3/simple-channel.h"
#include "ns3/simple-net-device.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetLinkHelper");

namespace
{
/// Bytes of Ethernet framing beyond the IP packet: header, FCS, preamble+SFD, gap.
constexpr uint32_t ETHERNET_OVERHEAD = 14 + 4 + 8 + 12;
/// Bytes of preamble, start delimiter and inter-frame gap, not charged by ns-3 CSMA.
constexpr uint32_t ETHERNET_GAP = 8 + 12;
} // namespace

NetDeviceContainer
EthernetLinkHelper::InstallCsma(CsmaHelper& csma,
                                const NodeContainer& nodes,
                                DataRate rate,
                                Time delay)
{
    csma.SetChannelAttribute("DataRate", DataRateValue(rate));
    csma.SetChannelAttribute("Delay", TimeValue(delay));
    NetDeviceContainer devices = csma.Install(nodes);
    Time gap = rate.CalculateBytesTxTime(ETHERNET_GAP);
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        DynamicCast<CsmaNetDevice>(devices.Get(i))->SetInterframeGap(gap);
    }
    return devices;
}

NetDeviceContainer
EthernetLinkHelper::InstallFullDuplex(Ptr<Node> a, Ptr<Node> b, DataRate rate, Time delay)
{
    auto channel = CreateObject<SimpleChannel>();
    channel->SetAttribute("Delay", TimeValue(delay));
    DataRate charged(
        static_cast<uint64_t>(rate.GetBitRate() * double(MTU) / (MTU + ETHERNET_OVERHEAD)));
    NetDeviceContainer pair;
    for (Ptr<Node> node : {a, b})
    {
        auto device = CreateObject<SimpleNetDevice>();
        device->SetAddress(Mac48Address::Allocate());
        device->SetMtu(MTU);
        device->SetAttribute("DataRate", DataRateValue(charged));
        device->SetChannel(channel);
        node->AddDevice(device);
        pair.Add(device);
    }
    return pair;
}

void
EthernetLinkHelper::SetTxQueue(Ptr<NetDevice> device, uint32_t buffers)
{
    auto queue = CreateObject<LinuxTxQueue>();
    queue->SetAttribute("MaxBuffers", UintegerValue(buffers));
    // A device helper that gave the device flow control (CSMA, point-to-point) tied it to
    // the device's first queue: it follows this one now.
    if (auto ndqi = device->GetObject<NetDeviceQueueInterface>())
    {
        ndqi->GetTxQueue(0)->ConnectQueueTraces(Ptr<Queue<Packet>>(queue));
    }
    if (auto csma = DynamicCast<CsmaNetDevice>(device))
    {
        queue->SetAttribute("LinkHeaderSize", UintegerValue(14)); // queued with its Ethernet header
        csma->SetQueue(queue);
        return;
    }
    if (auto p2p = DynamicCast<PointToPointNetDevice>(device))
    {
        queue->SetAttribute("LinkHeaderSize", UintegerValue(2)); // queued with its PPP header
        p2p->SetQueue(queue);
        return;
    }
    auto simple = DynamicCast<SimpleNetDevice>(device);
    NS_ABORT_MSG_UNLESS(simple,
                        "SetTxQueue: a CSMA, point-to-point or full-duplex link's device, not "
                            << device->GetInstanceTypeId().GetName());
    simple->SetQueue(queue);
}

} // namespace ns3
