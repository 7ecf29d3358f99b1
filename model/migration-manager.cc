/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-manager.h"

#include "post-copy-strategy.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationManager");
NS_OBJECT_ENSURE_REGISTERED(MigrationManager);

TypeId
MigrationManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MigrationManager")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<MigrationManager>()
            .AddAttribute("PreparationTime",
                          "Fixed time the target's toolstack takes to create the domain "
                          "before the transfer starts.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_preparationTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReservationTimePerMiB",
                          "Time the target takes to reserve each MiB of the VM's memory "
                          "before the transfer starts.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_reservationPerMiB),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SuspendTime",
                          "Time from the suspend request (the VM stops) to the final round.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_suspendTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ResumeTime",
                          "Time from the end of the stream to the VM running on the target.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_resumeTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReleaseTime",
                          "Time from the resume to the source releasing the VM (the end of "
                          "the migration).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_releaseTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("SendCostPerPage",
                          "CPU time (on a core of Speed 1) the source's dom0 spends per page "
                          "it sends, shared with everything else on the source host's CPU.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_sendCost),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReceiveCostPerPage",
                          "CPU time (on a core of Speed 1) the target's dom0 spends per page "
                          "it receives, shared with everything else on the target host's CPU.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MigrationManager::m_receiveCost),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("BasePort",
                          "TCP port of the first migration's stream; each later migration "
                          "uses the next port.",
                          UintegerValue(8002),
                          MakeUintegerAccessor(&MigrationManager::m_basePort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddTraceSource("MigrationStarted",
                            "A migration was requested and its preparation begins.",
                            MakeTraceSourceAccessor(&MigrationManager::m_startedTrace),
                            "ns3::MigrationManager::MigrationTracedCallback")
            .AddTraceSource("RoundCompleted",
                            "A round handed its last batch to TCP.",
                            MakeTraceSourceAccessor(&MigrationManager::m_roundTrace),
                            "ns3::MigrationManager::RoundTracedCallback")
            .AddTraceSource("Suspended",
                            "The VM was paused on the source: the downtime begins.",
                            MakeTraceSourceAccessor(&MigrationManager::m_suspendedTrace),
                            "ns3::MigrationManager::MigrationTracedCallback")
            .AddTraceSource("Resumed",
                            "The VM runs on the target: the downtime ends.",
                            MakeTraceSourceAccessor(&MigrationManager::m_resumedTrace),
                            "ns3::MigrationManager::MigrationTracedCallback")
            .AddTraceSource("MigrationCompleted",
                            "The source released the VM: the migration is over.",
                            MakeTraceSourceAccessor(&MigrationManager::m_completedTrace),
                            "ns3::MigrationManager::MigrationTracedCallback")
            .AddTraceSource("MigrationFailed",
                            "The migration was abandoned (its record's failure says why): "
                            "the VM runs on the source.",
                            MakeTraceSourceAccessor(&MigrationManager::m_failedTrace),
                            "ns3::MigrationManager::MigrationTracedCallback");
    return tid;
}

MigrationManager::MigrationManager()
    : m_basePort(8002)
{
    NS_LOG_FUNCTION(this);
}

void
MigrationManager::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_migrations.clear();
    Object::DoDispose();
}

bool
MigrationManager::IsMigrating(Ptr<VirtualMachine> vm) const
{
    for (const auto& m : m_migrations)
    {
        if (m->active && m->vm == vm)
        {
            return true;
        }
    }
    return false;
}

std::string
MigrationManager::CheckMigration(Ptr<VirtualMachine> vm, Ptr<Hypervisor> target) const
{
    std::ostringstream why;
    if (!vm || !target)
    {
        why << "a migration needs a VM and a target host";
    }
    else if (!vm->GetHost())
    {
        why << "VM " << vm->GetName() << " has not been booted on a host";
    }
    else if (IsMigrating(vm) || vm->GetState() != VirtualMachine::RUNNING)
    {
        why << "VM " << vm->GetName() << " is already migrating";
    }
    else if (vm->GetHost() == target)
    {
        why << "VM " << vm->GetName() << " already runs on host " << target->GetName();
    }
    else if (vm->GetMemoryMiB() > target->GetFreeMemoryMiB())
    {
        why << "host " << target->GetName() << " has " << target->GetFreeMemoryMiB()
            << " MiB free, VM " << vm->GetName() << " needs " << vm->GetMemoryMiB() << " MiB";
    }
    return why.str();
}

void
MigrationManager::Migrate(Ptr<VirtualMachine> vm,
                          Ptr<Hypervisor> target,
                          Ptr<MigrationStrategy> strategy,
                          Time delay)
{
    NS_LOG_FUNCTION(this << vm << target << strategy << delay);
    NS_ABORT_MSG_UNLESS(strategy, "Migrate: no strategy given");
    std::string why = CheckMigration(vm, target);
    NS_ABORT_MSG_UNLESS(why.empty(), "impossible migration: " << why);
    auto m = Create<Migration>();
    m->vm = vm;
    m->target = target;
    m->strategy = strategy;
    m_migrations.push_back(m);
    Simulator::Schedule(delay, &MigrationManager::Start, this, m);
}

void
MigrationManager::Start(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    // What Migrate checked may have changed since (another VM took the target's memory).
    std::string why = CheckMigration(m->vm, m->target);
    m->active = true;
    m->source = m->vm->GetHost();
    m->record.vm = m->vm->GetName();
    m->record.source = m->source ? m->source->GetName() : "";
    m->record.target = m->target->GetName();
    m->record.strategy = m->strategy->GetName();
    m->record.memoryMiB = m->vm->GetMemoryMiB();
    m->record.start = Simulator::Now();
    if (!why.empty())
    {
        m->active = false;
        m->record.end = m->record.start;
        m->record.failure = why;
        m_failedTrace(m->record);
        return;
    }
    NS_LOG_INFO(m->record.vm << ": " << m->record.strategy << " migration " << m->record.source
                             << " -> " << m->record.target);
    m->target->Reserve(m->vm);
    m->vm->SetState(VirtualMachine::MIGRATING);
    m_startedTrace(m->record);
    Time preparation = m_preparationTime + m_reservationPerMiB * m->vm->GetMemoryMiB();
    Simulator::Schedule(preparation, &MigrationManager::StartTransfer, this, m);
}

void
MigrationManager::StartTransfer(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    if (!m->active)
    {
        return; // the source failed during the preparation
    }
    uint16_t port = m_basePort +
                    (std::find(m_migrations.begin(), m_migrations.end(), m) - m_migrations.begin());
    m->receiver = CreateObject<MigrationReceiver>();
    m->receiver->SetAttribute("Port", UintegerValue(port));
    m->receiver->Setup(m->vm->GetMemory()->GetPageCount(),
                       MakeCallback(&MigrationManager::StreamComplete, this, m));
    m->receiver->SetCpu(m->target->GetDom0Cpu(), m_receiveCost);
    m->postCopy = DynamicCast<PostCopyStrategy>(m->strategy) != nullptr;
    if (m->postCopy)
    {
        m->receiver->SetSwitchoverCallback(MakeCallback(&MigrationManager::Switchover, this, m));
    }
    m->target->GetNode()->AddApplication(m->receiver);
    m->receiver->SetStartTime(Seconds(0));

    m->sender = CreateObject<MigrationSender>();
    m->sender->Setup(m->vm, m->strategy, InetSocketAddress(m->target->GetAddress(), port));
    m->sender->SetSuspendCallback(MakeCallback(&MigrationManager::Suspend, this, m));
    m->sender->SetRoundCallback(MakeCallback(&MigrationManager::RoundEnded, this, m));
    m->sender->SetFailureCallback(MakeCallback(&MigrationManager::Fail, this, m));
    m->sender->SetCpu(m->source->GetDom0Cpu(), m_sendCost);
    m->source->GetNode()->AddApplication(m->sender);
    m->sender->SetStartTime(Seconds(0));
}

void
MigrationManager::Suspend(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    m->record.suspended = Simulator::Now();
    m->source->Suspend(m->vm);
    m_suspendedTrace(m->record);
    Simulator::Schedule(m_suspendTime, &MigrationSender::ContinueAfterSuspend, m->sender);
}

void
MigrationManager::RoundEnded(Ptr<Migration> /* m */, const MigrationRoundRecord& round)
{
    NS_LOG_FUNCTION(this);
    m_rounds.push_back(round);
    m_roundTrace(round);
}

void
MigrationManager::Switchover(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    if (!m->active)
    {
        return;
    }
    auto postCopy = DynamicCast<PostCopyStrategy>(m->strategy);
    m->switched = true;
    m->receiver->StartPostCopy(postCopy->GetPostCopyPages(),
                               m->vm->GetDirtyPageModel(),
                               m->vm->GetCpu());
    m->vm->SetState(VirtualMachine::RESUMING);
    Simulator::Schedule(m_resumeTime, &MigrationManager::Resumed, this, m);
}

void
MigrationManager::StreamComplete(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    if (!m->active)
    {
        return;
    }
    if (m->postCopy)
    {
        // Every page is in, each as the source had it at the suspend; the guest has
        // been writing its own copy on the target since its resume.
        m->receiver->StopFaults();
        m->record.mismatches =
            m->sender->GetSourceCopy()->CountMismatches(*m->receiver->GetMemory());
        m->record.bytesReceived = m->receiver->GetBytesReceived();
        m->streamDone = true;
        if (m->resumed)
        {
            Simulator::Schedule(m_releaseTime, &MigrationManager::Released, this, m);
        }
        return;
    }
    m->record.mismatches = m->vm->GetMemory()->CountMismatches(*m->receiver->GetMemory());
    m->record.bytesReceived = m->receiver->GetBytesReceived();
    if (m->record.mismatches > 0)
    {
        NS_LOG_WARN(m->record.vm << ": " << m->record.mismatches
                                 << " pages differ between source and target");
    }
    m->vm->SetState(VirtualMachine::RESUMING);
    Simulator::Schedule(m_resumeTime, &MigrationManager::Resumed, this, m);
}

void
MigrationManager::Resumed(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    if (!m->active)
    {
        return; // post-copy: the source failed while the target restored the VM
    }
    m->target->Resume(m->vm);
    m->resumed = true;
    m->record.resumed = Simulator::Now();
    m_resumedTrace(m->record);
    if (m->postCopy && !m->streamDone)
    {
        m->receiver->StartFaults(); // the source releases the VM once the pages are in
        return;
    }
    Simulator::Schedule(m_releaseTime, &MigrationManager::Released, this, m);
}

void
MigrationManager::Released(Ptr<Migration> m)
{
    NS_LOG_FUNCTION(this << m);
    m->source->RemoveVm(m->vm);
    m->record.end = Simulator::Now();
    RecordCounts(m);
    m->record.completed = true;
    m->active = false;
    m_completedTrace(m->record);
}

void
MigrationManager::Fail(Ptr<Migration> m, std::string reason)
{
    NS_LOG_FUNCTION(this << m << reason);
    if (!m->active)
    {
        return;
    }
    NS_LOG_WARN(m->record.vm << ": migration to " << m->record.target << " failed: " << reason);
    // Xen's toolstack resumes the domain on the source when a save fails
    // (xc_domain_resume); a live VM that was never paused just goes on.
    if (m->vm->GetState() == VirtualMachine::SUSPENDED)
    {
        m->source->ResumeSuspended(m->vm);
    }
    else
    {
        m->vm->SetState(VirtualMachine::RUNNING);
    }
    m->target->CancelReservation(m->vm);
    m->record.end = Simulator::Now();
    RecordCounts(m);
    m->record.failure = reason;
    m->active = false;
    m_failedTrace(m->record);
}

void
MigrationManager::RecordCounts(Ptr<Migration> m)
{
    if (!m->sender)
    {
        return; // abandoned before the transfer began
    }
    m->record.bytesSent = m->sender->GetBytesSent();
    m->record.pagesSent = m->sender->GetPagesSent();
    m->record.rounds = m->sender->GetRounds();
    if (auto postCopy = DynamicCast<PostCopyStrategy>(m->strategy))
    {
        m->record.pagesPulled = postCopy->GetPagesPulled();
        m->record.faults = m->receiver->GetFaults();
        m->record.faultStall = m->receiver->GetFaultStall();
    }
}

void
MigrationManager::FailHost(Ptr<Hypervisor> host)
{
    NS_LOG_FUNCTION(this << host);
    for (const auto& m : m_migrations)
    {
        if (!m->active || m->source != host)
        {
            continue;
        }
        NS_LOG_WARN(m->record.vm << ": host " << host->GetName() << " failed during its "
                                 << m->record.strategy << " migration: the VM is lost");
        if (m->sender)
        {
            m->sender->Abandon();
        }
        if (m->receiver)
        {
            m->receiver->Abandon(); // what the source still had in flight is lost with it
        }
        if (m->resumed)
        {
            // It runs on the target, but part of its memory was only on the source.
            m->target->Suspend(m->vm);
            m->target->RemoveVm(m->vm);
        }
        else
        {
            if (m->vm->GetState() != VirtualMachine::SUSPENDED &&
                m->vm->GetState() != VirtualMachine::RESUMING)
            {
                m->source->Suspend(m->vm);
            }
            m->vm->SetState(VirtualMachine::SUSPENDED);
            m->target->CancelReservation(m->vm);
        }
        m->source->RemoveVm(m->vm);
        m->record.end = Simulator::Now();
        RecordCounts(m);
        m->record.failure = m->switched ? "the source host failed during post-copy: the VM is lost"
                                        : "the source host failed: the VM is lost";
        m->active = false;
        m_failedTrace(m->record);
    }
}

Ptr<MigrationReceiver>
MigrationManager::GetReceiver(Ptr<VirtualMachine> vm) const
{
    for (const auto& m : m_migrations)
    {
        if (m->active && m->vm == vm)
        {
            return m->receiver;
        }
    }
    return nullptr;
}

std::vector<MigrationRecord>
MigrationManager::GetRecords() const
{
    std::vector<MigrationRecord> records;
    for (const auto& m : m_migrations)
    {
        if (m->active || m->record.completed || !m->record.failure.empty())
        {
            records.push_back(m->record);
        }
    }
    return records;
}

const std::vector<MigrationRoundRecord>&
MigrationManager::GetRounds() const
{
    return m_rounds;
}

} // namespace ns3
