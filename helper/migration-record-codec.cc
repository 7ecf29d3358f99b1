/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-record-codec.h"

#include <sstream>
#include <vector>

namespace ns3
{

namespace
{

/// Marks a migration's line and a round's.
const std::string MIGRATION = "migration";
const std::string ROUND = "round"; //!< see MIGRATION

/**
 * @param text a text field
 * @return it with tabs, line breaks and backslashes escaped
 */
std::string
Escape(const std::string& text)
{
    std::string escaped;
    for (char c : text)
    {
        escaped += c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\\' ? "\\\\" : std::string(1, c);
    }
    return escaped;
}

/**
 * @param line a line of escaped fields
 * @return its fields, unescaped
 */
std::vector<std::string>
SplitLine(const std::string& line)
{
    std::vector<std::string> fields(1);
    for (size_t i = 0; i < line.size(); ++i)
    {
        if (line[i] == '\t')
        {
            fields.emplace_back();
        }
        else if (line[i] == '\\' && i + 1 < line.size())
        {
            char c = line[++i];
            fields.back() += c == 't' ? '\t' : c == 'n' ? '\n' : c;
        }
        else
        {
            fields.back() += line[i];
        }
    }
    return fields;
}

/// Reads numeric fields in order; remembers whether any failed.
class FieldReader
{
  public:
    /// @param fields the fields, from the first numeric one
    explicit FieldReader(std::vector<std::string> fields)
        : m_fields(std::move(fields))
    {
    }

    /// @return the next field as a number of type T (0 and failed if it is not one)
    template <typename T>
    T Next()
    {
        T value{};
        std::istringstream in(m_next < m_fields.size() ? m_fields[m_next] : "");
        ++m_next;
        in >> value;
        m_ok = m_ok && !in.fail() && in.eof();
        return value;
    }

    /// @return the next field as a Time (its time steps)
    Time NextTime()
    {
        return TimeStep(Next<int64_t>());
    }

    /// @return whether every field read was a number and all were read
    bool Ok() const
    {
        return m_ok && m_next == m_fields.size();
    }

  private:
    std::vector<std::string> m_fields; //!< the fields
    size_t m_next{0};                  //!< the next one to read
    bool m_ok{true};                   //!< whether every read succeeded
};

} // namespace

std::string
MigrationRecordCodec::Encode(const MigrationRecord& r)
{
    std::ostringstream line;
    line.precision(17);
    line << MIGRATION << '\t' << Escape(r.vm) << '\t' << Escape(r.source) << '\t'
         << Escape(r.target) << '\t' << Escape(r.strategy) << '\t' << Escape(r.failure) << '\t'
         << r.memoryMiB << '\t' << r.start.GetTimeStep() << '\t' << r.suspended.GetTimeStep()
         << '\t' << r.resumed.GetTimeStep() << '\t' << r.end.GetTimeStep() << '\t' << r.bytesSent
         << '\t' << r.bytesReceived << '\t' << r.pagesSent << '\t' << r.rounds << '\t'
         << r.mismatches << '\t' << r.pagesPulled << '\t' << r.faults << '\t'
         << r.faultStall.GetTimeStep() << '\t' << r.completed;
    return line.str();
}

std::string
MigrationRecordCodec::Encode(const MigrationRoundRecord& r)
{
    std::ostringstream line;
    line << ROUND << '\t' << Escape(r.vm) << '\t' << r.round << '\t' << r.final << '\t'
         << r.start.GetTimeStep() << '\t' << r.end.GetTimeStep() << '\t' << r.pagesSent << '\t'
         << r.pagesSkipped << '\t' << r.pagesDirtied << '\t' << r.bytesSent;
    return line.str();
}

std::optional<MigrationRecord>
MigrationRecordCodec::DecodeMigration(const std::string& line)
{
    std::vector<std::string> fields = SplitLine(line);
    if (fields.size() < 6 || fields[0] != MIGRATION)
    {
        return std::nullopt;
    }
    MigrationRecord r;
    r.vm = fields[1];
    r.source = fields[2];
    r.target = fields[3];
    r.strategy = fields[4];
    r.failure = fields[5];
    FieldReader in({fields.begin() + 6, fields.end()});
    r.memoryMiB = in.Next<double>();
    r.start = in.NextTime();
    r.suspended = in.NextTime();
    r.resumed = in.NextTime();
    r.end = in.NextTime();
    r.bytesSent = in.Next<uint64_t>();
    r.bytesReceived = in.Next<uint64_t>();
    r.pagesSent = in.Next<uint64_t>();
    r.rounds = in.Next<uint32_t>();
    r.mismatches = in.Next<uint32_t>();
    r.pagesPulled = in.Next<uint64_t>();
    r.faults = in.Next<uint64_t>();
    r.faultStall = in.NextTime();
    r.completed = in.Next<bool>();
    return in.Ok() ? std::optional<MigrationRecord>(r) : std::nullopt;
}

std::optional<MigrationRoundRecord>
MigrationRecordCodec::DecodeRound(const std::string& line)
{
    std::vector<std::string> fields = SplitLine(line);
    if (fields.size() < 2 || fields[0] != ROUND)
    {
        return std::nullopt;
    }
    MigrationRoundRecord r;
    r.vm = fields[1];
    FieldReader in({fields.begin() + 2, fields.end()});
    r.round = in.Next<uint32_t>();
    r.final = in.Next<bool>();
    r.start = in.NextTime();
    r.end = in.NextTime();
    r.pagesSent = in.Next<uint64_t>();
    r.pagesSkipped = in.Next<uint64_t>();
    r.pagesDirtied = in.Next<uint64_t>();
    r.bytesSent = in.Next<uint64_t>();
    return in.Ok() ? std::optional<MigrationRoundRecord>(r) : std::nullopt;
}

std::string
MigrationRecordCodec::JoinFields(const std::vector<std::string>& fields)
{
    std::string line;
    for (size_t i = 0; i < fields.size(); ++i)
    {
        line += (i > 0 ? "\t" : "") + Escape(fields[i]);
    }
    return line;
}

std::vector<std::string>
MigrationRecordCodec::SplitFields(const std::string& line)
{
    return SplitLine(line);
}

} // namespace ns3
