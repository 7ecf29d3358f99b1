/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "netback-channel.h"

#include "ns3/abort.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NetbackChannel");
NS_OBJECT_ENSURE_REGISTERED(NetbackChannel);

TypeId
NetbackChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NetbackChannel")
            .SetParent<SimpleChannel>()
            .SetGroupName("VmMigration")
            .AddConstructor<NetbackChannel>()
            .AddAttribute("TxCostPerPacket",
                          "dom0 CPU time (speed-1 core) per packet the guest sends.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&NetbackChannel::m_txCost),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RxCostPerPacket",
                          "dom0 CPU time (speed-1 core) per packet the guest receives.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&NetbackChannel::m_rxCost),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

NetbackChannel::NetbackChannel()
{
    NS_LOG_FUNCTION(this);
}

void
NetbackChannel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Cut();
    m_dom0 = nullptr;
    m_netfront = nullptr;
    SimpleChannel::DoDispose();
}

void
NetbackChannel::SetDom0(Ptr<ProcessorSharingCpu> dom0, Ptr<SimpleNetDevice> netfront)
{
    NS_LOG_FUNCTION(this << dom0 << netfront);
    m_dom0 = dom0;
    m_netfront = netfront;
}

void
NetbackChannel::Send(Ptr<Packet> p,
                     uint16_t protocol,
                     Mac48Address to,
                     Mac48Address from,
                     Ptr<SimpleNetDevice> sender)
{
    bool transmit = sender == m_netfront;
    Ring& ring = transmit ? m_tx : m_rx;
    Time cost = transmit ? m_txCost : m_rxCost;
    if (!m_dom0 || !cost.IsStrictlyPositive())
    {
        ++ring.carried;
        SimpleChannel::Send(p, protocol, to, from, sender);
        return;
    }
    ring.queue.push_back({p, protocol, to, from, sender});
    StartNext(transmit);
}

void
NetbackChannel::StartNext(bool transmit)
{
    Ring& ring = transmit ? m_tx : m_rx;
    if (ring.job != 0 || ring.queue.empty())
    {
        return;
    }
    Time cost = transmit ? m_txCost : m_rxCost;
    ring.job =
        m_dom0->Submit(cost.GetSeconds(), MakeCallback(&NetbackChannel::Done, this, transmit));
}

void
NetbackChannel::Done(bool transmit)
{
    Ring& ring = transmit ? m_tx : m_rx;
    ring.job = 0;
    Pending head = ring.queue.front();
    ring.queue.pop_front();
    ++ring.carried;
    SimpleChannel::Send(head.packet, head.protocol, head.to, head.from, head.sender);
    StartNext(transmit);
}

void
NetbackChannel::Cut()
{
    NS_LOG_FUNCTION(this);
    for (Ring* ring : {&m_tx, &m_rx})
    {
        if (ring->job != 0 && m_dom0)
        {
            m_dom0->Cancel(ring->job);
        }
        ring->job = 0;
        ring->queue.clear();
    }
}

uint64_t
NetbackChannel::GetTxPackets() const
{
    return m_tx.carried;
}

uint64_t
NetbackChannel::GetRxPackets() const
{
    return m_rx.carried;
}

} // namespace ns3
