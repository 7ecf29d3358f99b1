/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "linux-tcp-socket.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/rtt-estimator.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-tx-buffer.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LinuxTcpSocket");
NS_OBJECT_ENSURE_REGISTERED(LinuxTcpSocket);

TypeId
LinuxTcpSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LinuxTcpSocket")
                            .SetParent<TcpSocketBase>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<LinuxTcpSocket>()
                            .AddAttribute("KeepRtoBackoff",
                                          "Whether a retransmission timeout backed off by a "
                                          "timeout stays so until a segment sent only once is "
                                          "acknowledged (Linux without timestamps: Karn's "
                                          "algorithm), instead of ns-3.37's recomputing it at "
                                          "every new ACK.",
                                          BooleanValue(true),
                                          MakeBooleanAccessor(&LinuxTcpSocket::m_keepRtoBackoff),
                                          MakeBooleanChecker());
    return tid;
}

TypeId
LinuxTcpSocket::GetInstanceTypeId() const
{
    return GetTypeId();
}

Ptr<Socket>
LinuxTcpSocket::CreateSocket(Ptr<Node> node)
{
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_UNLESS(tcp, "LinuxTcpSocket: node " << node->GetId() << " has no TCP");
    TypeIdValue rtt;
    TypeIdValue congestion;
    TypeIdValue recovery;
    tcp->GetAttribute("RttEstimatorType", rtt);
    tcp->GetAttribute("SocketType", congestion);
    tcp->GetAttribute("RecoveryType", recovery);
    ObjectFactory factory;
    auto socket = CreateObject<LinuxTcpSocket>();
    socket->SetNode(node);
    socket->SetTcp(tcp);
    factory.SetTypeId(rtt.Get());
    socket->SetRtt(factory.Create<RttEstimator>());
    factory.SetTypeId(congestion.Get());
    socket->SetCongestionControlAlgorithm(factory.Create<TcpCongestionOps>());
    factory.SetTypeId(recovery.Get());
    socket->SetRecoveryAlgorithm(factory.Create<TcpRecoveryOps>());
    tcp->AddSocket(socket);
    return socket;
}

Ptr<TcpSocketBase>
LinuxTcpSocket::Fork()
{
    return CopyObject<LinuxTcpSocket>(this);
}

void
LinuxTcpSocket::PersistTimeout()
{
    NS_LOG_FUNCTION(this);
    if (m_state == SYN_SENT)
    {
        // The window is unknown, not zero: the SYN's retransmission, cancelled when the
        // probe was armed, goes now (SendEmptyPacket backs off and counts the retries).
        SendEmptyPacket(TcpHeader::SYN);
        return;
    }
    if (m_state == LISTEN || m_txBuffer->SizeFromSequence(m_tcb->m_nextTxSequence) == 0)
    {
        return; // nothing to probe with: Linux's tcp_probe_timer does nothing either
    }
    TcpSocketBase::PersistTimeout();
}

void
LinuxTcpSocket::EstimateRtt(const TcpHeader& tcpHeader)
{
    NS_LOG_FUNCTION(this << tcpHeader);
    // TcpSocketBase takes a sample when the oldest segment the ACK covers was sent once.
    if (!m_history.empty())
    {
        const RttHistory& oldest = m_history.front();
        if (!oldest.retx && tcpHeader.GetAckNumber() >= oldest.seq + SequenceNumber32(oldest.count))
        {
            m_backedOff = false;
        }
    }
    TcpSocketBase::EstimateRtt(tcpHeader);
}

void
LinuxTcpSocket::NewAck(const SequenceNumber32& seq, bool resetRTO)
{
    NS_LOG_FUNCTION(this << seq << resetRTO);
    const Time backedOff = m_rto;
    TcpSocketBase::NewAck(seq, resetRTO);
    if (!m_keepRtoBackoff || !m_backedOff || m_rto.Get() >= backedOff)
    {
        return;
    }
    m_rto = backedOff;
    if (m_retxEvent.IsRunning())
    {
        m_retxEvent.Cancel();
        m_retxEvent = Simulator::Schedule(m_rto, &LinuxTcpSocket::ReTxTimeout, this);
    }
}

void
LinuxTcpSocket::ReTxTimeout()
{
    NS_LOG_FUNCTION(this);
    TcpSocketBase::ReTxTimeout();
    m_backedOff = true;
}

uint32_t
LinuxTcpSocket::AvailableWindow() const
{
    uint32_t window = TcpSocketBase::AvailableWindow();
    // Only when the data sent fills the peer's window can ns-3.37's NextSeg offer an
    // empty segment; walking the scoreboard is left for that case.
    if (window == 0 || UnAckDataCount() < m_rWnd.Get())
    {
        return window;
    }
    SequenceNumber32 next;
    SequenceNumber32 end;
    bool rule3 = m_sackEnabled && m_tcb->m_congState == TcpSocketState::CA_RECOVERY;
    if (m_txBuffer->NextSeg(&next, &end, rule3) && next == end)
    {
        NS_LOG_LOGIC("the peer's window is full: nothing to send");
        return 0;
    }
    return window;
}

} // namespace ns3
