/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-plan-runner.h"

#include "migration-record-codec.h"
#include "partition-exchange.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationPlanRunner");
NS_OBJECT_ENSURE_REGISTERED(MigrationPlanRunner);

TypeId
MigrationPlanRunner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MigrationPlanRunner")
            .SetParent<Object>()
            .SetGroupName("VmMigration")
            .AddConstructor<MigrationPlanRunner>()
            .AddAttribute("MaxConcurrent",
                          "Most migrations of the plan running at once (0: no limit).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MigrationPlanRunner::m_maxConcurrent),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

MigrationPlanRunner::MigrationPlanRunner()
    : m_maxConcurrent(0)
{
    NS_LOG_FUNCTION(this);
}

void
MigrationPlanRunner::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_vms.clear();
    m_targets.clear();
    m_queue.clear();
    m_promised.clear();
    Object::DoDispose();
}

std::string
MigrationPlanRunner::Install(const MigrationPlan& plan,
                             Ptr<Testbed> testbed,
                             MigrationHelper& migration)
{
    NS_LOG_FUNCTION(this);
    std::map<std::string, Ptr<VirtualMachine>> vms;
    for (const std::string& name : testbed->GetMachineNames())
    {
        if (Ptr<Hypervisor> host = testbed->FindHypervisor(name))
        {
            for (const Ptr<VirtualMachine>& vm : host->GetVms())
            {
                vms[vm->GetName()] = vm;
            }
        }
    }
    std::set<uint32_t> partitions;
    std::vector<Ptr<VirtualMachine>> entryVms;
    std::vector<Ptr<Hypervisor>> entryTargets;
    const auto& entries = plan.GetEntries();
    for (size_t i = 0; i < entries.size(); ++i)
    {
        const MigrationPlan::Entry& e = entries[i];
        std::string where =
            "migration " + std::to_string(i + 1) + " (" + e.vm + " to " + e.target + "): ";
        auto vm = vms.find(e.vm);
        if (vm == vms.end())
        {
            return where + "no VM is called '" + e.vm + "'";
        }
        Ptr<Hypervisor> target = testbed->FindHypervisor(e.target);
        if (!target)
        {
            return where + "no Xen host is called '" + e.target + "'";
        }
        uint32_t from = testbed->GetPartition(vm->second->GetHost()->GetName());
        uint32_t to = testbed->GetPartition(e.target);
        if (from != to)
        {
            return where + "the VM is in partition " + std::to_string(from) + ", the target " +
                   "in partition " + std::to_string(to) +
                   ": a migration cannot leave its partition (its VM's node is simulated by "
                   "one process)";
        }
        partitions.insert(from);
        entryVms.push_back(vm->second);
        entryTargets.push_back(target);
    }
    if (m_maxConcurrent > 0 && partitions.size() > 1)
    {
        return "MaxConcurrent " + std::to_string(m_maxConcurrent) + " with a plan over " +
               std::to_string(partitions.size()) +
               " partitions: each partition's process would count only its own migrations; "
               "give 0 (no limit)";
    }
    m_vms = entryVms;
    m_targets = entryTargets;
    m_local.clear();
    for (const Ptr<VirtualMachine>& vm : m_vms)
    {
        m_local.push_back(PartitionExchange::IsLocal(vm->GetNode()));
    }
    m_outcomes.clear();
    Ptr<MigrationManager> manager = migration.GetManager(); // made before the copy shares it
    m_migration = migration;
    manager->TraceConnectWithoutContext("MigrationStarted",
                                        MakeCallback(&MigrationPlanRunner::Started, this));
    manager->TraceConnectWithoutContext("MigrationCompleted",
                                        MakeCallback(&MigrationPlanRunner::Ended, this));
    manager->TraceConnectWithoutContext("MigrationFailed",
                                        MakeCallback(&MigrationPlanRunner::Ended, this));
    m_notDue = std::count(m_local.begin(), m_local.end(), true);
    for (size_t i = 0; i < entries.size(); ++i)
    {
        m_outcomes.push_back({entries[i], MigrationRecord(), false, false, ""});
        if (m_local[i])
        {
            Time delay = std::max(entries[i].at - Simulator::Now(), Time(0));
            Simulator::Schedule(delay, &MigrationPlanRunner::Due, this, i);
        }
    }
    return "";
}

void
MigrationPlanRunner::Due(size_t index)
{
    NS_LOG_FUNCTION(this << index);
    --m_notDue;
    m_queue.push_back(index);
    StartWhatCan();
}

void
MigrationPlanRunner::StartWhatCan()
{
    NS_LOG_FUNCTION(this);
    Ptr<MigrationManager> manager = m_migration.GetManager();
    auto it = m_queue.begin();
    while (it != m_queue.end() && (m_maxConcurrent == 0 || m_inFlight.size() < m_maxConcurrent))
    {
        size_t i = *it;
        Ptr<VirtualMachine> vm = m_vms[i];
        Ptr<Hypervisor> target = m_targets[i];
        // Wait for what another migration may change: the VM's own earlier move, or the
        // memory that a VM leaving the target frees.
        bool vmMoving = m_inFlight.count(vm->GetName()) > 0;
        bool noRoom = vm->GetHost() != target &&
                      vm->GetMemoryMiB() > target->GetFreeMemoryMiB() - m_promised[target];
        if (vmMoving || noRoom)
        {
            ++it;
            continue;
        }
        it = m_queue.erase(it);
        std::string why = manager->CheckMigration(vm, target);
        if (!why.empty())
        {
            Refuse(i, why);
            continue;
        }
        m_outcomes[i].started = true;
        m_inFlight[vm->GetName()] = i;
        // The manager reserves the target's memory when the migration starts, later in
        // this instant: until then the runner counts it as promised.
        m_promised[target] += vm->GetMemoryMiB();
        m_migration.Migrate(vm, target, Seconds(0));
    }
    // Nothing running and nothing still to come: what waits for memory waits for ever.
    if (m_inFlight.empty() && m_notDue == 0)
    {
        for (size_t i : m_queue)
        {
            Ptr<Hypervisor> target = m_targets[i];
            Refuse(i,
                   "host " + target->GetName() + " has " +
                       std::to_string(int64_t(target->GetFreeMemoryMiB())) + " MiB free, VM " +
                       m_vms[i]->GetName() + " needs " +
                       std::to_string(int64_t(m_vms[i]->GetMemoryMiB())) +
                       " MiB, and no migration of the plan is left to free it");
        }
        m_queue.clear();
    }
}

void
MigrationPlanRunner::Refuse(size_t index, const std::string& why)
{
    NS_LOG_FUNCTION(this << index << why);
    NS_LOG_INFO("plan: " << m_vms[index]->GetName() << " refused: " << why);
    m_outcomes[index].refusal = why;
    m_outcomes[index].record.vm = m_vms[index]->GetName();
    Ptr<Hypervisor> source = m_vms[index]->GetHost();
    m_outcomes[index].record.source = source ? source->GetName() : "";
}

void
MigrationPlanRunner::Started(const MigrationRecord& record)
{
    NS_LOG_FUNCTION(this << record.vm);
    auto it = m_inFlight.find(record.vm);
    if (it != m_inFlight.end() && !m_outcomes[it->second].reserved)
    {
        m_outcomes[it->second].reserved = true;
        m_promised[m_targets[it->second]] -= record.memoryMiB;
    }
}

void
MigrationPlanRunner::Ended(const MigrationRecord& record)
{
    NS_LOG_FUNCTION(this << record.vm);
    auto it = m_inFlight.find(record.vm);
    if (it == m_inFlight.end())
    {
        return; // a migration that is not the plan's
    }
    Started(record); // a migration that failed as it started reserved nothing either
    m_outcomes[it->second].record = record;
    m_inFlight.erase(it);
    StartWhatCan();
}

const std::vector<MigrationPlanRunner::Outcome>&
MigrationPlanRunner::GetOutcomes() const
{
    return m_outcomes;
}

MigrationPlanRunner::Summary
MigrationPlanRunner::GetSummary() const
{
    Summary s;
    s.planned = m_outcomes.size();
    Time earliest = Time::Max();
    Time last(0);
    for (const Outcome& o : m_outcomes)
    {
        earliest = std::min(earliest, o.entry.at);
        const MigrationRecord& r = o.record;
        s.bytes += r.bytesSent;
        if (r.completed)
        {
            ++s.completed;
            s.totalDowntime += r.GetDowntime();
            last = std::max(last, r.end);
        }
        else if (!o.refusal.empty() || !r.failure.empty())
        {
            ++s.failed;
            last = std::max(last, r.end);
        }
        else
        {
            ++s.unfinished;
        }
    }
    s.makespan = s.planned > 0 && last > earliest ? last - earliest : Time(0);
    return s;
}

std::string
MigrationPlanRunner::FormatCsv() const
{
    std::ostringstream csv;
    csv << "vm,source,target,at_s,start_s,suspended_s,resumed_s,end_s,downtime_s,total_s,"
           "bytes_sent,status\n";
    for (const Outcome& o : m_outcomes)
    {
        const MigrationRecord& r = o.record;
        std::string status = !o.refusal.empty() ? "refused:" + o.refusal
                             : o.started        ? r.GetStatus()
                                                : "waiting";
        std::replace(status.begin(), status.end(), ',', ';');
        csv << o.entry.vm << "," << r.source << "," << o.entry.target << ","
            << o.entry.at.GetSeconds() << "," << r.start.GetSeconds() << ","
            << r.suspended.GetSeconds() << "," << r.resumed.GetSeconds() << ","
            << r.end.GetSeconds() << "," << (r.completed ? r.GetDowntime().GetSeconds() : 0) << ","
            << (r.completed ? r.GetTotalTime().GetSeconds() : 0) << "," << r.bytesSent << ","
            << status << "\n";
    }
    return csv.str();
}

std::string
MigrationPlanRunner::FormatSummaryCsv() const
{
    Summary s = GetSummary();
    std::ostringstream csv;
    csv << "planned,completed,failed,unfinished,makespan_s,total_downtime_s,bytes_sent\n"
        << s.planned << "," << s.completed << "," << s.failed << "," << s.unfinished << ","
        << s.makespan.GetSeconds() << "," << s.totalDowntime.GetSeconds() << "," << s.bytes << "\n";
    return csv.str();
}

std::string
MigrationPlanRunner::EncodeOutcomes() const
{
    std::string text;
    for (size_t i = 0; i < m_outcomes.size(); ++i)
    {
        if (m_local[i])
        {
            const Outcome& o = m_outcomes[i];
            text += MigrationRecordCodec::JoinFields({"outcome",
                                                      std::to_string(i),
                                                      std::to_string(o.started),
                                                      std::to_string(o.reserved),
                                                      o.refusal}) +
                    "\n" + MigrationRecordCodec::Encode(o.record) + "\n";
        }
    }
    return text;
}

std::string
MigrationPlanRunner::MergeOutcomes(const std::string& text)
{
    std::istringstream in(text);
    std::string head;
    std::string body;
    while (std::getline(in, head))
    {
        std::vector<std::string> fields = MigrationRecordCodec::SplitFields(head);
        std::getline(in, body);
        std::optional<MigrationRecord> record = MigrationRecordCodec::DecodeMigration(body);
        size_t index = fields.size() == 5 ? std::strtoul(fields[1].c_str(), nullptr, 10) : 0;
        if (fields.size() != 5 || fields[0] != "outcome" || index >= m_outcomes.size() || !record)
        {
            return "not an outcome: " + head;
        }
        Outcome& o = m_outcomes[index];
        o.started = fields[2] == "1";
        o.reserved = fields[3] == "1";
        o.refusal = fields[4];
        o.record = *record;
    }
    return "";
}

} // namespace ns3
