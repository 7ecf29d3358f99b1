/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-monitor.h"

#include "output-folder.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cstdio>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationMonitor");

NS_OBJECT_ENSURE_REGISTERED(MigrationMonitor);

namespace
{
/// @return @p t in seconds with microsecond resolution
std::string
FormatSeconds(Time t)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.6f", t.GetMicroSeconds() / 1e6);
    return text;
}

/**
 * @return @p text as one unquoted CSV cell: the project's CSV readers split at every
 *         comma and line break, so a failure's reason has them replaced
 * @param text the text
 */
std::string
CsvCell(std::string text)
{
    for (char& c : text)
    {
        c = (c == ',' || c == '\n' || c == '\r' || c == '"') ? ';' : c;
    }
    return text;
}

/// The names of the files, in the order FormatCsv gives them.
const char* const FILE_NAMES[] = {"migrations.csv",
                                  "rounds.csv",
                                  "events.csv",
                                  "requests.csv",
                                  "timeseries.csv",
                                  "summary.csv",
                                  "operations.csv"};
} // namespace

TypeId
MigrationMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MigrationMonitor")
                            .SetParent<Object>()
                            .SetGroupName("VmMigration")
                            .AddConstructor<MigrationMonitor>();
    return tid;
}

MigrationMonitor::MigrationMonitor()
{
    NS_LOG_FUNCTION(this);
}

void
MigrationMonitor::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Object::DoDispose();
}

void
MigrationMonitor::AddManager(Ptr<MigrationManager> manager)
{
    NS_LOG_FUNCTION(this << manager);
    for (const char* source :
         {"MigrationStarted", "Suspended", "Resumed", "MigrationCompleted", "MigrationFailed"})
    {
        manager->TraceConnectWithoutContext(
            source,
            MakeCallback(&MigrationMonitor::MigrationChanged, this));
    }
    manager->TraceConnectWithoutContext("RoundCompleted",
                                        MakeCallback(&MigrationMonitor::RoundCompleted, this));
}

void
MigrationMonitor::AddVm(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    vm->TraceConnectWithoutContext(
        "State",
        MakeCallback(&MigrationMonitor::StateChanged, this, vm->GetName()));
}

void
MigrationMonitor::AddClient(Ptr<ClosedLoopHttpClient> client, const HttpOperationTable& operations)
{
    NS_LOG_FUNCTION(this << client);
    m_requests.SetOperations(operations);
    client->TraceConnectWithoutContext("Request", MakeCallback(&RequestLog::Add, &m_requests));
    ++m_clients;
}

void
MigrationMonitor::MigrationChanged(const MigrationRecord& record)
{
    NS_LOG_FUNCTION(this << record.vm << record.GetStatus());
    // A VM has one migration at a time, so its name and request time name the migration;
    // one refused at its start (MigrationFailed with no MigrationStarted) is new here.
    for (auto r = m_records.rbegin(); r != m_records.rend(); ++r)
    {
        if (r->vm == record.vm && r->start == record.start)
        {
            *r = record;
            return;
        }
    }
    m_records.push_back(record);
}

void
MigrationMonitor::RoundCompleted(const MigrationRoundRecord& round)
{
    NS_LOG_FUNCTION(this << round.vm << round.round);
    m_rounds.push_back(round);
}

void
MigrationMonitor::StateChanged(std::string vm, VirtualMachine::State from, VirtualMachine::State to)
{
    NS_LOG_FUNCTION(this << vm << from << to);
    m_states.push_back({Simulator::Now(), vm, from, to});
}

void
MigrationMonitor::Clear()
{
    NS_LOG_FUNCTION(this);
    m_records.clear();
    m_rounds.clear();
    m_states.clear();
    m_requests.Clear();
}

const std::vector<MigrationRecord>&
MigrationMonitor::GetRecords() const
{
    return m_records;
}

const std::vector<MigrationRoundRecord>&
MigrationMonitor::GetRounds() const
{
    return m_rounds;
}

const std::vector<MigrationMonitor::StateChange>&
MigrationMonitor::GetStateChanges() const
{
    return m_states;
}

const RequestLog&
MigrationMonitor::GetRequestLog() const
{
    return m_requests;
}

bool
MigrationMonitor::HasClients() const
{
    return m_clients > 0;
}

std::vector<std::pair<std::string, std::string>>
MigrationMonitor::FormatCsv(Time steadyStart, Time steadyEnd, Time seriesEnd) const
{
    const RequestLog* requests = HasClients() ? &m_requests : nullptr;
    std::vector<std::pair<std::string, std::string>> files = {
        {FILE_NAMES[0], FormatMigrations(m_records)},
        {FILE_NAMES[1], FormatRounds(m_rounds)},
        {FILE_NAMES[2], FormatEvents(m_records, requests)},
    };
    if (requests)
    {
        files.emplace_back(FILE_NAMES[3], m_requests.FormatRequests());
        files.emplace_back(FILE_NAMES[4], m_requests.FormatTimeseries(seriesEnd));
        files.emplace_back(FILE_NAMES[5], m_requests.FormatSummary(steadyStart, steadyEnd));
        files.emplace_back(FILE_NAMES[6], m_requests.FormatOperations(steadyStart, steadyEnd));
    }
    return files;
}

std::string
MigrationMonitor::WriteCsv(const std::string& directory,
                           Time steadyStart,
                           Time steadyEnd,
                           Time seriesEnd) const
{
    return OutputFolder::Replace(directory, FormatCsv(steadyStart, steadyEnd, seriesEnd));
}

std::vector<std::string>
MigrationMonitor::GetFileNames()
{
    return std::vector<std::string>(std::begin(FILE_NAMES), std::end(FILE_NAMES));
}

std::string
MigrationMonitor::FormatMigrations(const std::vector<MigrationRecord>& records)
{
    std::ostringstream csv;
    csv << Columns::Join(Columns::MIGRATIONS_CSV);
    for (const auto& r : records)
    {
        csv << r.vm << ',' << r.source << ',' << r.target << ',' << r.strategy << ',' << r.memoryMiB
            << ',' << FormatSeconds(r.start) << ',' << FormatSeconds(r.end) << ','
            << FormatSeconds(r.GetTotalTime()) << ',' << FormatSeconds(r.GetDowntime()) << ','
            << r.bytesSent << ',' << r.pagesSent << ',' << r.rounds << ',' << r.pagesPulled << ','
            << r.faults << ',' << FormatSeconds(r.faultStall) << ',' << CsvCell(r.GetStatus())
            << '\n';
    }
    return csv.str();
}

std::string
MigrationMonitor::FormatRounds(const std::vector<MigrationRoundRecord>& rounds)
{
    std::ostringstream csv;
    csv << Columns::Join(Columns::ROUNDS_CSV);
    for (const auto& r : rounds)
    {
        csv << r.vm << ',' << r.round << ',' << FormatSeconds(r.start) << ','
            << FormatSeconds(r.end) << ',' << r.pagesSent << ',' << r.pagesDirtied << '\n';
    }
    return csv.str();
}

std::string
MigrationMonitor::FormatEvents(const std::vector<MigrationRecord>& records,
                               const RequestLog* requests)
{
    std::ostringstream csv;
    csv << Columns::Join(Columns::EVENTS_CSV);
    for (const auto& r : records)
    {
        csv << FormatSeconds(r.start) << ',' << FormatSeconds(r.suspended) << ','
            << FormatSeconds(r.resumed) << ',' << FormatSeconds(r.end);
        ClientGap gap = requests ? requests->FindClientGap(r.suspended, r.resumed) : ClientGap();
        if (gap.found)
        {
            csv << ',' << FormatSeconds(gap.start) << ',' << FormatSeconds(gap.end) << ','
                << FormatSeconds(gap.GetLength()) << '\n';
        }
        else
        {
            csv << ",,,\n";
        }
    }
    return csv.str();
}

} // namespace ns3
