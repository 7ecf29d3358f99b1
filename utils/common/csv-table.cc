/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "csv-table.h"

#include "atomic-file.h"
#include "tool-error.h"

#include <algorithm>

CsvTable
CsvTable::Read(const std::string& path)
{
    return Parse(AtomicFile::Read(path), path);
}

CsvTable
CsvTable::Parse(const std::string& text, const std::string& origin)
{
    CsvTable table;
    table.header =
        ScanRows(text,
                 origin,
                 [&table](const std::vector<std::string>&, const std::vector<std::string>& row) {
                     table.rows.push_back(row);
                 });
    return table;
}

void
CsvTable::Scan(const std::string& text,
               const std::string& origin,
               const std::vector<std::string>& columns,
               const RowVisitor& visit)
{
    std::vector<std::size_t> positions; // of the columns in the header, found at the first row
    std::vector<std::string> cells(columns.size());
    auto select = [&](const std::vector<std::string>& header, const std::vector<std::string>& row) {
        if (positions.empty())
        {
            for (const std::string& name : columns)
            {
                auto it = std::find(header.begin(), header.end(), name);
                if (it == header.end())
                {
                    throw ToolError(origin + ": no column '" + name + "'");
                }
                positions.push_back(it - header.begin());
            }
        }
        for (std::size_t i = 0; i < columns.size(); ++i)
        {
            cells[i] = row[positions[i]];
        }
        visit(cells);
    };
    ScanRows(text, origin, select);
}

std::vector<std::string>
CsvTable::ScanRows(const std::string& text,
                   const std::string& origin,
                   const HeaderRowVisitor& visit)
{
    std::vector<std::string> header;
    bool headerRead = false;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false;       // inside a quoted field
    bool fieldStarted = false; // the current record has at least one character
    std::size_t line = 1;
    std::size_t recordLine = 1;

    auto endRecord = [&]() {
        record.push_back(field);
        field.clear();
        if (!(record.size() == 1 && record[0].empty()))
        {
            if (!headerRead)
            {
                header = record;
                headerRead = true;
            }
            else
            {
                if (record.size() > header.size())
                {
                    throw ToolError(origin + ":" + std::to_string(recordLine) + ": " +
                                    std::to_string(record.size()) + " fields, but the header has " +
                                    std::to_string(header.size()));
                }
                record.resize(header.size());
                visit(header, record);
            }
        }
        record.clear();
        fieldStarted = false;
    };

    for (std::size_t i = 0; i < text.size(); ++i)
    {
        char c = text[i];
        if (!fieldStarted)
        {
            recordLine = line;
            fieldStarted = true;
        }
        if (quoted)
        {
            if (c == '"')
            {
                if (i + 1 < text.size() && text[i + 1] == '"')
                {
                    field += '"';
                    ++i;
                }
                else
                {
                    quoted = false;
                }
            }
            else
            {
                if (c == '\n')
                {
                    ++line;
                }
                field += c;
            }
            continue;
        }
        if (c == '"')
        {
            quoted = true;
        }
        else if (c == ',')
        {
            record.push_back(field);
            field.clear();
        }
        else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        {
            // Part of a CRLF line end: the '\n' ends the record.
        }
        else if (c == '\n')
        {
            endRecord();
            ++line;
        }
        else
        {
            field += c;
        }
    }
    if (quoted)
    {
        throw ToolError(origin + ":" + std::to_string(recordLine) + ": unterminated quoted field");
    }
    if (fieldStarted)
    {
        endRecord();
    }
    return header;
}

std::string
CsvTable::Escape(const std::string& field)
{
    if (field.find_first_of(",\"\r\n") == std::string::npos)
    {
        return field;
    }
    std::string out = "\"";
    for (char c : field)
    {
        out += c;
        if (c == '"')
        {
            out += '"';
        }
    }
    return out + "\"";
}

std::string
CsvTable::FormatRow(const std::vector<std::string>& fields)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i)
    {
        if (i > 0)
        {
            line += ',';
        }
        line += Escape(fields[i]);
    }
    return line + "\n";
}

int
CsvTable::FindColumn(const std::string& name) const
{
    for (std::size_t i = 0; i < header.size(); ++i)
    {
        if (header[i] == name)
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}
