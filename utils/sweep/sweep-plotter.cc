/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-plotter.h"

#include "atomic-file.h"
#include "csv-table.h"
#include "gnuplot-renderer.h"
#include "gnuplot-text.h"
#include "sweep-aggregator.h"
#include "sweep-layout.h"
#include "sweep-plan.h"
#include "tool-error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <vector>

namespace fs = std::filesystem;

namespace
{

/**
 * @brief Make a name safe for a file name.
 * @param text the name
 * @return @p text with characters other than [A-Za-z0-9._-] replaced by '_'
 */
std::string
FileSafe(const std::string& text)
{
    std::string out = text;
    for (char& c : out)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-')
        {
            c = '_';
        }
    }
    return out;
}

/**
 * @brief Join words with ", ".
 * @param words the words
 * @return the list
 */
std::string
Join(const std::vector<std::string>& words)
{
    std::string out;
    for (const std::string& w : words)
    {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

/// One point of the plot.
struct Point
{
    std::string x; //!< the x value as in the CSV
    double xValue; //!< its number, for a numeric axis
    double mean;   //!< the mean
    double low;    //!< lower end of the CI (the mean if n = 1)
    double high;   //!< upper end of the CI (the mean if n = 1)
};

/// What a plot is asked for: the command line's --x, --y, --series and --where.
struct Request
{
    const std::string& x;                            //!< the grid key on the x axis
    const std::string& y;                            //!< the aggregate column drawn
    const std::string& series;                       //!< the key of the lines, or ""
    const std::map<std::string, std::string>& where; //!< fixed values of other keys
};

/// Where aggregate.csv keeps what a plot reads.
struct AggregateColumns
{
    int column{-1};                 //!< the column a row summarises
    int n{-1};                      //!< its number of runs
    int mean{-1};                   //!< its mean
    int low{-1};                    //!< the CI's lower end
    int high{-1};                   //!< the CI's upper end
    std::map<std::string, int> key; //!< each grid key's column
};

/// The selected rows as lines of points.
struct Groups
{
    bool numericX{true};                   //!< whether every x is a number
    std::vector<std::string> names;        //!< each line's series value, in plan order
    std::vector<std::vector<Point>> lines; //!< each line's points
    std::vector<std::string> categories;   //!< the x values, in their order of appearance
};

/**
 * @brief Refuse --x, --series and --where keys that are not distinct grid keys.
 * @param keys the plan's grid keys
 * @param r the request
 * @param origin the plan's file, for the message
 * @throws ToolError naming the argument at fault
 */
void
CheckKeys(const std::vector<std::string>& keys, const Request& r, const std::string& origin)
{
    auto isKey = [&keys](const std::string& k) {
        return std::find(keys.begin(), keys.end(), k) != keys.end();
    };
    if (!isKey(r.x))
    {
        throw ToolError("--x '" + r.x + "' is not a grid key of " + origin +
                        " (grid keys: " + Join(keys) + ")");
    }
    if (!r.series.empty() && (!isKey(r.series) || r.series == r.x))
    {
        throw ToolError("--series '" + r.series +
                        "' is not a grid key other than --x (grid keys: " + Join(keys) + ")");
    }
    for (const auto& [key, value] : r.where)
    {
        if (!isKey(key) || key == r.x || key == r.series)
        {
            throw ToolError(
                "--where " + key + "=" + value +
                ": not a grid key other than --x and --series (grid keys: " + Join(keys) + ")");
        }
    }
}

/**
 * @param table aggregate.csv
 * @param keys the plan's grid keys
 * @param path its path, for the messages
 * @return where it keeps what a plot reads
 * @throws ToolError if a column is missing
 */
AggregateColumns
FindColumns(const CsvTable& table, const std::vector<std::string>& keys, const std::string& path)
{
    AggregateColumns c;
    c.column = table.FindColumn("column");
    c.n = table.FindColumn("n");
    c.mean = table.FindColumn("mean");
    c.low = table.FindColumn("ci95_low");
    c.high = table.FindColumn("ci95_high");
    for (const std::string& k : keys)
    {
        c.key[k] = table.FindColumn(k);
        if (c.key[k] < 0)
        {
            throw ToolError(path + ": no column '" + k + "'; run aggregate again");
        }
    }
    if (c.column < 0 || c.n < 0 || c.mean < 0 || c.low < 0 || c.high < 0)
    {
        throw ToolError(path + ": not an aggregate file (missing columns)");
    }
    return c;
}

/**
 * @return the rows of column --y that match the --where values and have data
 * @param table aggregate.csv
 * @param c its columns
 * @param r the request
 * @param path its path, for the messages
 * @throws ToolError if --y is not a column, or no row is left
 */
std::vector<const std::vector<std::string>*>
SelectRows(const CsvTable& table,
           const AggregateColumns& c,
           const Request& r,
           const std::string& path)
{
    std::vector<std::string> available;
    std::vector<const std::vector<std::string>*> selected;
    for (const std::vector<std::string>& row : table.rows)
    {
        const std::string& column = row[c.column];
        if (std::find(available.begin(), available.end(), column) == available.end())
        {
            available.push_back(column);
        }
        bool keep = column == r.y && row[c.n] != "0";
        for (const auto& [key, value] : r.where)
        {
            keep = keep && row[c.key.at(key)] == value;
        }
        if (keep)
        {
            selected.push_back(&row);
        }
    }
    if (std::find(available.begin(), available.end(), r.y) == available.end())
    {
        throw ToolError("--y '" + r.y + "' is not a column of " + path +
                        " (columns: " + Join(available) + ")");
    }
    if (selected.empty())
    {
        throw ToolError("no data for --y '" + r.y + "' with the given --where filters");
    }
    return selected;
}

/**
 * @brief Refuse a grid key that neither --x, --series nor --where fixes and that takes
 *        several values among the rows: points of different configurations would be
 *        joined into one line.
 * @param keys the plan's grid keys
 * @param rows the selected rows
 * @param c aggregate.csv's columns
 * @param r the request
 * @throws ToolError naming the key
 */
void
CheckFixedKeys(const std::vector<std::string>& keys,
               const std::vector<const std::vector<std::string>*>& rows,
               const AggregateColumns& c,
               const Request& r)
{
    for (const std::string& k : keys)
    {
        if (k == r.x || k == r.series || r.where.count(k) != 0)
        {
            continue;
        }
        std::vector<std::string> seen;
        for (const auto* row : rows)
        {
            const std::string& v = (*row)[c.key.at(k)];
            if (std::find(seen.begin(), seen.end(), v) == seen.end())
            {
                seen.push_back(v);
            }
        }
        if (seen.size() > 1)
        {
            throw ToolError("grid key '" + k + "' has several values (" + Join(seen) +
                            "); pass --series " + k + " or --where " + k + "=VALUE");
        }
    }
}

/**
 * @brief Group the rows into lines by series value (plan order); a numeric x axis is
 *        sorted by value, a textual one keeps the order of appearance as categories.
 * @param rows the selected rows
 * @param c aggregate.csv's columns
 * @param r the request
 * @return the lines
 */
Groups
GroupBySeries(const std::vector<const std::vector<std::string>*>& rows,
              const AggregateColumns& c,
              const Request& r)
{
    Groups g;
    for (const auto* row : rows)
    {
        Point p;
        p.x = (*row)[c.key.at(r.x)];
        g.numericX = g.numericX && SweepAggregator::ParseNumber(p.x, p.xValue) > 0;
        SweepAggregator::ParseNumber((*row)[c.mean], p.mean);
        p.low = p.mean;
        p.high = p.mean;
        SweepAggregator::ParseNumber((*row)[c.low], p.low);
        SweepAggregator::ParseNumber((*row)[c.high], p.high);
        if (std::find(g.categories.begin(), g.categories.end(), p.x) == g.categories.end())
        {
            g.categories.push_back(p.x);
        }
        std::string name = r.series.empty() ? "" : (*row)[c.key.at(r.series)];
        auto it = std::find(g.names.begin(), g.names.end(), name);
        if (it == g.names.end())
        {
            g.names.push_back(name);
            g.lines.emplace_back();
            it = g.names.end() - 1;
        }
        g.lines[it - g.names.begin()].push_back(p);
    }
    for (std::vector<Point>& points : g.lines)
    {
        if (g.numericX)
        {
            std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
                return a.xValue < b.xValue;
            });
        }
    }
    return g;
}

/**
 * @param r the request
 * @return the plot's file name without extension: plot-Y-vs-X[-by-SERIES][-KEY=VALUE...]
 */
std::string
FileBase(const Request& r)
{
    std::string base = "plot-" + FileSafe(r.y) + "-vs-" + FileSafe(r.x);
    if (!r.series.empty())
    {
        base += "-by-" + FileSafe(r.series);
    }
    for (const auto& [key, value] : r.where)
    {
        base += "-" + FileSafe(key) + "=" + FileSafe(value);
    }
    return base;
}

/**
 * @param g the lines
 * @param r the request
 * @return the .dat file: a block per line of x position, mean, CI ends and x label
 */
std::string
DataText(const Groups& g, const Request& r)
{
    std::string data;
    for (std::size_t i = 0; i < g.lines.size(); ++i)
    {
        // Printable: a newline in a value would end the comment and start a data line.
        data +=
            "# " + GnuplotPrintable(r.series.empty() ? r.y : r.series + "=" + g.names[i]) + "\n";
        for (const Point& p : g.lines[i])
        {
            double position =
                g.numericX
                    ? p.xValue
                    : static_cast<double>(std::find(g.categories.begin(), g.categories.end(), p.x) -
                                          g.categories.begin());
            data += SweepAggregator::FormatNumber(position) + "\t" +
                    SweepAggregator::FormatNumber(p.mean) + "\t" +
                    SweepAggregator::FormatNumber(p.low) + "\t" +
                    SweepAggregator::FormatNumber(p.high) + "\t" + GnuplotPrintable(p.x) + "\n";
        }
        data += "\n\n"; // two blank lines end a gnuplot data block (selected with "index")
    }
    return data;
}

/**
 * @param g the lines
 * @param r the request
 * @param base the plot's file name without extension
 * @return the gnuplot script; it names its files only (gnuplot runs in their folder), so
 *         no path from the plan's "out" gets into it and it can be rerun by hand there
 */
std::string
ScriptText(const Groups& g, const Request& r, const std::string& base)
{
    std::string title = r.y + " vs " + r.x;
    for (const auto& [key, value] : r.where)
    {
        title += ", " + key + "=" + value;
    }
    std::string gp = "# Generated by vm-migration-sweep plot; edit and run `gnuplot " + base +
                     ".gp` in this folder.\n";
    gp += "if (!exists(\"outfile\")) outfile = " + GnuplotQuote(base + ".png") + "\n";
    gp += "set terminal pngcairo size 960,600 noenhanced\n";
    gp += "set output outfile\n";
    gp += "set datafile separator \"\\t\"\n";
    gp += "set title " + GnuplotQuote(title) + "\n";
    gp += "set xlabel " + GnuplotQuote(r.x) + "\n";
    gp += "set ylabel " + GnuplotQuote(r.y + " (mean, 95% CI)") + "\n";
    gp += "set grid\n";
    gp += "set key outside right top\n";
    if (g.numericX)
    {
        gp += "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n";
    }
    else
    {
        gp += "set xrange [-0.5:" + std::to_string(g.categories.size()) + "-0.5]\n";
        gp += "set offsets 0, 0, graph 0.05, graph 0.05\n";
    }
    gp += "plot";
    for (std::size_t i = 0; i < g.lines.size(); ++i)
    {
        gp += (i == 0 ? " " : ", \\\n     ") + GnuplotQuote(base + ".dat") + " index " +
              std::to_string(i) + " using 1:2:3:4" + (g.numericX ? "" : ":xtic(5)") +
              " with yerrorlines lw 2 " +
              (r.series.empty() ? std::string("notitle")
                                : "title " + GnuplotQuote(r.series + "=" + g.names[i]));
    }
    return gp + "\nunset output\n";
}

} // namespace

SweepPlotter::SweepPlotter(const SweepPlan& plan)
    : m_plan(plan)
{
}

std::string
SweepPlotter::Plot(const std::string& x,
                   const std::string& y,
                   const std::string& series,
                   const std::map<std::string, std::string>& where) const
{
    Request request{x, y, series, where};
    const std::vector<std::string>& keys = m_plan.GetGridKeys();
    CheckKeys(keys, request, m_plan.GetOrigin());
    SweepLayout layout(m_plan);
    std::string aggregate = layout.GetAggregateCsv();
    std::error_code ec;
    if (!fs::is_regular_file(aggregate, ec))
    {
        throw ToolError("no " + aggregate + "; run `vm-migration-sweep aggregate " +
                        m_plan.GetOrigin() + "` first");
    }
    CsvTable table = CsvTable::Read(aggregate);
    AggregateColumns columns = FindColumns(table, keys, aggregate);
    auto rows = SelectRows(table, columns, request, aggregate);
    CheckFixedKeys(keys, rows, columns, request);
    Groups groups = GroupBySeries(rows, columns, request);

    std::string base = FileBase(request);
    fs::path dir = fs::absolute(layout.GetPlanDir()).lexically_normal();
    AtomicFile::Write((dir / (base + ".dat")).string(), DataText(groups, request));
    AtomicFile::Write((dir / (base + ".gp")).string(), ScriptText(groups, request, base));
    GnuplotRenderer::Draw(dir.string(), base);
    return (dir / (base + ".png")).string();
}
