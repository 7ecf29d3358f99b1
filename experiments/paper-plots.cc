/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-plots.h"

#include "atomic-file.h"
#include "csv-table.h"
#include "gnuplot-renderer.h"
#include "mean-estimate.h"
#include "paper-figures.h"
#include "paper-reproduction.h"
#include "tool-error.h"

#include "ns3/migration-monitor-columns.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <set>
#include <tuple>

namespace ns3
{

namespace
{

/// The column names of the run's files (Columns is a table read from one).
using Column = MigrationMonitorColumns;

/// Not a number: a missing value, which gnuplot skips (and draws as a gap in a line).
const double NaN = std::numeric_limits<double>::quiet_NaN();

/**
 * @brief Format a number for a .dat or .gp file.
 *
 * std::to_chars ignores the locale, so the same value always gives the same bytes;
 * ten significant digits hide the last-bit noise of a mean.
 *
 * @param value the number
 * @return its text, "NaN" when it is missing
 */
std::string
Num(double value)
{
    if (std::isnan(value))
    {
        return "NaN";
    }
    char text[64];
    auto result = std::to_chars(text, text + sizeof(text), value, std::chars_format::general, 10);
    return std::string(text, result.ptr);
}

/**
 * @brief The line colour of a strategy or case.
 *
 * A strategy keeps its colour in every figure, so that the figures can be read side
 * by side; other names take the palette in their order of appearance.
 *
 * @param name the strategy or case
 * @param index its position among the figure's series
 * @return an rgb colour, quoted for gnuplot
 */
std::string
Colour(const std::string& name, std::size_t index)
{
    if (name == "pre-copy")
    {
        return "'#1f77b4'";
    }
    if (name == "stop-and-copy")
    {
        return "'#d62728'";
    }
    static const char* const palette[] = {"#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};
    return GnuplotQuote(palette[index % (sizeof(palette) / sizeof(palette[0]))]);
}

/// A CSV file's columns, by name: the numeric ones parsed, the others as text.
struct Columns
{
    std::size_t rows{0};                                  //!< data rows
    std::map<std::string, std::vector<double>> number;    //!< numeric columns (NaN: empty)
    std::map<std::string, std::vector<std::string>> text; //!< text columns
};

/**
 * @brief Read a CSV file with a header line (CsvTable) and keep the columns asked for.
 * @param path the file
 * @param textColumns the columns to keep as text
 * @param numberColumns the columns to parse as numbers; an empty cell is NaN
 * @param columns filled with the columns asked for
 * @param optionalColumns numeric columns that a file written before they existed lacks:
 *        all NaN then, so that its figures can still be drawn
 * @throws ToolError naming the file when it cannot be used
 */
void
ReadCsv(const std::string& path,
        const std::vector<std::string>& textColumns,
        const std::vector<std::string>& numberColumns,
        Columns& columns,
        const std::vector<std::string>& optionalColumns = {})
{
    ::CsvTable table = ::CsvTable::Read(path);
    if (table.header.empty())
    {
        throw ToolError(path + ": empty file (no header)");
    }
    std::map<std::string, int> position;
    for (const auto* names : {&textColumns, &numberColumns})
    {
        for (const std::string& name : *names)
        {
            position[name] = table.FindColumn(name);
            if (position[name] < 0)
            {
                throw ToolError(path + ": no column '" + name + "'");
            }
        }
    }
    for (const std::string& name : optionalColumns)
    {
        position[name] = table.FindColumn(name);
    }
    columns = Columns();
    for (std::size_t row = 0; row < table.rows.size(); ++row)
    {
        const std::vector<std::string>& cells = table.rows[row];
        for (const std::string& name : textColumns)
        {
            columns.text[name].push_back(cells[position[name]]);
        }
        for (const auto* names : {&numberColumns, &optionalColumns})
        {
            for (const std::string& name : *names)
            {
                double value = NaN;
                const std::string empty;
                const std::string& cell = position[name] < 0 ? empty : cells[position[name]];
                auto end = cell.data() + cell.size();
                auto parsed = std::from_chars(cell.data(), end, value);
                if (!cell.empty() && (parsed.ec != std::errc() || parsed.ptr != end))
                {
                    throw ToolError(path + ": data row " + std::to_string(row + 1) + ": '" + cell +
                                    "' in column " + name + " is not a number");
                }
                columns.number[name].push_back(value);
            }
        }
        ++columns.rows;
    }
}

/**
 * @brief The y-axis commands of a response-time panel: linear from 0, or logarithmic
 *        when a peak would squash the rest of the curve into the bottom pixels.
 * @param values the values to show (NaN and non-positive ones are left out)
 * @param ratio how many times the reference the largest value must exceed for a log scale
 * @param useMedian the reference: the median if true, the smallest value otherwise
 * @return the ylabel and y-range commands
 */
std::string
ResponseAxis(std::vector<double> values, double ratio, bool useMedian)
{
    values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !(v > 0); }),
                 values.end());
    std::sort(values.begin(), values.end());
    if (values.size() >= 2 &&
        values.back() > ratio * (useMedian ? values[values.size() / 2] : values.front()))
    {
        return "set ylabel 'response time (ms, log scale)'\nset logscale y\n";
    }
    // gnuplot refuses to autoscale an axis with no valid point: fix the range then.
    return std::string("set ylabel 'response time (ms)'\nset yrange [0:") +
           (values.empty() ? "1" : "*") + "]\n";
}

/**
 * @brief The plot clause of confidence-interval bars, for a block whose columns 3 and 4
 *        are the interval's ends, following a clause on the same file.
 *
 * Drawn as vectors rather than yerrorbars, which also draw a point: a bar then needs no
 * point and the NaN ends of a single run draw nothing at all.
 *
 * @param block the block's index
 * @param colour the bars' colour, quoted
 * @return the clause, starting with ", "
 */
std::string
ErrorBars(std::size_t block, const std::string& colour)
{
    return ", '' index " + std::to_string(block) +
           " using 1:3:(0):($4-$3) with vectors heads size screen 0.008,90 lw 1.5 lc rgb " +
           colour + " notitle";
}

/// The contents of a .dat file: blocks of tab-separated rows, selected with "index".
struct DataFile
{
    std::string text;      //!< the file's contents
    std::size_t blocks{0}; //!< blocks so far

    /**
     * @brief Append a block.
     * @param comment what the block holds (a comment line: its columns)
     * @param rows its rows, each ending with a newline
     * @return its index
     */
    std::size_t Add(const std::string& comment, const std::string& rows)
    {
        // Two blank lines end a block; a line end in a CSV value must not end the comment.
        text += "# " + GnuplotPrintable(comment) + "\n" + rows + "\n\n";
        return blocks++;
    }
};

/**
 * @brief Write NAME.dat and NAME.gp and draw NAME.png with gnuplot, atomically.
 *
 * The script refers to its files by name only and gnuplot runs in @p dir, so the
 * scripts do not depend on where the folder is and can be rerun by hand there.  By hand
 * the script writes NAME.png; from here "outfile" points it at NAME.png.tmp, renamed
 * once gnuplot has succeeded.
 *
 * @param dir the folder
 * @param name the figure's file name without extension
 * @param size the PNG size in pixels, "WIDTH,HEIGHT"
 * @param data the .dat contents
 * @param body the script's plotting commands (terminal, output and data format are added)
 * @throws ToolError if a file cannot be written or gnuplot fails
 */
void
Render(const std::string& dir,
       const std::string& name,
       const std::string& size,
       const std::string& data,
       const std::string& body)
{
    std::string script =
        "# Drawn by ns3::PaperPlots from the CSV files of this folder (data: " + name +
        ".dat).\n# Redraw " + name + ".png with: gnuplot " + name +
        ".gp\nif (!exists(\"outfile\")) outfile = " + GnuplotQuote(name + ".png") +
        "\nset terminal pngcairo size " + size +
        " noenhanced font 'sans,10'\nset output outfile\n"
        "set datafile separator tab\n" +
        body + "unset output\n";
    AtomicFile::Write(dir + "/" + name + ".dat", data);
    AtomicFile::Write(dir + "/" + name + ".gp", script);
    GnuplotRenderer::Draw(dir, name);
}

} // namespace

void
PaperPlots::PlotMemorySweep(const std::string& dir)
{
    Columns csv;
    ReadCsv(dir + "/migrations.csv",
            {Column::STRATEGY},
            {Column::MEMORY_MIB, Column::DOWNTIME_S, Column::TOTAL_S},
            csv);
    std::set<std::string> strategies;
    std::set<double> memories;
    for (std::size_t r = 0; r < csv.rows; ++r)
    {
        strategies.insert(csv.text[Column::STRATEGY][r]);
        memories.insert(csv.number[Column::MEMORY_MIB][r]);
    }
    for (const auto& figure : PaperFigures::Experiment1())
    {
        strategies.insert(figure.strategy);
        memories.insert(figure.memoryMiB);
    }
    std::string xtics;
    for (double memory : memories)
    {
        if (!std::isnan(memory))
        {
            xtics += (xtics.empty() ? "" : ", ") + Num(memory);
        }
    }

    for (const std::string column : {Column::DOWNTIME_S, Column::TOTAL_S})
    {
        bool isDowntime = column == Column::DOWNTIME_S;
        std::string name = isDowntime ? "exp1-downtime" : "exp1-total";
        std::string what = isDowntime ? "downtime" : "total migration time";
        DataFile data;
        std::string plot;
        std::size_t index = 0;
        for (const std::string& strategy : strategies)
        {
            std::map<double, std::vector<double>> byMemory;
            for (std::size_t r = 0; r < csv.rows; ++r)
            {
                if (csv.text[Column::STRATEGY][r] == strategy)
                {
                    byMemory[csv.number[Column::MEMORY_MIB][r]].push_back(csv.number[column][r]);
                }
            }
            std::string rows;
            for (const auto& [memory, values] : byMemory)
            {
                MeanEstimate e = MeanEstimate::Of(values);
                rows += Num(memory) + "\t" + Num(e.mean) + "\t" + Num(e.low) + "\t" + Num(e.high) +
                        "\t" + std::to_string(values.size()) + "\n";
            }
            std::string colour = Colour(strategy, index++);
            if (!rows.empty())
            {
                std::size_t block = data.Add("model, " + strategy + ": " + Column::MEMORY_MIB +
                                                 " mean_s ci95_low_s ci95_high_s rows",
                                             rows);
                plot += (plot.empty() ? "" : ", \\\n     ") + GnuplotQuote(name + ".dat") +
                        " index " + std::to_string(block) +
                        " using 1:2 with linespoints lw 2 pt 7 lc rgb " + colour + " title " +
                        GnuplotQuote("model, " + strategy) + ErrorBars(block, colour);
            }
            std::string paperRows;
            for (const auto& figure : PaperFigures::Experiment1())
            {
                if (figure.strategy == strategy)
                {
                    paperRows += Num(figure.memoryMiB) + "\t" +
                                 Num(isDowntime ? figure.downtime : figure.totalTime) + "\n";
                }
            }
            if (!paperRows.empty())
            {
                std::size_t block =
                    data.Add("paper, " + strategy + ": " + Column::MEMORY_MIB + " value_s",
                             paperRows);
                plot += (plot.empty() ? "" : ", \\\n     ") + GnuplotQuote(name + ".dat") +
                        " index " + std::to_string(block) +
                        " using 1:2 with points pt 6 ps 2.5 lw 2 lc rgb " + colour + " title " +
                        GnuplotQuote("paper, " + strategy);
            }
        }
        std::string body = "set title " +
                           GnuplotQuote("Experiment 1: " + what +
                                        " of an idle VM (model: mean over runs, 95% CI)") +
                           "\nset xlabel 'VM memory (MiB)'\nset ylabel " +
                           GnuplotQuote(what + " (s)") + "\nset xtics (" + xtics +
                           ")\nset yrange [0:*]\nset offsets graph 0.05, graph 0.05, graph "
                           "0.08, 0\nset grid\nset key left top\nplot " +
                           plot + "\n";
        Render(dir, name, "900,600", data.text, body);
    }
}

void
PaperPlots::PlotWorkloads(const std::string& dir)
{
    Columns csv;
    ReadCsv(dir + "/migrations.csv",
            {PaperReproduction::CASE_COLUMN, Column::STRATEGY},
            {Column::DOWNTIME_S, Column::TOTAL_S},
            csv);
    std::vector<std::string> workloads;
    std::set<std::string> strategies;
    auto addWorkload = [&workloads](const std::string& workload) {
        if (std::find(workloads.begin(), workloads.end(), workload) == workloads.end())
        {
            workloads.push_back(workload);
        }
    };
    // A case is "<workload>" or "<workload>/<strategy>".
    auto workloadOf = [&csv](std::size_t r) {
        const std::string& caseName = csv.text[PaperReproduction::CASE_COLUMN][r];
        return caseName.substr(0, caseName.find('/'));
    };
    for (std::size_t r = 0; r < csv.rows; ++r)
    {
        addWorkload(workloadOf(r));
        strategies.insert(csv.text[Column::STRATEGY][r]);
    }
    for (const PaperFigures::LoadedMigration& figure : PaperFigures::Experiment2())
    {
        addWorkload(figure.workload);
        strategies.insert(figure.strategy);
    }
    if (workloads.empty())
    {
        throw ToolError(dir + "/migrations.csv: no migrations");
    }
    // Bars of one workload sit side by side around its integer x position.
    double width = 0.8 / strategies.size();
    auto position = [&](const std::string& workload, const std::string& strategy) {
        double w = std::find(workloads.begin(), workloads.end(), workload) - workloads.begin();
        double s = std::distance(strategies.begin(), strategies.find(strategy));
        return w + (s - (strategies.size() - 1) / 2.0) * width;
    };
    std::string xtics;
    for (std::size_t w = 0; w < workloads.size(); ++w)
    {
        xtics += (w == 0 ? "" : ", ") + GnuplotQuote(workloads[w]) + " " + std::to_string(w);
    }

    for (const std::string column : {Column::DOWNTIME_S, Column::TOTAL_S})
    {
        bool isDowntime = column == Column::DOWNTIME_S;
        std::string name = isDowntime ? "exp2-downtime" : "exp2-total";
        std::string what = isDowntime ? "downtime" : "total migration time";
        DataFile data;
        std::string plot;
        std::size_t index = 0;
        for (const std::string& strategy : strategies)
        {
            std::string rows;
            for (const std::string& workload : workloads)
            {
                std::vector<double> values;
                for (std::size_t r = 0; r < csv.rows; ++r)
                {
                    if (workloadOf(r) == workload && csv.text[Column::STRATEGY][r] == strategy)
                    {
                        values.push_back(csv.number[column][r]);
                    }
                }
                if (!values.empty())
                {
                    MeanEstimate e = MeanEstimate::Of(values);
                    rows += Num(position(workload, strategy)) + "\t" + Num(e.mean) + "\t" +
                            Num(e.low) + "\t" + Num(e.high) + "\t" + std::to_string(values.size()) +
                            "\t" + GnuplotPrintable(workload) + "\n";
                }
            }
            std::string colour = Colour(strategy, index++);
            if (!rows.empty())
            {
                std::size_t block =
                    data.Add(strategy + ": x mean_s ci95_low_s ci95_high_s runs workload", rows);
                plot += (plot.empty() ? "" : ", \\\n     ") + GnuplotQuote(name + ".dat") +
                        " index " + std::to_string(block) +
                        " using 1:2 with boxes fs solid 0.7 noborder lc rgb " + colour + " title " +
                        GnuplotQuote(strategy) + ErrorBars(block, "'black'");
            }
        }
        std::string paperRows;
        for (const PaperFigures::LoadedMigration& figure : PaperFigures::Experiment2())
        {
            paperRows += Num(position(figure.workload, figure.strategy)) + "\t" +
                         Num(isDowntime ? figure.downtime : figure.totalTime) + "\t" +
                         figure.workload + "\t" + figure.strategy + "\n";
        }
        if (!paperRows.empty())
        {
            std::size_t block = data.Add("paper: x value_s workload strategy", paperRows);
            plot += (plot.empty() ? "" : ", \\\n     ") + GnuplotQuote(name + ".dat") + " index " +
                    std::to_string(block) +
                    " using 1:2 with points pt 8 ps 2 lw 2 lc rgb 'black' title 'paper'";
        }
        std::string body = "set title " +
                           GnuplotQuote("Experiment 2: " + what +
                                        " per workload (model: mean over runs, 95% CI)") +
                           "\nset ylabel " + GnuplotQuote(what + " (s)") + "\nset xtics (" + xtics +
                           ") scale 0\nset xrange [-0.6:" + Num(workloads.size() - 0.4) +
                           "]\nset yrange [0:*]\nset offsets 0, 0, graph 0.1, 0\nset boxwidth " +
                           Num(width) + " absolute\nset grid ytics\nset key left top\nplot " +
                           plot + "\n";
        Render(dir, name, "900,600", data.text, body);
    }
}

void
PaperPlots::PlotStress(const std::string& dir, double slaMs)
{
    std::string path = dir + "/summary.csv";
    Columns csv;
    ReadCsv(path,
            {PaperReproduction::CASE_COLUMN},
            {Column::MEAN_RESPONSE_MS,
             Column::P90_RESPONSE_MS,
             Column::TIMEOUT,
             Column::RESET,
             Column::REFUSED},
            csv);

    /// The rows of one user count (one per run).
    struct Step
    {
        std::vector<double> mean;   //!< mean response time of each row (ms)
        std::vector<double> p90;    //!< 90th percentile of each row (ms)
        std::vector<double> failed; //!< failed requests of each row
    };

    std::map<double, Step> steps;
    for (std::size_t r = 0; r < csv.rows; ++r)
    {
        const std::string& name = csv.text[PaperReproduction::CASE_COLUMN][r];
        double users = NaN;
        const char* first = name.data() + std::min(name.size(), sizeof("users-") - 1);
        const char* last = name.data() + name.size();
        auto result = std::from_chars(first, last, users);
        if (name.rfind("users-", 0) != 0 || result.ec != std::errc() || result.ptr != last)
        {
            throw ToolError(path + ": case '" + name + "' is not users-N");
        }
        Step& step = steps[users];
        step.mean.push_back(csv.number[Column::MEAN_RESPONSE_MS][r]);
        step.p90.push_back(csv.number[Column::P90_RESPONSE_MS][r]);
        step.failed.push_back(csv.number[Column::TIMEOUT][r] + csv.number[Column::RESET][r] +
                              csv.number[Column::REFUSED][r]);
    }
    if (steps.empty())
    {
        throw ToolError(path + ": no rows");
    }
    std::string rows;
    std::vector<double> shown;
    for (const auto& [users, step] : steps)
    {
        double mean = MeanEstimate::Of(step.mean).mean;
        double p90 = MeanEstimate::Of(step.p90).mean;
        shown.push_back(mean);
        shown.push_back(p90);
        rows += Num(users) + "\t" + Num(mean) + "\t" + Num(p90) + "\t" +
                Num(MeanEstimate::Of(step.failed).mean) + "\t" + std::to_string(step.mean.size()) +
                "\n";
    }
    if (slaMs > 0)
    {
        shown.push_back(slaMs);
    }
    DataFile data;
    data.Add(std::string("users ") + Column::MEAN_RESPONSE_MS + " " + Column::P90_RESPONSE_MS +
                 " failed_requests rows (means over rows)",
             rows);
    // Both panels need the same x range to line up.
    double low = steps.begin()->first;
    double high = steps.rbegin()->first;
    double pad = high > low ? 0.05 * (high - low) : std::max(1.0, 0.1 * std::fabs(high));
    std::string range = "set xrange [" + Num(low - pad) + ":" + Num(high + pad) + "]\n";
    std::string body =
        "set multiplot title " +
        GnuplotQuote("Experiment 3: stress test without migration (mean over runs)") +
        "\nset lmargin at screen 0.1\nset rmargin at screen 0.95\nset grid\n" + range +
        "set tmargin at screen 0.93\nset bmargin at screen 0.42\nset format x ''\n"
        "set key left top\n" +
        ResponseAxis(shown, 50, false) + "plot 'exp3-response.dat' " +
        "index 0 using 1:2 with linespoints lw 2 pt 7 lc rgb '#1f77b4' title 'mean', '' index 0 "
        "using 1:3 with linespoints lw 2 pt 5 lc rgb '#ff7f0e' title '90th percentile'" +
        (slaMs > 0 ? ", " + Num(slaMs) + " with lines dt 2 lw 2 lc rgb '#d62728' title " +
                         GnuplotQuote("SLA " + Num(slaMs) + " ms")
                   : "") +
        "\nunset logscale y\nset tmargin at screen 0.38\nset bmargin at screen 0.08\n"
        "set format x '% g'\nset xlabel 'concurrent users'\nset ylabel 'failed requests per "
        "run'\nset yrange [0:*]\nplot 'exp3-response.dat' index 0 using 1:4 with linespoints lw "
        "2 pt 7 lc rgb '#d62728' title 'timeout + reset + refused'\nunset multiplot\n";
    Render(dir, "exp3-response", "900,750", data.text, body);
}

namespace
{

/// One second of a case's timeseries.csv.
struct Sample
{
    double t;          //!< second (s)
    double throughput; //!< requests/s
    double mean;       //!< mean response time (ms; NaN: no request completed)
    double p90;        //!< its 90th percentile (ms; NaN: no request completed)
};

/// One migration of events.csv.
struct Window
{
    std::size_t caseIndex; //!< the case's position in Timeline::cases
    double requested;      //!< migration requested (s)
    double suspended;      //!< VM suspended (s)
    double resumed;        //!< VM resumed (s)
    double released;       //!< source released the VM (s)
    double gapStart;       //!< the clients' last OK response before the gap (s; NaN: none)
    double gapEnd;         //!< their first OK response after it (s; NaN: none)
};

/// One run of a loaded experiment: its cases' seconds and their migrations.
struct Timeline
{
    std::string seriesPath;                   //!< the timeseries.csv read
    std::string eventsPath;                   //!< the events.csv read
    std::string runText;                      //!< the run shown
    std::vector<std::string> cases;           //!< the cases, in their order of appearance
    std::vector<std::vector<Sample>> samples; //!< per case, in time order
    std::vector<Window> windows;              //!< the run's migrations
    double tMin{std::numeric_limits<double>::infinity()};  //!< first second of any case
    double tMax{-std::numeric_limits<double>::infinity()}; //!< last second of any case

    /**
     * @param name a case
     * @return its position in cases, where it is appended when new
     */
    std::size_t CaseIndex(const std::string& name)
    {
        auto it = std::find(cases.begin(), cases.end(), name);
        if (it == cases.end())
        {
            cases.push_back(name);
            samples.resize(cases.size());
            return cases.size() - 1;
        }
        return static_cast<std::size_t>(it - cases.begin());
    }
};

/**
 * @param name a case
 * @return whether it is one of the ablation's (pre-copy with parts of the model left
 *         out): they are in the summary's table; the figures show the whole model's cases
 */
bool
IsAblation(const std::string& name)
{
    return name.rfind("ablation-", 0) == 0;
}

/**
 * @brief Call @p use with each row of run @p run whose case is not the ablation's.
 * @param columns a CSV file's columns, with the run and case columns
 * @param run the run shown
 * @param use called with the row's index and its case
 */
template <typename Use>
void
ForEachShownRow(const Columns& columns, double run, Use use)
{
    if (columns.rows == 0)
    {
        return; // no columns either
    }
    const std::vector<std::string>& names = columns.text.at(PaperReproduction::CASE_COLUMN);
    const std::vector<double>& runs = columns.number.at(PaperReproduction::RUN_COLUMN);
    for (std::size_t r = 0; r < columns.rows; ++r)
    {
        if (runs[r] == run && !IsAblation(names[r]))
        {
            use(r, names[r]);
        }
    }
}

/**
 * @brief Keep run @p run's seconds of every case but the ablation's, in time order.
 * @param series timeseries.csv's columns
 * @param run the run shown
 * @param timeline gets the cases, their samples and the time span
 */
void
ReadSamples(const Columns& series, double run, Timeline& timeline)
{
    ForEachShownRow(series, run, [&](std::size_t r, const std::string& name) {
        std::size_t c = timeline.CaseIndex(name); // may grow samples: first
        timeline.samples[c].push_back({series.number.at(Column::T_S)[r],
                                       series.number.at(Column::THROUGHPUT_RPS)[r],
                                       series.number.at(Column::MEAN_RESPONSE_MS)[r],
                                       series.number.at(Column::P90_RESPONSE_MS)[r]});
    });
    for (auto& one : timeline.samples)
    {
        std::stable_sort(one.begin(), one.end(), [](const Sample& a, const Sample& b) {
            return a.t < b.t;
        });
        if (!one.empty())
        {
            timeline.tMin = std::min(timeline.tMin, one.front().t);
            timeline.tMax = std::max(timeline.tMax, one.back().t);
        }
    }
}

/**
 * @brief Keep run @p run's migrations of every case but the ablation's.
 * @param events events.csv's columns
 * @param run the run shown
 * @param timeline gets the migrations (and a case that has no seconds)
 */
void
ReadWindows(const Columns& events, double run, Timeline& timeline)
{
    ForEachShownRow(events, run, [&](std::size_t r, const std::string& name) {
        timeline.windows.push_back({timeline.CaseIndex(name),
                                    events.number.at(Column::REQUESTED_S)[r],
                                    events.number.at(Column::SUSPENDED_S)[r],
                                    events.number.at(Column::RESUMED_S)[r],
                                    events.number.at(Column::RELEASED_S)[r],
                                    events.number.at(Column::CLIENT_GAP_START_S)[r],
                                    events.number.at(Column::CLIENT_GAP_END_S)[r]});
    });
}

/**
 * @brief Read a loaded experiment's first run (normally 1) from its folder.
 *
 * One run, because a mean over runs would blur the peaks, and runs differ in where the
 * migration falls.
 *
 * @param dir the experiment's folder
 * @return the run's cases, seconds and migrations
 * @throws ToolError naming the file that cannot be used
 */
Timeline
ReadTimeline(const std::string& dir)
{
    Timeline timeline;
    timeline.seriesPath = dir + "/timeseries.csv";
    timeline.eventsPath = dir + "/events.csv";
    Columns series;
    Columns events;
    ReadCsv(timeline.seriesPath,
            {PaperReproduction::CASE_COLUMN},
            {PaperReproduction::RUN_COLUMN,
             Column::T_S,
             Column::THROUGHPUT_RPS,
             Column::MEAN_RESPONSE_MS,
             Column::P90_RESPONSE_MS},
            series);
    ReadCsv(timeline.eventsPath,
            {PaperReproduction::CASE_COLUMN},
            {PaperReproduction::RUN_COLUMN,
             Column::REQUESTED_S,
             Column::SUSPENDED_S,
             Column::RESUMED_S,
             Column::RELEASED_S},
            events,
            {Column::CLIENT_GAP_START_S, Column::CLIENT_GAP_END_S});
    if (series.rows == 0)
    {
        throw ToolError(timeline.seriesPath + ": no rows");
    }
    double run = std::numeric_limits<double>::infinity();
    for (double r : series.number[PaperReproduction::RUN_COLUMN])
    {
        run = std::min(run, r); // NaN compares false: a run cell left empty is skipped
    }
    timeline.runText = Num(run);
    ReadSamples(series, run, timeline);
    ReadWindows(events, run, timeline);
    return timeline;
}

/// A time-series figure's data and gnuplot clauses, as they are built.
struct TimelinePlot
{
    std::string figure;        //!< its file name, without extension
    double from;               //!< the first second shown
    double to;                 //!< the last second shown
    DataFile data;             //!< the .dat file
    std::string response;      //!< the response-time panel's plot clauses
    std::string gapLines;      //!< its client-view gap lines, after the response clauses
    std::string throughput;    //!< the throughput panel's plot clauses
    std::string objects;       //!< the shading, drawn behind both panels
    int object{0};             //!< objects so far
    std::vector<double> shown; //!< the response times shown, for the axis's scale

    /// @return the clause's start that reads block @p block of the figure's .dat file
    std::string Block(std::size_t block) const
    {
        return GnuplotQuote(figure + ".dat") + " index " + std::to_string(block);
    }

    /// Shade [a, b] (b NaN: to the end) in @p colour, clamped to the seconds shown, so
    /// that a window reaching past them does not spill over the margins.
    void Shade(double a, double b, const std::string& colour, double alpha)
    {
        a = std::max(a, from);
        b = std::min(std::isnan(b) ? to : b, to);
        if (!std::isnan(a) && a < b)
        {
            objects += "set object " + std::to_string(++object) + " rect from " + Num(a) +
                       ", graph 0 to " + Num(b) + ", graph 1 fc rgb " + colour +
                       " fs transparent solid " + Num(alpha) + " noborder behind\n";
        }
    }
};

/**
 * @brief Each case's response times and throughput over the seconds shown.
 * @param timeline the run
 * @param plot gets a .dat block and the clauses of each case with a second shown
 * @throws ToolError when no case has one
 */
void
PlotCases(const Timeline& timeline, TimelinePlot& plot)
{
    const std::vector<std::string>& cases = timeline.cases;
    for (std::size_t c = 0; c < cases.size(); ++c)
    {
        std::string rows;
        for (const Sample& s : timeline.samples[c])
        {
            if (s.t >= plot.from && s.t <= plot.to)
            {
                rows += Num(s.t) + "\t" + Num(s.throughput) + "\t" + Num(s.mean) + "\t" +
                        Num(s.p90) + "\n";
                plot.shown.push_back(s.mean);
                plot.shown.push_back(s.p90);
            }
        }
        if (rows.empty())
        {
            continue;
        }
        std::size_t block =
            plot.data.Add(cases[c] + ": " + Column::T_S + " " + Column::THROUGHPUT_RPS + " " +
                              Column::MEAN_RESPONSE_MS + " " + Column::P90_RESPONSE_MS,
                          rows);
        std::string colour = Colour(cases[c], c);
        std::string prefix = cases.size() > 1 ? cases[c] + ": " : "";
        plot.response += (plot.response.empty() ? "" : ", \\\n     ") + plot.Block(block) +
                         " using 1:3 with lines lw 1.5 lc rgb " + colour + " title " +
                         GnuplotQuote(prefix + "mean") + ", '' index " + std::to_string(block) +
                         " using 1:4 with lines lw 1.5 dt 2 lc rgb " + colour + " title " +
                         GnuplotQuote(prefix + "90th percentile");
        plot.throughput += (plot.throughput.empty() ? "" : ", \\\n     ") + plot.Block(block) +
                           " using 1:2 with lines lw 1.5 lc rgb " + colour + " title " +
                           GnuplotQuote(cases.size() > 1 ? cases[c] : "throughput");
    }
    if (plot.response.empty())
    {
        throw ToolError(timeline.seriesPath + ": no samples of run " + timeline.runText + " in [" +
                        Num(plot.from) + ", " + Num(plot.to) + "] s");
    }
}

/**
 * @brief Each case's migrations: its window shaded light, its downtime darker, and the
 *        client-view gap as dotted vertical lines at its ends, in the case's colour.
 *
 * The gap's lines are data (a .dat block per case, drawn on the y2 axis fixed to
 * [0, 1]), so that the CSV's values reach gnuplot as numbers in a data file only.
 *
 * @param timeline the run
 * @param plot gets the shading, the gap lines and their key entries
 */
void
MarkMigrations(const Timeline& timeline, TimelinePlot& plot)
{
    const std::vector<std::string>& cases = timeline.cases;
    std::set<std::size_t> shaded;
    std::vector<std::string> gapRows(cases.size());
    for (const Window& w : timeline.windows)
    {
        std::string colour = Colour(cases[w.caseIndex], w.caseIndex);
        plot.Shade(w.requested, w.released, colour, 0.12);
        plot.Shade(w.suspended, w.resumed, colour, 0.35);
        shaded.insert(w.caseIndex);
        for (double x : {w.gapStart, w.gapEnd})
        {
            if (std::isfinite(x) && x >= plot.from && x <= plot.to)
            {
                // One blank line separates two segments within a block (two would end it).
                std::string& rows = gapRows[w.caseIndex];
                rows += (rows.empty() ? "" : "\n") + Num(x) + "\t0\n" + Num(x) + "\t1\n";
            }
        }
    }
    for (std::size_t c : shaded)
    {
        std::string prefix = cases.size() > 1 ? cases[c] + ": " : "";
        std::string colour = Colour(cases[c], c);
        plot.throughput += ", \\\n     keyentry with boxes fs transparent solid 0.12 noborder "
                           "fc rgb " +
                           colour + " title " + GnuplotQuote(prefix + "migration") +
                           ", \\\n     keyentry with boxes fs transparent solid 0.35 noborder "
                           "fc rgb " +
                           colour + " title " + GnuplotQuote(prefix + "downtime");
        if (gapRows[c].empty())
        {
            continue;
        }
        // The key's text is fixed: the colour and the entry's place right after the
        // case's downtime say which case it belongs to.
        std::string clause =
            ", \\\n     " +
            plot.Block(plot.data.Add(std::string("client-view gap: ") + Column::T_S +
                                         " y2 (a vertical line per end)",
                                     gapRows[c])) +
            " using 1:2 axes x1y2 with lines dt 3 lw 2 lc rgb " + colour;
        plot.gapLines += clause + " notitle";
        plot.throughput += clause + " title 'client-view gap'";
    }
}

/**
 * @brief Draw a run's response times above its throughput over [from, to].
 * @param timeline the run
 * @param dir the folder to write into
 * @param figure the figure's file name, without extension
 * @param title the figure's title
 * @param from the first second shown
 * @param to the last second shown
 * @param label appended to the title's "(run N" part
 * @throws ToolError if there is nothing to draw or the figure cannot be written
 */
void
DrawTimeline(const Timeline& timeline,
             const std::string& dir,
             const std::string& figure,
             const std::string& title,
             double from,
             double to,
             const std::string& label)
{
    TimelinePlot plot;
    plot.figure = figure;
    plot.from = from;
    plot.to = to;
    PlotCases(timeline, plot);
    MarkMigrations(timeline, plot);
    std::string body =
        "set multiplot title " + GnuplotQuote(title + " (run " + timeline.runText + label + ")") +
        "\nset lmargin at screen 0.1\nset rmargin at screen 0.74\nset grid\nset xrange [" +
        Num(from) + ":" + Num(to) + "]\nset y2range [0:1]\n" +
        "set key outside right top Left reverse\n" + plot.objects +
        "set tmargin at screen 0.93\nset bmargin at screen 0.53\nset format x ''\n" +
        ResponseAxis(plot.shown, 20, true) + "plot " + plot.response + plot.gapLines +
        "\nunset logscale y\nset tmargin at screen 0.47\nset bmargin at screen 0.08\nset "
        "format x '% g'\nset xlabel 'time (s)'\nset ylabel 'throughput (requests/s)'\nset "
        "yrange [0:*]\nplot " +
        plot.throughput + "\nunset multiplot\n";
    Render(dir, figure, "1000,750", plot.data.text, body);
}

/**
 * @param timeline the run
 * @return the seconds a zoom on its downtimes shows: from 10 s before the first suspend
 *         to 20 s after the last resume, widened to both ends of the clients' gaps
 * @throws ToolError if the run has no downtime
 */
std::pair<double, double>
ZoomRange(const Timeline& timeline)
{
    double suspended = std::numeric_limits<double>::infinity();
    double resumed = -suspended;
    for (const Window& w : timeline.windows)
    {
        if (!std::isnan(w.suspended) && !std::isnan(w.resumed))
        {
            suspended = std::min(suspended, w.suspended);
            resumed = std::max(resumed, w.resumed);
        }
    }
    if (suspended > resumed)
    {
        throw ToolError(timeline.eventsPath + ": no downtime in run " + timeline.runText +
                        " to zoom on");
    }
    double first = suspended;
    double last = resumed;
    for (const Window& w : timeline.windows)
    {
        if (std::isfinite(w.gapStart) && std::isfinite(w.gapEnd))
        {
            first = std::min(first, w.gapStart);
            last = std::max(last, w.gapEnd);
        }
    }
    return {first - 10, last + 20};
}

} // namespace

void
PaperPlots::PlotTimeseries(const std::string& dir,
                           const std::string& name,
                           const std::string& title,
                           bool zoom)
{
    // The name becomes file names and part of the script's comments and strings.
    if (name.empty() || std::any_of(name.begin(), name.end(), [](char c) {
            return c == '/' || std::iscntrl(static_cast<unsigned char>(c));
        }))
    {
        throw ToolError("PaperPlots: '" + name + "' is not a file name");
    }
    Timeline timeline = ReadTimeline(dir);
    DrawTimeline(timeline, dir, name, title, timeline.tMin, timeline.tMax, "");
    if (zoom)
    {
        auto [from, to] = ZoomRange(timeline);
        DrawTimeline(timeline, dir, name + "-zoom", title, from, to, ", zoom on the downtime");
    }
}

void
PaperPlots::PlotAll(const std::string& out)
{
    PlotMemorySweep(out + "/exp1");
    PlotWorkloads(out + "/exp2");
    PlotStress(out + "/exp3", 250);
    // Experiments 4-6: the service around the migration; experiment 6 also with a zoom on
    // the downtime, as the paper asks of it.
    const std::tuple<const char*, const char*, bool> loaded[] = {
        {"exp4", "Experiment 4: pre-copy under SampleWeb (300 users)", false},
        {"exp5", "Experiment 5: both strategies under ab", false},
        {"exp6", "Experiment 6: pre-copy under Olio (150 users)", true},
    };
    for (const auto& [experiment, title, zoom] : loaded)
    {
        PlotTimeseries(out + "/" + experiment, experiment, title, zoom);
    }
}

} // namespace ns3
