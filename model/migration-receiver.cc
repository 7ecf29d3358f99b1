/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-receiver.h"

#include "linux-tcp-socket.h"
#include "migration-sender.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
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
    StopFaults();
    m_guest = nullptr;
    m_vcpus = nullptr;
    m_listener = nullptr;
    m_socket = nullptr;
    m_memory = nullptr;
    m_cpu = nullptr;
    m_complete = MakeNullCallback<void>();
    m_switchover = MakeNullCallback<void>();
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
    m_listener = LinuxTcpSocket::CreateSocket(GetNode()); // its connections fork from it
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
    StopFaults();
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
    if (m_batchesBeforeState > 0 && --m_batchesBeforeState == 0)
    {
        Switchover();
    }
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
    if (!m_postCopy)
    {
        for (const auto& d : batch)
        {
            m_memory->SetVersion(d.page, d.version);
            m_memory->SetPopulated(d.page, d.populated);
        }
        return;
    }
    for (const auto& d : batch)
    {
        if (!GuestMemory::TestBit(m_missing, d.page))
        {
            // The target has it (and the guest may have written it since): a copy
            // that comes again must not replace it.
            ++m_duplicates;
            continue;
        }
        m_memory->SetVersion(d.page, d.version);
        m_memory->SetPopulated(d.page, d.populated);
        m_missing[d.page >> 6] &= ~(uint64_t{1} << (d.page & 63));
        --m_missingCount;
        m_missingWorkingSet -= m_guest && m_guest->IsWorkingSetPage(d.page) ? 1 : 0;
    }
    ResumeFaulted();
    ScheduleFault(); // the missing pages changed: the next fault's rate too
}

void
MigrationReceiver::ResumeFaulted()
{
    std::vector<Callback<void>> resumed;
    for (auto it = m_stalled.begin(); it != m_stalled.end();)
    {
        if (GuestMemory::TestBit(m_missing, it->page))
        {
            ++it;
            continue;
        }
        m_lastFaultLatency = Simulator::Now() - it->start;
        m_faultStall += m_lastFaultLatency;
        NS_LOG_INFO("page " << it->page << " in after " << m_lastFaultLatency.As(Time::US));
        if (m_vcpus)
        {
            m_vcpus->UnstallCore();
        }
        if (!it->resume.IsNull())
        {
            resumed.push_back(it->resume);
        }
        it = m_stalled.erase(it);
    }
    // Only now: a request that goes on may touch the next page at once.
    for (auto& resume : resumed)
    {
        resume();
    }
}

void
MigrationReceiver::StreamEnded()
{
    NS_LOG_FUNCTION(this);
    if (!m_switchover.IsNull() && !m_stateIn)
    {
        // Post-copy: the state came first; the pages follow it.
        m_stateIn = true;
        m_expect = COUNT;
        m_fieldSize = MigrationStream::COUNT_BYTES;
        m_batchesBeforeState = m_copying.size();
        if (m_batchesBeforeState == 0)
        {
            Switchover();
        }
        return;
    }
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

namespace ns3
{

void
MigrationReceiver::SetSwitchoverCallback(Callback<void> switchover)
{
    NS_LOG_FUNCTION(this);
    m_switchover = switchover;
}

void
MigrationReceiver::Switchover()
{
    NS_LOG_FUNCTION(this);
    m_switchover();
}

void
MigrationReceiver::StartPostCopy(const std::vector<uint64_t>& missing,
                                 Ptr<DirtyPageModel> guest,
                                 Ptr<ProcessorSharingCpu> vcpus)
{
    NS_LOG_FUNCTION(this << guest << vcpus);
    m_vcpus = vcpus;
    m_postCopy = true;
    m_missing = missing;
    m_missing.resize((m_memory->GetPageCount() + 63) / 64, 0);
    m_missingCount = 0;
    for (uint64_t word : m_missing)
    {
        m_missingCount += __builtin_popcountll(word);
    }
    m_guest = guest;
    m_missingWorkingSet = 0;
    for (uint32_t i = 0; m_guest && i < m_guest->GetWorkingSetSize(); ++i)
    {
        m_missingWorkingSet += GuestMemory::TestBit(m_missing, m_guest->GetWorkingSetPage(i));
    }
    if (m_socket)
    {
        // A request is one small write that must not wait for an ACK (Nagle).
        m_socket->SetAttribute("TcpNoDelay", BooleanValue(true));
    }
    NS_LOG_INFO("post-copy: " << m_missingCount << " pages missing, " << m_missingWorkingSet
                              << " in the working set");
}

void
MigrationReceiver::StartFaults()
{
    NS_LOG_FUNCTION(this);
    if (!m_postCopy || m_faulting)
    {
        return;
    }
    m_faulting = true;
    if (m_guest)
    {
        m_guest->SetAccessCallback(MakeCallback(&MigrationReceiver::Touch, this));
    }
    ScheduleFault();
}

void
MigrationReceiver::StopFaults()
{
    NS_LOG_FUNCTION(this);
    m_faulting = false;
    Simulator::Cancel(m_nextFault);
    if (m_guest)
    {
        m_guest->SetAccessCallback(DirtyPageModel::AccessCallback());
    }
    // A migration ends with every page in, so nothing waits then; a lost VM's waits
    // are dropped, and its vCPUs released.
    for (std::size_t i = 0; m_vcpus && i < m_stalled.size(); ++i)
    {
        m_vcpus->UnstallCore();
    }
    m_stalled.clear();
}

void
MigrationReceiver::Abandon()
{
    NS_LOG_FUNCTION(this);
    StopFaults();
    for (auto socket : {m_socket, m_listener})
    {
        if (socket)
        {
            socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            socket->Close();
        }
    }
}

void
MigrationReceiver::ScheduleFault()
{
    Simulator::Cancel(m_nextFault);
    uint32_t vcpus = Vcpus();
    if (!m_faulting || m_stalled.size() >= vcpus || !m_guest || m_missingWorkingSet == 0)
    {
        return;
    }
    // Accesses are uniform over the working set, made by the vCPUs that run: those that
    // hit a missing page form a Poisson process of the access rate times the share
    // missing times the share of vCPUs running.  It is memoryless, so it is drawn afresh
    // whenever one of those changes.
    double rate = m_guest->GetAccessRate() * m_missingWorkingSet /
                  double(m_guest->GetWorkingSetSize()) * double(vcpus - m_stalled.size()) / vcpus;
    if (rate <= 0)
    {
        return;
    }
    double delay = m_guest->DrawInterval(rate);
    if (delay < Time::Max().GetSeconds() / 2)
    {
        m_nextFault =
            Simulator::Schedule(Seconds(delay), &MigrationReceiver::BackgroundFault, this);
    }
}

void
MigrationReceiver::BackgroundFault()
{
    NS_LOG_FUNCTION(this);
    // A missing working-set page, uniformly: draw working-set pages until one is
    // missing (GetWorkingSetSize / m_missingWorkingSet draws on average).
    uint32_t page;
    do
    {
        page = m_guest->GetWorkingSetPage(m_guest->DrawWorkingSetIndex());
    } while (!GuestMemory::TestBit(m_missing, page));
    Touch(page);
}

uint32_t
MigrationReceiver::Vcpus() const
{
    return m_vcpus ? m_vcpus->GetCores() : 1;
}

bool
MigrationReceiver::Touch(uint32_t page, Callback<void> resume)
{
    NS_LOG_FUNCTION(this << page);
    if (!m_faulting || m_stalled.size() >= Vcpus() || page >= m_memory->GetPageCount() ||
        !GuestMemory::TestBit(m_missing, page))
    {
        return false;
    }
    ++m_faults;
    bool requested = std::any_of(m_stalled.begin(), m_stalled.end(), [page](const Fault& f) {
        return f.page == page;
    });
    m_stalled.push_back({page, Simulator::Now(), resume});
    if (m_vcpus)
    {
        m_vcpus->StallCore();
    }
    if (!requested)
    {
        SendRequest(page);
    }
    ScheduleFault(); // one vCPU fewer touches pages meanwhile
    return true;
}

void
MigrationReceiver::SendRequest(uint32_t page)
{
    NS_LOG_FUNCTION(this << page);
    std::vector<uint8_t> request;
    MigrationSender::EncodeRequest(page, request);
    int sent = m_socket->Send(Create<Packet>(request.data(), request.size()));
    NS_ABORT_MSG_IF(sent != static_cast<int>(request.size()),
                    "return path: TCP refused a page request");
}

uint64_t
MigrationReceiver::GetMissingPages() const
{
    return m_missingCount;
}

uint64_t
MigrationReceiver::GetFaults() const
{
    return m_faults;
}

uint64_t
MigrationReceiver::GetDuplicatePages() const
{
    return m_duplicates;
}

Time
MigrationReceiver::GetFaultStall() const
{
    return m_faultStall;
}

Time
MigrationReceiver::GetLastFaultLatency() const
{
    return m_lastFaultLatency;
}

} // namespace ns3
