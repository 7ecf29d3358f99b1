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
    SweepLayout layout(m_plan);
    const std::vector<std::string>& keys = m_plan.GetGridKeys();
    auto isKey = [&keys](const std::string& k) {
        return std::find(keys.begin(), keys.end(), k) != keys.end();
    };
    if (!isKey(x))
    {
        throw ToolError("--x '" + x + "' is not a grid key of " + m_plan.GetOrigin() +
                        " (grid keys: " + Join(keys) + ")");
    }
    if (!series.empty() && (!isKey(series) || series == x))
    {
        throw ToolError("--series '" + series +
                        "' is not a grid key other than --x (grid keys: " + Join(keys) + ")");
    }
    for (const auto& [key, value] : where)
    {
        if (!isKey(key) || key == x || key == series)
        {
            throw ToolError(
                "--where " + key + "=" + value +
                ": not a grid key other than --x and --series (grid keys: " + Join(keys) + ")");
        }
    }

    std::string aggregate = layout.GetAggregateCsv();
    std::error_code ec;
    if (!fs::is_regular_file(aggregate, ec))
    {
        throw ToolError("no " + aggregate + "; run `vm-migration-sweep aggregate " +
                        m_plan.GetOrigin() + "` first");
    }
    CsvTable table = CsvTable::Read(aggregate);
    int columnCol = table.FindColumn("column");
    int nCol = table.FindColumn("n");
    int meanCol = table.FindColumn("mean");
    int lowCol = table.FindColumn("ci95_low");
    int highCol = table.FindColumn("ci95_high");
    std::map<std::string, int> keyCol;
    for (const std::string& k : keys)
    {
        keyCol[k] = table.FindColumn(k);
        if (keyCol[k] < 0)
        {
            throw ToolError(aggregate + ": no column '" + k + "'; run aggregate again");
        }
    }
    if (columnCol < 0 || nCol < 0 || meanCol < 0 || lowCol < 0 || highCol < 0)
    {
        throw ToolError(aggregate + ": not an aggregate file (missing columns)");
    }

    std::vector<std::string> available;
    std::vector<const std::vector<std::string>*> selected;
    for (const std::vector<std::string>& row : table.rows)
    {
        const std::string& column = row[columnCol];
        if (std::find(available.begin(), available.end(), column) == available.end())
        {
            available.push_back(column);
        }
        if (column != y)
        {
            continue;
        }
        bool keep = true;
        for (const auto& [key, value] : where)
        {
            keep = keep && row[keyCol[key]] == value;
        }
        if (keep && row[nCol] != "0")
        {
            selected.push_back(&row);
        }
    }
    if (std::find(available.begin(), available.end(), y) == available.end())
    {
        throw ToolError("--y '" + y + "' is not a column of " + aggregate +
                        " (columns: " + Join(available) + ")");
    }
    if (selected.empty())
    {
        throw ToolError("no data for --y '" + y + "' with the given --where filters");
    }
    for (const std::string& k : keys)
    {
        if (k == x || k == series || where.count(k) != 0)
        {
            continue;
        }
        std::vector<std::string> seen;
        for (const auto* row : selected)
        {
            const std::string& v = (*row)[keyCol[k]];
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

    // Group by series (plan order); decide numeric or categorical x.
    bool numericX = true;
    std::vector<std::string> seriesNames;
    std::vector<std::vector<Point>> groups;
    std::vector<std::string> categories;
    for (const auto* row : selected)
    {
        Point p;
        p.x = (*row)[keyCol[x]];
        numericX = numericX && SweepAggregator::ParseNumber(p.x, p.xValue) > 0;
        SweepAggregator::ParseNumber((*row)[meanCol], p.mean);
        p.low = p.mean;
        p.high = p.mean;
        SweepAggregator::ParseNumber((*row)[lowCol], p.low);
        SweepAggregator::ParseNumber((*row)[highCol], p.high);
        if (std::find(categories.begin(), categories.end(), p.x) == categories.end())
        {
            categories.push_back(p.x);
        }
        std::string name = series.empty() ? "" : (*row)[keyCol[series]];
        auto it = std::find(seriesNames.begin(), seriesNames.end(), name);
        if (it == seriesNames.end())
        {
            seriesNames.push_back(name);
            groups.emplace_back();
            it = seriesNames.end() - 1;
        }
        groups[it - seriesNames.begin()].push_back(p);
    }

    std::string base = "plot-" + FileSafe(y) + "-vs-" + FileSafe(x);
    if (!series.empty())
    {
        base += "-by-" + FileSafe(series);
    }
    for (const auto& [key, value] : where)
    {
        base += "-" + FileSafe(key) + "=" + FileSafe(value);
    }
    fs::path dir = fs::absolute(layout.GetPlanDir()).lexically_normal();
    std::string dat = (dir / (base + ".dat")).string();
    std::string png = (dir / (base + ".png")).string();

    std::string data;
    for (std::size_t g = 0; g < groups.size(); ++g)
    {
        std::vector<Point>& points = groups[g];
        if (numericX)
        {
            std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
                return a.xValue < b.xValue;
            });
        }
        // Printable: a newline in a value would end the comment and start a data line.
        data += "# " + GnuplotPrintable(series.empty() ? y : series + "=" + seriesNames[g]) + "\n";
        for (const Point& p : points)
        {
            double position =
                numericX
                    ? p.xValue
                    : static_cast<double>(std::find(categories.begin(), categories.end(), p.x) -
                                          categories.begin());
            data += SweepAggregator::FormatNumber(position) + "\t" +
                    SweepAggregator::FormatNumber(p.mean) + "\t" +
                    SweepAggregator::FormatNumber(p.low) + "\t" +
                    SweepAggregator::FormatNumber(p.high) + "\t" + GnuplotPrintable(p.x) + "\n";
        }
        data += "\n\n"; // two blank lines end a gnuplot data block (selected with "index")
    }
    AtomicFile::Write(dat, data);

    std::string title = y + " vs " + x;
    for (const auto& [key, value] : where)
    {
        title += ", " + key + "=" + value;
    }
    std::string gp;
    // Files by name only (gnuplot runs in their folder): no path from the plan's "out" gets
    // into the script, and the script can be rerun by hand there.
    gp += "# Generated by vm-migration-sweep plot; edit and run `gnuplot " + base +
          ".gp` in this folder.\n";
    gp += "if (!exists(\"outfile\")) outfile = " + GnuplotQuote(base + ".png") + "\n";
    gp += "set terminal pngcairo size 960,600 noenhanced\n";
    gp += "set output outfile\n";
    gp += "set datafile separator \"\\t\"\n";
    gp += "set title " + GnuplotQuote(title) + "\n";
    gp += "set xlabel " + GnuplotQuote(x) + "\n";
    gp += "set ylabel " + GnuplotQuote(y + " (mean, 95% CI)") + "\n";
    gp += "set grid\n";
    gp += "set key outside right top\n";
    if (numericX)
    {
        gp += "set offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n";
    }
    else
    {
        gp += "set xrange [-0.5:" + std::to_string(categories.size()) + "-0.5]\n";
        gp += "set offsets 0, 0, graph 0.05, graph 0.05\n";
    }
    gp += "plot";
    for (std::size_t g = 0; g < groups.size(); ++g)
    {
        gp += (g == 0 ? " " : ", \\\n     ") + GnuplotQuote(base + ".dat") + " index " +
              std::to_string(g) + " using 1:2:3:4" + (numericX ? "" : ":xtic(5)") +
              " with yerrorlines lw 2 " +
              (series.empty() ? std::string("notitle")
                              : "title " + GnuplotQuote(series + "=" + seriesNames[g]));
    }
    gp += "\nunset output\n";
    AtomicFile::Write((dir / (base + ".gp")).string(), gp);

    GnuplotRenderer::Draw(dir.string(), base);
    return png;
}
