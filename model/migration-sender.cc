/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-sender.h"

#include "linux-tcp-socket.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationSender");
NS_OBJECT_ENSURE_REGISTERED(MigrationSender);

TypeId
MigrationSender::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MigrationSender")
                            .SetParent<Application>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<MigrationSender>();
    return tid;
}

MigrationSender::MigrationSender()
    : m_phase(CONNECTING),
      m_headerSent(0),
      m_dataLeft(0),
      m_bytesSent(0),
      m_pagesSent(0)
{
    NS_LOG_FUNCTION(this);
}

void
MigrationSender::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_vm = nullptr;
    m_strategy = nullptr;
    m_postCopy = nullptr;
    m_sourceCopy = nullptr;
    m_socket = nullptr;
    m_cpu = nullptr;
    Simulator::Cancel(m_rateWakeUp);
    m_suspend = MakeNullCallback<void>();
    m_roundDone = MakeNullCallback<void, const MigrationRoundRecord&>();
    m_failed = MakeNullCallback<void, std::string>();
    Application::DoDispose();
}

void
MigrationSender::Setup(Ptr<VirtualMachine> vm,
                       Ptr<MigrationStrategy> strategy,
                       const Address& target)
{
    NS_LOG_FUNCTION(this << vm << strategy << target);
    m_vm = vm;
    m_strategy = strategy;
    m_postCopy = DynamicCast<PostCopyStrategy>(strategy);
    m_target = target;
}

void
MigrationSender::SetCpu(Ptr<ProcessorSharingCpu> cpu, Time costPerPage)
{
    NS_LOG_FUNCTION(this << cpu << costPerPage);
    m_cpu = cpu;
    m_costPerPage = costPerPage;
}

void
MigrationSender::SetSuspendCallback(Callback<void> callback)
{
    NS_LOG_FUNCTION(this);
    m_suspend = callback;
}

void
MigrationSender::SetRoundCallback(Callback<void, const MigrationRoundRecord&> callback)
{
    NS_LOG_FUNCTION(this);
    m_roundDone = callback;
}

uint64_t
MigrationSender::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
MigrationSender::GetPagesSent() const
{
    return m_pagesSent;
}

uint32_t
MigrationSender::GetRounds() const
{
    return m_round.round;
}

Ptr<GuestMemory>
MigrationSender::GetSourceCopy() const
{
    return m_sourceCopy;
}

void
MigrationSender::EncodeRequest(uint32_t page, std::vector<uint8_t>& out)
{
    out.clear();
    uint64_t address = uint64_t{page} * GuestMemory::PAGE_SIZE;
    uint32_t length = GuestMemory::PAGE_SIZE;
    uint16_t bodyLength = REQUEST_BYTES - 4;
    out.push_back(static_cast<uint8_t>(REQUEST_TYPE >> 8));
    out.push_back(static_cast<uint8_t>(REQUEST_TYPE));
    out.push_back(static_cast<uint8_t>(bodyLength >> 8));
    out.push_back(static_cast<uint8_t>(bodyLength));
    for (int shift = 56; shift >= 0; shift -= 8)
    {
        out.push_back(static_cast<uint8_t>(address >> shift));
    }
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        out.push_back(static_cast<uint8_t>(length >> shift));
    }
}

void
MigrationSender::StartApplication()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_UNLESS(m_vm && m_strategy, "MigrationSender started without Setup()");
    m_socket = LinuxTcpSocket::CreateSocket(GetNode());
    m_socket->Bind();
    m_socket->SetConnectCallback(MakeCallback(&MigrationSender::ConnectionSucceeded, this),
                                 MakeCallback(&MigrationSender::ConnectionFailed, this));
    m_socket->SetSendCallback(MakeCallback(&MigrationSender::SendSpace, this));
    if (m_postCopy)
    {
        m_socket->SetRecvCallback(MakeCallback(&MigrationSender::ReceiveRequests, this));
    }
    m_socket->SetCloseCallbacks(MakeCallback(&MigrationSender::ConnectionLost, this),
                                MakeCallback(&MigrationSender::ConnectionLost, this));
    UintegerValue sendBuffer;
    m_socket->GetAttribute("SndBufSize", sendBuffer);
    m_sendBuffer = sendBuffer.Get();
    m_socket->Connect(m_target);
}

void
MigrationSender::StopApplication()
{
    NS_LOG_FUNCTION(this);
    // Stopped mid-stream, the migration is abandoned; stopped after it, the sender only
    // lets go of its connection (the receiver tells the outcome).
    if (m_vm && m_phase == FINISHED)
    {
        ReleaseSocket();
    }
    else if (m_vm)
    {
        Abandon();
    }
}

void
MigrationSender::SetLogDirty(bool on)
{
    NS_LOG_FUNCTION(this << on);
    // The writes made up to now were made in the old mode.
    m_vm->GetDirtyPageModel()->Update();
    m_vm->GetMemory()->SetLogDirty(on);
}

void
MigrationSender::ConnectionSucceeded(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    NS_LOG_INFO(m_vm->GetName() << ": migration connection up");
    // Enable log-dirty mode: from now on the log holds what the guest writes.
    std::vector<uint64_t> discarded;
    m_vm->GetDirtyPageModel()->Update();
    m_vm->GetMemory()->CleanDirtyLog(discarded);
    m_strategy->SetVirtualMachine(m_vm);
    m_strategy->Start(m_vm->GetMemory());
    m_rateLimit = m_strategy->GetMaxBandwidth();
    m_rateStart = Simulator::Now();
    if (m_strategy->IsLive())
    {
        // Only a guest that runs while the log is read pays for it: Xen write-protects
        // its pages, so its first write to each page after every CLEAN faults.  A
        // stop-and-copy guest is paused before it could write.
        SetLogDirty(true);
        BeginRound(false);
        Advance();
    }
    else
    {
        m_phase = SUSPENDING;
        m_suspend();
    }
}

void
MigrationSender::ConnectionFailed(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    Fail("the connection to the target failed");
}

void
MigrationSender::ConnectionLost(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    // The receiver never closes first: a close before the end is a broken stream.  Once
    // the stream is wholly handed to TCP the outcome is the receiver's to tell.
    if (m_phase != FINISHED)
    {
        Fail("the migration connection closed before the stream was complete");
    }
}

void
MigrationSender::Fail(const std::string& reason)
{
    NS_LOG_FUNCTION(this << reason);
    if (m_phase == FAILED)
    {
        return;
    }
    NS_LOG_WARN(m_vm->GetName() << ": migration failed: " << reason);
    Abandon();
    if (!m_failed.IsNull())
    {
        m_failed(reason);
    }
}

void
MigrationSender::Abandon()
{
    NS_LOG_FUNCTION(this);
    if (m_phase == FAILED)
    {
        return;
    }
    bool wasLive = m_phase != FINISHED;
    m_phase = FAILED;
    Simulator::Cancel(m_rateWakeUp);
    ReleaseSocket();
    if (wasLive)
    {
        SetLogDirty(false); // an abandoned migration stops trapping the guest's writes
        if (m_strategy)
        {
            m_strategy->Cancel(); // e.g. lift a throttle the strategy put on the guest
        }
    }
}

void
MigrationSender::ReleaseSocket()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        // No callback may reach a sender that let its connection go.
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
}

void
MigrationSender::SetFailureCallback(Callback<void, std::string> callback)
{
    NS_LOG_FUNCTION(this);
    m_failed = callback;
}

void
MigrationSender::SendSpace(Ptr<Socket> /* socket */, uint32_t available)
{
    // A writer blocked on a full socket is woken by Linux only once a third of the
    // send buffer is free (sk_stream_write_space): the stream is refilled in chunks,
    // not segment by segment as ACKs free room.
    if (3 * uint64_t{available} >= m_sendBuffer)
    {
        Advance();
    }
}

void
MigrationSender::ContinueAfterSuspend()
{
    NS_LOG_FUNCTION(this);
    if (m_phase == FAILED)
    {
        return; // the connection went while the VM was being paused
    }
    NS_ABORT_MSG_UNLESS(m_phase == SUSPENDING, "ContinueAfterSuspend without a suspend request");
    BeginRound(true);
    Advance();
}

void
MigrationSender::Advance()
{
    if (m_phase == FAILED)
    {
        return; // a batch dom0 was still preparing when the migration failed
    }
    while (!m_cpuBusy && FlushUnit())
    {
        switch (m_phase)
        {
        case ROUND:
            if (!AssembleBatch())
            {
                EndRound();
            }
            break;
        case TRAILER:
            if (m_postCopy)
            {
                BeginPush();
                break;
            }
            m_phase = FINISHED;
            m_socket->Close(); // TCP sends what is buffered, then FIN
            return;
        case PUSH:
            if (!AssembleBatch())
            {
                if (!m_postCopy->IsPushComplete())
                {
                    return; // the rest moves only when asked for
                }
                MigrationStream::EncodeTrailer(0, m_header);
                m_headerSent = 0;
                m_dataLeft = 0;
                m_phase = END_MARKER;
            }
            break;
        case END_MARKER:
            m_phase = FINISHED;
            // Only the sending half closes (FIN after the buffered pages): the target may
            // still ask for a page it is waiting for, which is already on its way, and
            // TCP answers a close with unread data, or data reaching a closed socket, with
            // a reset that would drop the pages still in flight (RFC 2525; ns-3 and Linux
            // alike).  QEMU's source likewise keeps the return path until the target
            // shuts it (MIG_RP_MSG_SHUT).
            m_socket->ShutdownSend();
            return;
        default:
            return;
        }
    }
}

bool
MigrationSender::FlushUnit()
{
    while (m_headerSent < m_header.size() || m_dataLeft > 0)
    {
        uint32_t room = m_socket->GetTxAvailable();
        if (m_rateLimit > 0)
        {
            room = static_cast<uint32_t>(std::min<uint64_t>(room, RateBudget()));
        }
        if (room == 0)
        {
            return false;
        }
        Ptr<Packet> chunk;
        if (m_headerSent < m_header.size())
        {
            uint32_t n = std::min<uint32_t>(room, m_header.size() - m_headerSent);
            chunk = Create<Packet>(m_header.data() + m_headerSent, n);
            m_headerSent += n;
        }
        else
        {
            // Page contents are zero-filled payload: real bytes on the wire, no allocation.
            chunk = Create<Packet>(static_cast<uint32_t>(std::min<uint64_t>(room, m_dataLeft)));
            m_dataLeft -= chunk->GetSize();
        }
        int sent = m_socket->Send(chunk);
        NS_ABORT_MSG_IF(sent != static_cast<int>(chunk->GetSize()),
                        "migration stream: TCP refused " << chunk->GetSize() << " bytes");
        m_bytesSent += chunk->GetSize();
        m_round.bytesSent += chunk->GetSize();
        m_windowBytes += chunk->GetSize();
    }
    return true;
}

uint64_t
MigrationSender::RateBudget()
{
    Time window = MilliSeconds(RATE_WINDOW_MS);
    int64_t index = (Simulator::Now() - m_rateStart).GetInteger() / window.GetInteger();
    if (index != m_rateWindow)
    {
        m_rateWindow = index;
        m_windowBytes = 0;
    }
    // QEMU's xfer_limit: max-bandwidth / XFER_LIMIT_RATIO per window (migration.c).
    uint64_t limit = m_rateLimit / (1000 / RATE_WINDOW_MS);
    if (m_windowBytes < limit)
    {
        return limit - m_windowBytes;
    }
    if (!m_rateWakeUp.IsRunning())
    {
        // Like QEMU's migration_rate_limit, wait for the next window.
        Time next = m_rateStart + window * (index + 1);
        m_rateWakeUp =
            Simulator::Schedule(next - Simulator::Now(), &MigrationSender::Advance, this);
    }
    return 0;
}

void
MigrationSender::BeginPush()
{
    NS_LOG_FUNCTION(this);
    // The VM is paused and its state is on its way: the copy the pages are sent from.
    Ptr<GuestMemory> memory = m_vm->GetMemory();
    m_sourceCopy = CreateObject<GuestMemory>();
    m_sourceCopy->Resize(memory->GetPageCount());
    for (uint32_t page = 0; page < memory->GetPageCount(); ++page)
    {
        m_sourceCopy->SetPopulated(page, memory->IsPopulated(page));
        m_sourceCopy->SetVersion(page, memory->GetVersion(page));
    }
    m_phase = PUSH;
}

void
MigrationSender::ReceiveRequests(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        while (packet->GetSize() > 0)
        {
            uint32_t have = m_requestBytes.size();
            uint32_t n = std::min(packet->GetSize(), REQUEST_BYTES - have);
            m_requestBytes.resize(have + n);
            packet->CopyData(m_requestBytes.data() + have, n);
            packet->RemoveAtStart(n);
            if (m_requestBytes.size() < REQUEST_BYTES)
            {
                continue;
            }
            const uint8_t* b = m_requestBytes.data();
            uint16_t type = static_cast<uint16_t>((uint32_t{b[0]} << 8) | b[1]);
            NS_ABORT_MSG_UNLESS(type == REQUEST_TYPE, "return path: unknown message " << type);
            uint64_t address = (uint64_t{MigrationStream::DecodeUint32(b + 4)} << 32) |
                               MigrationStream::DecodeUint32(b + 8);
            m_requestBytes.clear();
            m_postCopy->RequestPage(static_cast<uint32_t>(address / GuestMemory::PAGE_SIZE));
        }
    }
    if (m_phase == PUSH)
    {
        Advance();
    }
}

bool
MigrationSender::AssembleBatch()
{
    Ptr<GuestMemory> memory = m_vm->GetMemory();
    if (m_phase == PUSH)
    {
        // The VM runs on the target: the pages come from the copy taken at the suspend.
        memory = m_sourceCopy;
        m_postCopy->NextPushBatch(m_pages, MigrationStream::MAX_BATCH_PAGES);
    }
    else
    {
        m_vm->GetDirtyPageModel()->Update(); // the log as it is now (Xen's PEEK)
        m_strategy->NotifyBytesSent(m_bytesSent);
        m_strategy->NextBatch(m_pages, MigrationStream::MAX_BATCH_PAGES);
    }
    if (m_pages.empty())
    {
        return false;
    }
    m_batch.clear();
    uint64_t populated = 0;
    uint64_t dataBytes = 0;
    for (uint32_t page : m_pages)
    {
        bool hasData = memory->IsPopulated(page);
        uint16_t encoded = hasData ? m_strategy->GetEncodedBytes(page) : 0;
        populated += hasData ? 1 : 0;
        dataBytes += !hasData ? 0 : encoded > 0 ? encoded : GuestMemory::PAGE_SIZE;
        m_batch.push_back({page, memory->GetVersion(page), hasData, encoded});
    }
    MigrationStream::EncodeBatchHeader(m_batch, m_header);
    m_headerSent = 0;
    m_dataLeft = dataBytes;
    m_round.pagesSent += m_pages.size();
    m_pagesSent += m_pages.size();
    if (m_cpu && populated > 0 && m_costPerPage.IsStrictlyPositive())
    {
        // dom0 maps and copies the batch's pages before it can write them.
        m_cpuBusy = true;
        m_cpu->Submit(m_costPerPage.GetSeconds() * populated,
                      MakeCallback(&MigrationSender::BatchReady, this));
    }
    return true;
}

void
MigrationSender::BatchReady()
{
    m_cpuBusy = false;
    Advance();
}

void
MigrationSender::BeginRound(bool final)
{
    NS_LOG_FUNCTION(this << final);
    m_vm->GetDirtyPageModel()->Update();
    uint32_t round = m_round.round + 1;
    m_round = MigrationRoundRecord();
    m_round.vm = m_vm->GetName();
    m_round.round = round;
    m_round.final = final;
    m_round.start = Simulator::Now();
    m_strategy->BeginRound(round, final);
    m_phase = ROUND;
}

void
MigrationSender::EndRound()
{
    NS_LOG_FUNCTION(this);
    m_vm->GetDirtyPageModel()->Update();
    m_round.end = Simulator::Now();
    m_round.pagesSkipped = m_strategy->GetSkippedThisRound();
    m_round.pagesDirtied = m_vm->GetMemory()->CountDirty();
    if (!m_roundDone.IsNull())
    {
        m_roundDone(m_round);
    }
    switch (m_strategy->EndRound(m_round, m_pagesSent))
    {
    case MigrationStrategy::LIVE_ROUND:
        BeginRound(false);
        break;
    case MigrationStrategy::FINAL_ROUND:
        // Xen keeps log-dirty mode until the save ends, but the guest is paused next
        // and writes nothing more; turning it off now keeps it off when it resumes.
        SetLogDirty(false);
        m_phase = SUSPENDING;
        m_suspend();
        break;
    case MigrationStrategy::DONE:
        SetLogDirty(false); // a live strategy may end without pausing the guest
        MigrationStream::EncodeTrailer(m_vm->GetDeviceStateBytes(), m_header);
        m_headerSent = 0;
        m_dataLeft = m_vm->GetDeviceStateBytes();
        m_phase = TRAILER;
        // Nothing follows the trailer: let its last partial segment leave at once, as
        // Linux pushes a socket's tail when it is closed, rather than wait for the ACK
        // that Nagle's algorithm (on in ConfigureLinuxTcp) would hold it for.
        m_socket->SetAttribute("TcpNoDelay", BooleanValue(true));
        break;
    }
}

} // namespace ns3
