/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "strategy-comparison.h"

#include "atomic-file.h"
#include "gnuplot-renderer.h"
#include "gnuplot-text.h"
#include "parallel-runner.h"
#include "sample-statistics.h"
#include "tool-error.h"

#include "ns3/config.h"
#include "ns3/migration-helper.h"
#include "ns3/migration-scenario.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <sstream>

namespace ns3
{

namespace
{

/// Ramp-up of the loaded runs (s), as in the paper reproduction's experiments 4-6.
constexpr double RAMP_UP_S = 5;
/// A steady state longer than any run: the run ends AFTER_S after the migration.
constexpr double OPEN_STEADY_S = 3600;
/// The loads and their users: experiment 1's idle VM, experiment 4's, experiment 6's.
const std::vector<std::pair<std::string, uint32_t>> LOADS = {
    {"idle", 0},
    {"sampleweb", 300},
    {"olio", 150},
};
/// Simulated seconds from the request by which a migration counts as not converging.
constexpr double MIGRATION_LIMIT_S = 300;
/// The confidence level of the intervals.
constexpr double LEVEL = 0.95;

/// @return @p x with %.9g, or an empty cell for NaN
std::string
Cell(double x)
{
    if (std::isnan(x))
    {
        return "";
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.9g", x);
    return text;
}

/// @return @p x with @p digits decimals, or "?" (gnuplot's missing value) for NaN
std::string
Fixed(double x, int digits)
{
    if (std::isnan(x))
    {
        return "?";
    }
    char text[32];
    std::snprintf(text, sizeof(text), "%.*f", digits, x);
    return text;
}

} // namespace

std::vector<std::string>
StrategyComparison::GetLoadNames()
{
    std::vector<std::string> names;
    for (const auto& load : LOADS)
    {
        names.push_back(load.first);
    }
    return names;
}

StrategyComparison::StrategyComparison(uint32_t seeds,
                                       double memoryMiB,
                                       const std::string& linkModel,
                                       const std::vector<std::string>& loads)
    : m_seeds(seeds),
      m_memoryMiB(memoryMiB),
      m_linkModel(linkModel)
{
    for (const auto& load : LOADS)
    {
        if (std::find(loads.begin(), loads.end(), load.first) != loads.end())
        {
            m_loads.push_back(load.first);
        }
    }
    std::vector<std::string> names;
    std::istringstream list(MigrationHelper::GetStrategyNames());
    std::string name;
    while (list >> name)
    {
        if (name != "|")
        {
            names.push_back(name);
        }
    }
    for (const std::string& workload : m_loads)
    {
        for (const std::string& strategy : names)
        {
            m_cases.push_back({workload, strategy, strategy, {}});
            if (strategy == "qemu-pre-copy")
            {
                m_cases.push_back({workload,
                                   strategy,
                                   strategy + " +auto-converge",
                                   {{"ns3::QemuPreCopyStrategy::AutoConverge", "true"}}});
            }
        }
    }
}

const std::vector<StrategyComparison::Case>&
StrategyComparison::GetCases() const
{
    return m_cases;
}

const std::vector<StrategyComparison::Figure>&
StrategyComparison::GetFigures()
{
    static const std::vector<Figure> figures = {
        {"completed", "completed", &RunResult::completed},
        {"downtime_s", "downtime (s)", &RunResult::downtimeS},
        {"total_s", "total time (s)", &RunResult::totalS},
        {"mb_sent", "MB sent", &RunResult::mbSent},
        {"rounds", "rounds", &RunResult::rounds},
        {"pages_pulled", "pages pulled", &RunResult::pagesPulled},
        {"faults", "faults", &RunResult::faults},
        {"fault_stall_s", "stalled (s)", &RunResult::faultStallS},
        {"client_downtime_s", "no response (s)", &RunResult::clientDowntimeS},
        {"failed", "failed requests", &RunResult::failed},
        {"throughput_before_rps", "req/s before", &RunResult::throughputBeforeRps},
        {"throughput_during_rps", "req/s during", &RunResult::throughputDuringRps},
        {"response_before_ms", "ms before", &RunResult::responseBeforeMs},
        {"response_during_ms", "ms during", &RunResult::responseDuringMs},
    };
    return figures;
}

void
StrategyComparison::Configure(const Case& c, uint32_t seed, MigrationScenario& s) const
{
    s.linkModel = m_linkModel;
    s.rngRun = seed;
    s.memoryMiB = m_memoryMiB;
    s.workload = c.workload;
    s.strategy = c.strategy;
    for (const auto& [workload, users] : LOADS)
    {
        if (workload == c.workload && users > 0)
        {
            s.users = users;
            s.rampUp = RAMP_UP_S;
            s.steady = OPEN_STEADY_S;
            s.rampDown = 0;
            s.migrateAt = RAMP_UP_S + BEFORE_S;
            s.runAfter = AFTER_S;
            s.endWithMigration = true;
        }
    }
}

std::string
StrategyComparison::Validate() const
{
    for (const Case& c : m_cases)
    {
        MigrationScenario s;
        Configure(c, 1, s);
        std::string why = s.Validate();
        if (!why.empty())
        {
            return c.workload + ", " + c.label + ": " + why;
        }
    }
    return "";
}

StrategyComparison::RunResult
StrategyComparison::RunOne(const Case& c, uint32_t seed) const
{
    // This run's process only: each run is a child of its own.
    for (const auto& [attribute, value] : c.attributes)
    {
        Config::SetDefault(attribute, StringValue(value));
    }
    MigrationScenario s;
    Configure(c, seed, s);
    // A strategy that does not converge (QEMU's plain pre-copy under a guest that writes
    // faster than the link) would go on to the scenario's 24-hour horizon: the run stops
    // MIGRATION_LIMIT_S after the request, as not completed.
    std::string why = s.Build();
    if (why.empty())
    {
        Simulator::Stop(s.GetMigrationTime() + Seconds(MIGRATION_LIMIT_S));
        why = s.Run();
    }
    bool completed = !s.GetRecords().empty() && s.GetRecords().front().completed;
    bool stopped = !s.GetRecords().empty() && !completed && s.GetRecords().front().failure.empty();
    if (!why.empty() && !stopped)
    {
        throw ToolError(c.workload + " " + c.label + " run " + std::to_string(seed) + ": " + why);
    }
    const MigrationRecord& m = s.GetRecords().front();
    RunResult r;
    r.completed = completed;
    if (completed)
    {
        r.downtimeS = m.GetDowntime().GetSeconds();
        r.totalS = m.GetTotalTime().GetSeconds();
    }
    r.mbSent = m.bytesSent / 1e6;
    r.rounds = m.rounds;
    r.pagesPulled = static_cast<double>(m.pagesPulled);
    r.faults = static_cast<double>(m.faults);
    r.faultStallS = m.faultStall.GetSeconds();
    const RequestLog& log = s.GetRequestLog();
    if (!log.GetRecords().empty())
    {
        ClientGap gap = completed ? log.FindClientGap(m.suspended, m.resumed) : ClientGap();
        if (gap.found)
        {
            r.clientDowntimeS = gap.GetLength().GetSeconds();
        }
        RequestSummary all = log.Summarize(m.start, s.GetEndTime() + Seconds(1));
        r.failed = static_cast<double>(all.requests - all.ok);
        RequestSummary before = log.Summarize(m.start - Seconds(BEFORE_S), m.start);
        RequestSummary during = log.Summarize(m.start, completed ? m.end : s.GetEndTime());
        r.throughputBeforeRps = before.throughputRps;
        r.throughputDuringRps = during.throughputRps;
        r.responseBeforeMs = before.meanResponseMs;
        r.responseDuringMs = during.meanResponseMs;
    }
    return r;
}

void
StrategyComparison::Execute(unsigned jobs)
{
    const std::vector<Figure>& figures = GetFigures();
    size_t runs = m_cases.size() * m_seeds;
    // The loaded runs first, so that the idle ones (seconds each) fill the cores at the end.
    std::vector<size_t> order(runs);
    std::iota(order.begin(), order.end(), 0);
    std::stable_partition(order.begin(), order.end(), [this](size_t i) {
        return m_cases[i / m_seeds].workload != "idle";
    });
    auto texts = ParallelRunner::Run(
        runs,
        jobs,
        [&](size_t i) {
            const Case& c = m_cases[i / m_seeds];
            uint32_t seed = static_cast<uint32_t>(i % m_seeds) + 1;
            RunResult r;
            try
            {
                r = RunOne(c, seed);
            }
            catch (const ToolError& e)
            {
                std::cerr << e.what() << std::endl;
                std::exit(1);
            }
            std::clog << c.workload << " " << c.label << " run " << seed << ": done" << std::endl;
            // %a: the parent reads back the very bits the child computed.
            std::string text;
            for (const Figure& f : figures)
            {
                char number[48];
                std::snprintf(number, sizeof(number), "%a ", r.*(f.field));
                text += number;
            }
            return text;
        },
        order);
    m_results.assign(m_cases.size(), std::vector<RunResult>(m_seeds));
    for (size_t i = 0; i < runs; ++i)
    {
        const Case& c = m_cases[i / m_seeds];
        if (!texts[i])
        {
            throw ToolError(c.workload + " " + c.label + " run " + std::to_string(i % m_seeds + 1) +
                            " failed");
        }
        std::istringstream in(*texts[i]);
        RunResult& r = m_results[i / m_seeds][i % m_seeds];
        for (const Figure& f : figures)
        {
            std::string word;
            in >> word;
            r.*(f.field) = std::strtod(word.c_str(), nullptr);
        }
    }
    m_estimates.clear();
    for (size_t c = 0; c < m_cases.size(); ++c)
    {
        m_estimates.emplace_back();
        for (const Figure& f : figures)
        {
            m_estimates.back().emplace_back(Values(c, f.field));
        }
    }
}

std::vector<double>
StrategyComparison::Values(size_t c, double RunResult::*field) const
{
    std::vector<double> values;
    for (const RunResult& r : m_results.at(c))
    {
        if (!std::isnan(r.*field))
        {
            values.push_back(r.*field);
        }
    }
    return values;
}

std::string
StrategyComparison::FormatRuns() const
{
    std::ostringstream csv;
    csv << "workload,strategy,run";
    for (const Figure& f : GetFigures())
    {
        csv << "," << f.column;
    }
    csv << "\n";
    for (size_t c = 0; c < m_cases.size(); ++c)
    {
        for (uint32_t seed = 0; seed < m_results.at(c).size(); ++seed)
        {
            csv << m_cases[c].workload << "," << m_cases[c].label << "," << seed + 1;
            for (const Figure& f : GetFigures())
            {
                csv << "," << Cell(m_results[c][seed].*(f.field));
            }
            csv << "\n";
        }
    }
    return csv.str();
}

std::string
StrategyComparison::FormatComparison() const
{
    std::ostringstream csv;
    csv << "workload,strategy,column,n,mean,sd,ci95_low,ci95_high\n";
    for (size_t c = 0; c < m_cases.size(); ++c)
    {
        for (size_t f = 0; f < GetFigures().size(); ++f)
        {
            const SampleStatistics& stats = m_estimates.at(c).at(f);
            double half = stats.GetHalfWidth(LEVEL);
            csv << m_cases[c].workload << "," << m_cases[c].label << "," << GetFigures()[f].column
                << "," << stats.GetCount() << "," << Cell(stats.GetMean()) << ","
                << Cell(stats.GetStandardDeviation()) << "," << Cell(stats.GetMean() - half) << ","
                << Cell(stats.GetMean() + half) << "\n";
        }
    }
    return csv.str();
}

std::string
StrategyComparison::FormatMarkdown() const
{
    std::ostringstream md;
    md << "# Strategies compared\n\n"
       << m_seeds << " runs (RngRun 1-" << m_seeds << ") of each strategy on a " << m_memoryMiB
       << " MiB VM of the paper's testbed, " << m_linkModel
       << " links: mean +- the half-width of its 95 % Student t interval.  The loaded runs "
          "migrate "
       << BEFORE_S << " s after a " << RAMP_UP_S << " s ramp-up and end " << AFTER_S
       << " s after the migration; before: the " << BEFORE_S
       << " s before the request; during: from the request to the release; failed: "
          "requests that failed from the request to the end.\n";
    std::string workload;
    for (size_t c = 0; c < m_cases.size(); ++c)
    {
        if (m_cases[c].workload != workload)
        {
            workload = m_cases[c].workload;
            md << "\n## " << workload << "\n\n| strategy |";
            std::string rule = "|---|";
            for (const Figure& f : GetFigures())
            {
                md << " " << f.title << " |";
                rule += "---|";
            }
            md << "\n" << rule << "\n";
        }
        md << "| " << m_cases[c].label << " |";
        for (const SampleStatistics& stats : m_estimates.at(c))
        {
            double half = stats.GetHalfWidth(LEVEL);
            int digits = std::fabs(stats.GetMean()) >= 100 ? 0 : 2;
            md << " "
               << (stats.GetCount() == 0
                       ? std::string("-")
                       : Fixed(stats.GetMean(), digits) +
                             (std::isnan(half) ? "" : " +- " + Fixed(half, digits)))
               << " |";
        }
        md << "\n";
    }
    return md.str();
}

void
StrategyComparison::Plot(const std::string& dir) const
{
    std::vector<std::string> labels;
    for (const Case& c : m_cases)
    {
        if (std::find(labels.begin(), labels.end(), c.label) == labels.end())
        {
            labels.push_back(c.label);
        }
    }
    for (const char* column : {"downtime_s", "total_s", "mb_sent", "client_downtime_s"})
    {
        size_t figure = 0;
        while (GetFigures().at(figure).column != column)
        {
            ++figure;
        }
        const std::string& title = GetFigures()[figure].title;
        bool any = false; // an idle VM alone has no client figures: no figure then
        for (size_t c = 0; c < m_cases.size(); ++c)
        {
            any = any || m_estimates.at(c)[figure].GetCount() > 0;
        }
        if (!any)
        {
            continue;
        }
        // One row per strategy: mean and half-width per load, "?" where it has none.
        std::ostringstream data;
        for (const std::string& label : labels)
        {
            data << GnuplotPrintable(label);
            for (const std::string& workload : m_loads)
            {
                double mean = NAN;
                double half = NAN;
                for (size_t c = 0; c < m_cases.size(); ++c)
                {
                    if (m_cases[c].workload == workload && m_cases[c].label == label)
                    {
                        const SampleStatistics& stats = m_estimates[c][figure];
                        mean = stats.GetMean();
                        half = stats.GetHalfWidth(LEVEL);
                    }
                }
                data << "\t" << Fixed(mean, 6) << "\t" << Fixed(std::isnan(half) ? 0 : half, 6);
            }
            data << "\n";
        }
        std::string name = std::string("strategies-") + column;
        AtomicFile::Write(dir + "/" + name + ".dat", data.str());
        std::ostringstream gp;
        gp << "if (!exists(\"outfile\")) outfile = '" << name << ".png'\n"
           << "set terminal pngcairo size 900,500\nset output outfile\n"
           << "set datafile separator '\\t'\nset datafile missing '?'\n"
           << "set style data histogram\nset style histogram errorbars gap 2 lw 1\n"
           << "set style fill solid 0.6 border -1\nset key top left\nset yrange [0:*]\n"
           << "set xtics rotate by -20\n"
           << "set ylabel " << GnuplotQuote(title) << "\n"
           << "set title " << GnuplotQuote(title + ", mean and 95 % interval") << "\n"
           << "plot";
        int col = 2;
        for (const std::string& workload : m_loads)
        {
            gp << (col == 2 ? " " : ", ") << "'" << name << ".dat' using " << col << ":" << col + 1
               << (col == 2 ? ":xtic(1)" : "") << " title " << GnuplotQuote(workload);
            col += 2;
        }
        gp << "\n";
        AtomicFile::Write(dir + "/" + name + ".gp", gp.str());
        GnuplotRenderer::Draw(dir, name);
    }
}

} // namespace ns3
