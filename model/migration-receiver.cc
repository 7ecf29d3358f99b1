/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-receiver.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationReceiver");
NS_OBJECT_ENSURE_REGISTERED(MigrationReceiver);

TypeId
MigrationReceiver::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MigrationReceiver")
            .SetParent<Application>()
            .SetGroupName("VmMigration")
            .AddConstructor<MigrationReceiver>()
            .AddAttribute("Port",
                          "TCP port the target's dom0 listens on.",
                          UintegerValue(8002),
                          MakeUintegerAccessor(&MigrationReceiver::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("FaultDropBatch",
                          "Test-only fault: discard the descriptors of this batch (counted "
                          "from 1) instead of applying them; 0 disables the fault.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MigrationReceiver::m_dropBatch),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

MigrationReceiver::MigrationReceiver()
    : m_port(8002),
      m_dropBatch(0),
      m_memory(CreateObject<GuestMemory>()),
      m_expect(COUNT),
      m_fieldSize(MigrationStream::COUNT_BYTES),
      m_bytesLeft(0),
      m_bytesReceived(0),
      m_batches(0)
{
    NS_LOG_FUNCTION(this);
}

void
MigrationReceiver::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_listener = nullptr;
    m_socket = nullptr;
    m_memory = nullptr;
    m_cpu = nullptr;
    m_complete = MakeNullCallback<void>();
    Application::DoDispose();
}

void
MigrationReceiver::Setup(uint32_t pages, Callback<void> complete)
{
    NS_LOG_FUNCTION(this << pages);
    m_memory->Resize(pages);
    m_complete = complete;
}

void
MigrationReceiver::SetCpu(Ptr<ProcessorSharingCpu> cpu, Time costPerPage)
{
    NS_LOG_FUNCTION(this << cpu << costPerPage);
    m_cpu = cpu;
    m_costPerPage = costPerPage;
}

Ptr<GuestMemory>
MigrationReceiver::GetMemory() const
{
    return m_memory;
}

uint64_t
MigrationReceiver::GetBytesReceived() const
{
    return m_bytesReceived;
}

void
MigrationReceiver::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listener = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "MigrationReceiver: cannot bind port " << m_port);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&MigrationReceiver::Accept, this));
}

void
MigrationReceiver::StopApplication()
{
    NS_LOG_FUNCTION(this);
    for (auto socket : {m_socket, m_listener})
    {
        if (socket)
        {
            socket->Close();
        }
    }
}

void
MigrationReceiver::Accept(Ptr<Socket> socket, const Address& /* from */)
{
    NS_LOG_FUNCTION(this << socket);
    NS_ABORT_MSG_IF(m_socket, "MigrationReceiver: a second migration connection");
    m_socket = socket;
    m_socket->SetRecvCallback(MakeCallback(&MigrationReceiver::Receive, this));
    m_listener->Close();
}

void
MigrationReceiver::Receive(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        m_bytesReceived += packet->GetSize();
        Consume(packet);
    }
}

void
MigrationReceiver::Consume(Ptr<Packet> packet)
{
    while (packet->GetSize() > 0)
    {
        NS_ABORT_MSG_IF(m_expect == COMPLETE, "migration stream: bytes after the device state");
        if (m_expect == PAGE_DATA || m_expect == STATE)
        {
            uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(packet->GetSize(), m_bytesLeft));
            packet->RemoveAtStart(n);
            m_bytesLeft -= n;
            if (m_bytesLeft > 0)
            {
                continue;
            }
            if (m_expect == PAGE_DATA)
            {
                BatchArrived();
            }
            else
            {
                StreamEnded();
            }
            continue;
        }
        uint32_t have = m_field.size();
        uint32_t n = std::min(packet->GetSize(), m_fieldSize - have);
        m_field.resize(have + n);
        packet->CopyData(m_field.data() + have, n);
        packet->RemoveAtStart(n);
        if (m_field.size() == m_fieldSize)
        {
            HeaderFieldComplete();
        }
    }
}

void
MigrationReceiver::HeaderFieldComplete()
{
    const uint8_t* bytes = m_field.data();
    switch (m_expect)
    {
    case COUNT: {
        uint32_t word = MigrationStream::DecodeUint32(bytes);
        m_xbzrle = (word & MigrationStream::XBZRLE_BATCH) != 0;
        uint32_t count = word & ~MigrationStream::XBZRLE_BATCH;
        NS_ABORT_MSG_IF(count > MigrationStream::MAX_BATCH_PAGES,
                        "migration stream: batch of " << count << " pages");
        m_expect = count == 0 ? STATE_LENGTH : DESCRIPTORS;
        m_fieldSize =
            count == 0 ? MigrationStream::COUNT_BYTES : count * MigrationStream::DESCRIPTOR_BYTES;
        break;
    }
    case DESCRIPTORS: {
        m_batch.clear();
        uint64_t populated = 0;
        for (uint32_t off = 0; off < m_fieldSize; off += MigrationStream::DESCRIPTOR_BYTES)
        {
            m_batch.push_back(MigrationStream::DecodeDescriptor(bytes + off));
            NS_ABORT_MSG_IF(m_batch.back().page >= m_memory->GetPageCount(),
                            "migration stream: page " << m_batch.back().page
                                                      << " beyond the VM's memory");
            populated += m_batch.back().populated ? 1 : 0;
        }
        if (m_xbzrle)
        {
            m_expect = ENCODINGS;
            m_fieldSize = m_batch.size() * MigrationStream::XBZRLE_HEADER_BYTES;
            break;
        }
        m_bytesLeft = populated * GuestMemory::PAGE_SIZE;
        m_expect = PAGE_DATA;
        if (m_bytesLeft == 0)
        {
            BatchArrived();
        }
        break;
    }
    case ENCODINGS: {
        // Each delta's length, in the order of the descriptors; the deltas follow.
        m_bytesLeft = 0;
        for (uint32_t i = 0; i < m_batch.size(); ++i)
        {
            const uint8_t* h = bytes + i * MigrationStream::XBZRLE_HEADER_BYTES;
            NS_ABORT_MSG_UNLESS(h[0] == MigrationStream::ENCODING_FLAG_XBZRLE,
                                "migration stream: unknown page encoding " << uint32_t{h[0]});
            uint16_t length = static_cast<uint16_t>((uint32_t{h[1]} << 8) | h[2]);
            NS_ABORT_MSG_UNLESS(length > 0 && m_batch[i].populated,
                                "migration stream: empty XBZRLE delta");
            m_batch[i].encodedBytes = length;
            m_bytesLeft += length;
        }
        m_expect = PAGE_DATA;
        break;
    }
    case STATE_LENGTH:
        m_bytesLeft = MigrationStream::DecodeUint32(bytes);
        m_expect = STATE;
        break;
    default:
        NS_FATAL_ERROR("migration stream: parser in an impossible state");
    }
    m_field.clear();
    if (m_expect == STATE && m_bytesLeft == 0)
    {
        StreamEnded();
    }
}

void
MigrationReceiver::BatchArrived()
{
    m_expect = COUNT;
    m_fieldSize = MigrationStream::COUNT_BYTES;
    if (!m_cpu || !m_costPerPage.IsStrictlyPositive())
    {
        ApplyBatch(m_batch);
        return;
    }
    m_copying.push_back(std::move(m_batch));
    m_batch.clear();
    CopyNext();
}

void
MigrationReceiver::CopyNext()
{
    if (m_copyingNow || m_copying.empty())
    {
        return;
    }
    uint64_t populated = 0;
    for (const auto& d : m_copying.front())
    {
        populated += d.populated ? 1 : 0;
    }
    m_copyingNow = true;
    m_cpu->Submit(m_costPerPage.GetSeconds() * populated,
                  MakeCallback(&MigrationReceiver::CopyDone, this));
}

void
MigrationReceiver::CopyDone()
{
    m_copyingNow = false;
    ApplyBatch(m_copying.front());
    m_copying.pop_front();
    if (m_expect == COMPLETE && m_copying.empty())
    {
        Complete();
    }
    CopyNext();
}

void
MigrationReceiver::ApplyBatch(const std::vector<MigrationStream::Descriptor>& batch)
{
    ++m_batches;
    if (m_batches == m_dropBatch)
    {
        NS_LOG_WARN("fault injection: descriptors of batch " << m_batches << " dropped");
        return;
    }
    for (const auto& d : batch)
    {
        m_memory->SetVersion(d.page, d.version);
        m_memory->SetPopulated(d.page, d.populated);
    }
}

void
MigrationReceiver::StreamEnded()
{
    NS_LOG_FUNCTION(this);
    m_expect = COMPLETE;
    if (m_copying.empty())
    {
        Complete();
    }
}

void
MigrationReceiver::Complete()
{
    NS_LOG_FUNCTION(this);
    NS_LOG_INFO("migration stream complete: " << m_bytesReceived << " bytes");
    m_complete();
}

} // namespace ns3
