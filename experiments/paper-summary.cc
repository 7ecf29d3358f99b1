/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-summary.h"

#include "csv-table.h"
#include "mean-estimate.h"
#include "paper-figures.h"
#include "paper-reproduction.h"
#include "tool-error.h"

#include "ns3/migration-monitor-columns.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gsl/gsl_statistics_double.h>
#include <sstream>

namespace ns3
{

namespace
{

using Columns = MigrationMonitorColumns; //!< the column names of the run's files

/// Seconds after the resume in which a response-time peak counts as "right after".
constexpr double PEAK_WINDOW_S = 10;
/// Seconds before the migration request that make the "before" baseline (the default
/// and quick runs have 10 s of steady state before it).
constexpr double BASELINE_S = 10;
/// Multiples of its standard error within which a change counts as noise.
constexpr double NOISE_SE = 2;

/// @return @p value formatted with printf's @p format
std::string
Format(const char* format, double value)
{
    char text[64];
    std::snprintf(text, sizeof(text), format, value);
    return text;
}

/// @return the cell as a number; NaN when empty or not a number
double
Number(const std::map<std::string, std::string>& row, const std::string& column)
{
    auto it = row.find(column);
    if (it == row.end() || it->second.empty())
    {
        return NAN;
    }
    char* end = nullptr;
    double value = std::strtod(it->second.c_str(), &end);
    return end == it->second.c_str() ? NAN : value;
}

/// @return "mean ± half-width" (or the mean alone from one run)
std::string
FormatEstimate(const MeanEstimate& e)
{
    return e.n > 1 ? Format("%.2f", e.mean) + " ± " + Format("%.2f", e.high - e.mean)
                   : Format("%.2f", e.mean);
}

/// What summary.md says about the client-view downtime, once per table that shows it.
const char* const CLIENT_VIEW_NOTE =
    "Client-view downtime: the longest interval between two successful responses that "
    "overlaps the toolstack's downtime (suspend to resume), from events.csv; \"none\": no "
    "successful response after the resume.";

/**
 * @param seconds a client-view downtime (NaN: the run had no successful response after
 *        the resume, or no clients)
 * @return it with two decimals, or "none"
 */
std::string
FormatClientDowntime(double seconds)
{
    return std::isnan(seconds) ? "none" : Format("%.2f", seconds);
}

/// @return "+x.x %" relative to @p reference
std::string
Deviation(double value, double reference)
{
    return Format("%+.1f %%", 100 * (value / reference - 1));
}

/// @return the standard error of the mean of @p values (NaN with fewer than two)
double
StandardError(const std::vector<double>& values)
{
    MeanEstimate e = MeanEstimate::Of(values);
    if (e.n < 2)
    {
        return NAN;
    }
    double sum = 0;
    for (double v : values)
    {
        sum += std::isnan(v) ? 0 : (v - e.mean) * (v - e.mean);
    }
    return std::sqrt(sum / (e.n - 1) / e.n);
}

/**
 * @return whether the change @p delta is at least NOISE_SE standard errors of the two
 *         windows' difference (true when the errors are unknown)
 */
bool
BeyondNoise(double delta, double seBefore, double seDuring)
{
    double noise = NOISE_SE * std::hypot(seBefore, seDuring);
    return std::isnan(noise) || std::abs(delta) >= noise;
}

/**
 * @return " (within run-to-run noise, ±x)" when the change @p delta is smaller than
 *         NOISE_SE standard errors of the two windows' difference, else ""
 */
std::string
NoiseNote(double delta, double seBefore, double seDuring, const char* format)
{
    if (BeyondNoise(delta, seBefore, seDuring))
    {
        return "";
    }
    double noise = NOISE_SE * std::hypot(seBefore, seDuring);
    return std::string(" (within run-to-run noise, ±") + Format(format, noise) + ")";
}

/// @return "+x.x %" change from @p before to @p after
std::string
Change(double before, double after)
{
    return Format("%+.1f %%", 100 * (after / before - 1));
}

} // namespace

PaperSummary::PaperSummary(const std::map<std::string, PaperReproduction::ExperimentFiles>& files)
    : m_files(files)
{
    SummarizeExperiment1();
    SummarizeExperiment2();
    SummarizeExperiment3();
    SummarizeLoaded("exp4", "Experiment 4: pre-copy under SampleWeb (300 users)", "home", 250);
    SummarizeLoaded("exp5", "Experiment 5: both strategies under ab", "", 250);
    SummarizeLoaded("exp6", "Experiment 6: pre-copy under Olio (150 users)", "", 1000);
}

PaperSummary::Table
PaperSummary::Read(const std::string& experiment, const std::string& file) const
{
    Table table;
    auto e = m_files.find(experiment);
    if (e == m_files.end() || !e->second.count(file))
    {
        return table;
    }
    ::CsvTable csv;
    try
    {
        csv = ::CsvTable::Parse(e->second.at(file), experiment + "/" + file);
    }
    catch (const ToolError&)
    {
        return table; // a file the runs did not write whole: its claims are not evaluated
    }
    for (const std::vector<std::string>& cells : csv.rows)
    {
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < csv.header.size(); ++i)
        {
            row[csv.header[i]] = cells[i];
        }
        table.push_back(row);
    }
    return table;
}

void
PaperSummary::AddClaim(const std::string& id,
                       const std::string& text,
                       bool holds,
                       const std::string& evidence)
{
    m_claims.push_back({id, text, holds, evidence});
}

void
PaperSummary::SummarizeExperiment1()
{
    Table rows = Read("exp1", "migrations.csv");
    std::ostringstream md;
    md << "## Experiment 1: idle VMs, memory size\n\n"
       << "| strategy | MiB | downtime s (paper) | total s (paper) |\n|---|---|---|---|\n";
    std::map<double, std::map<std::string, double>> downtime;
    for (const auto& figure : PaperFigures::Experiment1())
    {
        for (const auto& row : rows)
        {
            if (row.at(Columns::STRATEGY) == figure.strategy &&
                Number(row, Columns::MEMORY_MIB) == figure.memoryMiB)
            {
                double d = Number(row, Columns::DOWNTIME_S);
                double t = Number(row, Columns::TOTAL_S);
                downtime[figure.memoryMiB][figure.strategy] = d;
                md << "| " << figure.strategy << " | " << figure.memoryMiB << " | "
                   << Format("%.2f", d) << " (" << figure.downtime << ", "
                   << Deviation(d, figure.downtime) << ") | " << Format("%.2f", t) << " ("
                   << figure.totalTime << ", " << Deviation(t, figure.totalTime) << ") |\n";
            }
        }
    }
    m_sections += md.str() + "\n";

    bool ratio = !downtime.empty();
    bool grows = downtime.size() >= 2;
    std::ostringstream evidence;
    double previous = -1;
    double pcMin = INFINITY;
    double pcMax = 0;
    for (auto& [memory, d] : downtime)
    {
        double sc = d["stop-and-copy"];
        double pc = d["pre-copy"];
        ratio = ratio && sc >= 5 * pc;
        grows = grows && sc > previous;
        previous = sc;
        pcMin = std::min(pcMin, pc);
        pcMax = std::max(pcMax, pc);
        evidence << memory << " MiB: " << Format("%.2f", sc) << " s vs " << Format("%.2f", pc)
                 << " s; ";
    }
    // "Does not grow": the same within 10 % over a fourfold range of sizes.
    bool flat = pcMax <= 1.1 * pcMin;
    AddClaim("downtime-ratio",
             "Stop-and-copy downtime is at least 5x pre-copy's (experiment 1)",
             ratio,
             evidence.str());
    AddClaim("downtime-growth",
             "Stop-and-copy downtime grows with memory size; pre-copy's does not",
             grows && flat,
             "stop-and-copy increasing: " + std::string(grows ? "yes" : "no") + "; pre-copy from " +
                 Format("%.2f", pcMin) + " to " + Format("%.2f", pcMax) + " s");
}

void
PaperSummary::SummarizeExperiment2()
{
    Table rows = Read("exp2", "migrations.csv");
    std::ostringstream md;
    md << "## Experiment 2: workload type (256 MiB)\n\n"
       << "Mean ± 95 % confidence half-width over the runs.  " << CLIENT_VIEW_NOTE << "\n\n"
       << "| workload | strategy | downtime s | paper | client-view downtime s | total s | "
          "paper |\n"
       << "|---|---|---|---|---|---|---|\n";
    Table events = Read("exp2", "events.csv");
    std::map<std::string, std::map<std::string, MeanEstimate>> total;
    std::map<std::string, std::map<std::string, MeanEstimate>> down;
    for (const auto& figure : PaperFigures::Experiment2())
    {
        std::vector<double> d;
        std::vector<double> t;
        std::vector<double> client;
        for (const auto& row : rows)
        {
            if (row.at(PaperReproduction::CASE_COLUMN) == figure.workload + "/" + figure.strategy)
            {
                d.push_back(Number(row, Columns::DOWNTIME_S));
                t.push_back(Number(row, Columns::TOTAL_S));
            }
        }
        for (const auto& row : events)
        {
            if (row.at(PaperReproduction::CASE_COLUMN) == figure.workload + "/" + figure.strategy)
            {
                client.push_back(Number(row, Columns::CLIENT_DOWNTIME_S));
            }
        }
        down[figure.workload][figure.strategy] = MeanEstimate::Of(d);
        total[figure.workload][figure.strategy] = MeanEstimate::Of(t);
        // A run without a successful response after the resume has no value: the mean is
        // over the others, and the cell says so rather than hide it.
        MeanEstimate c = MeanEstimate::Of(client);
        std::string clientCell = c.n == 0 ? "none" : FormatEstimate(c);
        if (c.n > 0 && c.n < client.size())
        {
            clientCell +=
                " (" + std::to_string(c.n) + " of " + std::to_string(client.size()) + " runs)";
        }
        md << "| " << figure.workload << " | " << figure.strategy << " | "
           << FormatEstimate(MeanEstimate::Of(d)) << " | " << figure.downtime << " | " << clientCell
           << " | " << FormatEstimate(MeanEstimate::Of(t)) << " | " << figure.totalTime << " ("
           << Deviation(MeanEstimate::Of(t).mean, figure.totalTime) << ") |\n";
    }
    m_sections += md.str() + "\n";

    bool above = !total.empty();
    bool ratio = !down.empty();
    std::ostringstream evidence;
    std::ostringstream ratios;
    for (auto& [workload, t] : total)
    {
        double sc = down[workload]["stop-and-copy"].mean;
        double pc = down[workload]["pre-copy"].mean;
        above = above && t["pre-copy"].mean > t["stop-and-copy"].mean;
        ratio = ratio && sc >= 5 * pc;
        evidence << workload << ": " << Format("%.2f", t["pre-copy"].mean) << " vs "
                 << Format("%.2f", t["stop-and-copy"].mean) << " s; ";
        ratios << workload << ": " << Format("%.2f", sc) << " s vs " << Format("%.2f", pc)
               << " s; ";
    }
    AddClaim("pre-copy-longer",
             "Pre-copy's total migration time is above stop-and-copy's for every workload",
             above,
             evidence.str());
    AddClaim("downtime-ratio-loaded",
             "Stop-and-copy downtime is at least 5x pre-copy's under every workload",
             ratio,
             ratios.str());
    double netperf = total["netperf"]["pre-copy"].mean;
    double sampleweb = total["sampleweb"]["pre-copy"].mean;
    double olio = total["olio"]["pre-copy"].mean;
    AddClaim("pre-copy-order",
             "Pre-copy's total time grows with how much the workload writes memory: "
             "netperf < SampleWeb < Olio",
             netperf < sampleweb && sampleweb < olio,
             Format("%.2f", netperf) + " < " + Format("%.2f", sampleweb) + " < " +
                 Format("%.2f", olio) + " s");
}

void
PaperSummary::SummarizeExperiment3()
{
    Table rows = Read("exp3", "summary.csv");
    Table operations = Read("exp3", "operations.csv");
    std::map<double, std::vector<double>> homeP90;
    std::map<double, std::vector<double>> failed;
    std::map<double, std::vector<double>> requests;
    std::map<double, std::vector<double>> throughput;
    std::map<double, std::vector<double>> meanMs;
    for (const auto& row : operations)
    {
        if (row.at(Columns::OP) == "home")
        {
            homeP90[std::stod(row.at(PaperReproduction::CASE_COLUMN).substr(6))].push_back(
                Number(row, Columns::P90_RESPONSE_MS));
        }
    }
    for (const auto& row : rows)
    {
        double users = std::stod(row.at(PaperReproduction::CASE_COLUMN).substr(6));
        failed[users].push_back(Number(row, Columns::TIMEOUT) + Number(row, Columns::RESET) +
                                Number(row, Columns::REFUSED));
        requests[users].push_back(Number(row, Columns::REQUESTS));
        throughput[users].push_back(Number(row, Columns::THROUGHPUT_RPS));
        meanMs[users].push_back(Number(row, Columns::MEAN_RESPONSE_MS));
    }
    std::ostringstream md;
    md << "## Experiment 3: stress test (SampleWeb, no migration)\n\n"
       << "| users | requests/s | mean response ms | home p90 ms (SLA 250) | failed requests (%) "
          "|\n"
       << "|---|---|---|---|---|\n";
    double slaHoldsUpTo = 0;
    bool broken = false;
    double firstFailure = NAN;
    double failuresAtFirst = NAN;
    double failuresAtMost = NAN; // at the largest population
    for (auto& [users, p90] : homeP90)
    {
        double p = MeanEstimate::Of(p90).mean;
        double f = MeanEstimate::Of(failed[users]).mean;
        md << "| " << users << " | " << Format("%.1f", MeanEstimate::Of(throughput[users]).mean)
           << " | " << Format("%.1f", MeanEstimate::Of(meanMs[users]).mean) << " | "
           << Format("%.1f", p) << " | " << Format("%.1f", f) << " ("
           << Format("%.2f", 100 * f / MeanEstimate::Of(requests[users]).mean) << ") |\n";
        broken = broken || !(p <= 250);
        slaHoldsUpTo = broken ? slaHoldsUpTo : users;
        if (f > 0 && std::isnan(firstFailure))
        {
            firstFailure = users;
            failuresAtFirst = f;
        }
        failuresAtMost = f;
    }
    m_sections += md.str() + "\n";
    double p90At900 = homeP90.count(900) ? MeanEstimate::Of(homeP90[900]).mean : NAN;
    double p90At1000 = homeP90.count(1000) ? MeanEstimate::Of(homeP90[1000]).mean : NAN;
    AddClaim("sla-900",
             "The SampleWeb SLA (home page p90 <= 250 ms) holds up to 900 users, and 900 is "
             "the maximum: at 1,000 users it is broken",
             slaHoldsUpTo >= 900 && p90At1000 > 250,
             "holds up to " + Format("%.0f", slaHoldsUpTo) + " users; home p90 " +
                 Format("%.1f", p90At900) + " ms at 900 and " + Format("%.1f", p90At1000) +
                 " ms at 1000 users");
    double meanFirst = NAN;
    double meanLast = NAN;
    bool rises = true;
    double previous = -INFINITY;
    for (auto& [users, ms] : meanMs)
    {
        double m = MeanEstimate::Of(ms).mean;
        meanFirst = std::isnan(meanFirst) ? m : meanFirst;
        meanLast = m;
        rises = rises && m >= previous;
        previous = m;
    }
    AddClaim("response-rises",
             "The response time rises with the users",
             meanMs.size() >= 2 && rises && meanLast > meanFirst,
             "mean response " + Format("%.1f", meanFirst) + " ms at " +
                 Format("%.0f", meanMs.empty() ? NAN : meanMs.begin()->first) + " users, " +
                 Format("%.1f", meanLast) + " ms at " +
                 Format("%.0f", meanMs.empty() ? NAN : meanMs.rbegin()->first) + " users" +
                 (rises ? "" : " (not monotone)"));
    AddClaim("failures-300",
             "From 300 users on, some requests fail, more as users grow",
             firstFailure == 300 && failuresAtMost > failuresAtFirst,
             std::isnan(firstFailure)
                 ? "no request failed"
                 : "first failures at " + Format("%.0f", firstFailure) + " users (" +
                       Format("%.0f", failuresAtFirst) + "), " + Format("%.0f", failuresAtMost) +
                       " at " + Format("%.0f", homeP90.rbegin()->first) + " users");
}

PaperSummary::SlaWindow
PaperSummary::ReadSlaWindow(const std::string& experiment,
                            const std::string& caseName,
                            const std::string& op,
                            double from,
                            double to,
                            double slaMs) const
{
    // requests.csv is large (millions of rows at the paper's lengths): its rows are
    // scanned one at a time rather than held as a table.
    SlaWindow result;
    auto e = m_files.find(experiment);
    if (e == m_files.end() || !e->second.count("requests.csv"))
    {
        return result;
    }

    enum // the cells Scan passes on, in the order asked for
    {
        RUN,
        CASE,
        END,
        OP,
        STATUS,
        RESPONSE
    };

    std::vector<double> ms;
    auto keep = [&](const std::vector<std::string>& cells) {
        if (cells[RUN] != "1" || cells[CASE] != caseName || cells[STATUS] != "ok" ||
            (!op.empty() && cells[OP] != op))
        {
            return;
        }
        double t = std::strtod(cells[END].c_str(), nullptr);
        if (t >= from && t < to)
        {
            ms.push_back(std::strtod(cells[RESPONSE].c_str(), nullptr));
        }
    };
    try
    {
        ::CsvTable::Scan(e->second.at("requests.csv"),
                         experiment + "/requests.csv",
                         {PaperReproduction::RUN_COLUMN,
                          PaperReproduction::CASE_COLUMN,
                          Columns::T_END_S,
                          Columns::OP,
                          Columns::STATUS,
                          Columns::RESPONSE_MS},
                         keep);
    }
    catch (const ToolError&)
    {
        return result; // a file the runs did not write whole: its claims are not evaluated
    }
    if (ms.empty())
    {
        return result;
    }
    std::sort(ms.begin(), ms.end());
    result.p90Ms = gsl_stats_quantile_from_sorted_data(ms.data(), 1, ms.size(), 0.9);
    result.overSla =
        double(ms.end() - std::upper_bound(ms.begin(), ms.end(), slaMs)) / double(ms.size());
    return result;
}

PaperSummary::LoadedRun
PaperSummary::ReadLoadedRun(const std::string& experiment, const std::string& caseName) const
{
    LoadedRun r;
    for (const auto& event : Read(experiment, "events.csv"))
    {
        if (event.at(PaperReproduction::RUN_COLUMN) == "1" &&
            event.at(PaperReproduction::CASE_COLUMN) == caseName)
        {
            r.found = true;
            r.requested = Number(event, Columns::REQUESTED_S);
            r.suspended = Number(event, Columns::SUSPENDED_S);
            r.resumed = Number(event, Columns::RESUMED_S);
            r.clientDowntime = Number(event, Columns::CLIENT_DOWNTIME_S);
        }
    }
    for (const auto& m : Read(experiment, "migrations.csv"))
    {
        if (m.at(PaperReproduction::RUN_COLUMN) == "1" &&
            m.at(PaperReproduction::CASE_COLUMN) == caseName)
        {
            r.totalTime = Number(m, Columns::TOTAL_S);
        }
    }
    // The live phase starts with the stream (round 1), after the target's preparation,
    // in which nothing of the migration touches the service.
    r.streamStart = r.suspended;
    for (const auto& round : Read(experiment, "rounds.csv"))
    {
        if (round.at(PaperReproduction::RUN_COLUMN) == "1" &&
            round.at(PaperReproduction::CASE_COLUMN) == caseName && round.at(Columns::ROUND) == "1")
        {
            r.streamStart = Number(round, Columns::START_S);
        }
    }
    Table series = Read(experiment, "timeseries.csv");
    auto window = [&](double from, double to) {
        Window w;
        double weighted = 0;
        double seconds = 0;
        std::vector<double> perSecondX;
        std::vector<double> perSecondMs;
        for (const auto& row : series)
        {
            double t = Number(row, Columns::T_S);
            if (row.at(PaperReproduction::RUN_COLUMN) != "1" ||
                row.at(PaperReproduction::CASE_COLUMN) != caseName || t < from || t + 1 > to)
            {
                continue;
            }
            double n = Number(row, Columns::THROUGHPUT_RPS);
            double ms = Number(row, Columns::MEAN_RESPONSE_MS);
            seconds += 1;
            w.requests += n;
            perSecondX.push_back(n);
            if (n > 0)
            {
                weighted += n * ms;
                perSecondMs.push_back(ms);
                w.peakMs = std::isnan(w.peakMs) ? ms : std::max(w.peakMs, ms);
            }
            w.slaViolations += static_cast<uint64_t>(Number(row, Columns::SLA_VIOLATIONS));
        }
        w.throughput = seconds > 0 ? w.requests / seconds : NAN;
        w.responseMs = w.requests > 0 ? weighted / w.requests : NAN;
        w.throughputSe = StandardError(perSecondX);
        w.responseSe = StandardError(perSecondMs);
        return w;
    };
    r.before = window(std::max(0.0, r.requested - BASELINE_S), r.requested);
    r.during = window(r.streamStart, r.suspended);
    // From the second the VM resumes in: the requests the downtime held are often
    // answered within it.
    r.after = window(std::floor(r.resumed), r.resumed + PEAK_WINDOW_S);
    r.down = window(std::ceil(r.suspended), std::floor(r.resumed));
    return r;
}

void
PaperSummary::SummarizeLoaded(const std::string& experiment,
                              const std::string& title,
                              const std::string& slaOp,
                              double slaMs)
{
    std::vector<std::string> cases;
    for (const auto& event : Read(experiment, "events.csv"))
    {
        if (event.at(PaperReproduction::RUN_COLUMN) == "1")
        {
            cases.push_back(event.at(PaperReproduction::CASE_COLUMN));
        }
    }
    std::ostringstream md;
    md << "## " << title << "\n\n"
       << "Run 1 of each case.  Before: the " << BASELINE_S
       << " s before the migration request; during: the live phase, from the stream's start "
          "(after the target's preparation) to the suspend; after: the "
       << PEAK_WINDOW_S << " s after the resume (peak: the worst second).  " << CLIENT_VIEW_NOTE
       << "\n\n"
       << "| case | downtime s | client-view downtime s | total s | before: req/s, ms | "
          "during: req/s, ms, SLA violations | after: peak ms | throughput in the downtime |\n"
       << "|---|---|---|---|---|---|---|---|\n";
    for (const std::string& caseName : cases)
    {
        if (caseName.rfind("ablation-", 0) == 0)
        {
            continue; // in the ablation table below
        }
        LoadedRun r = ReadLoadedRun(experiment, caseName);
        double downtime = r.resumed - r.suspended;
        md << "| " << caseName << " | " << Format("%.2f", downtime) << " | "
           << FormatClientDowntime(r.clientDowntime) << " | " << Format("%.2f", r.totalTime)
           << " | " << Format("%.1f", r.before.throughput) << ", "
           << Format("%.1f", r.before.responseMs) << " | "
           << (r.streamStart < r.suspended ? Format("%.1f", r.during.throughput) + ", " +
                                                 Format("%.1f", r.during.responseMs) + ", " +
                                                 std::to_string(r.during.slaViolations)
                                           : std::string("-- (no live phase)"))
           << " | " << Format("%.1f", r.after.peakMs) << " | " << Format("%.1f", r.down.throughput)
           << " |\n";
        ClaimLoaded(experiment, caseName, r, slaOp, slaMs);
    }
    m_sections += md.str() + "\n" + FormatAblation(experiment, cases);
}

void
PaperSummary::ClaimLoaded(const std::string& experiment,
                          const std::string& caseName,
                          const LoadedRun& r,
                          const std::string& slaOp,
                          double slaMs)
{
    double downtime = r.resumed - r.suspended;
    std::string clientView = std::isnan(r.clientDowntime)
                                 ? "none (no successful response after the resume)"
                                 : Format("%.2f", r.clientDowntime) + " s";
    std::string label = experiment + " " + caseName;
    if (caseName == "pre-copy")
    {
        double dMs = r.during.responseMs - r.before.responseMs;
        AddClaim(label + ": response rises during pre-copy",
                 "During pre-copy the mean response time is above the steady state's",
                 // a change within the noise is no evidence either way
                 dMs > 0 && BeyondNoise(dMs, r.before.responseSe, r.during.responseSe),
                 Format("%.1f", r.before.responseMs) + " -> " +
                     Format("%.1f", r.during.responseMs) + " ms (" + Format("%+.1f", dMs) +
                     " ms, x" + Format("%.2f", r.during.responseMs / r.before.responseMs) + ")" +
                     NoiseNote(dMs, r.before.responseSe, r.during.responseSe, "%.1f ms"));
        double dX = r.during.throughput - r.before.throughput;
        AddClaim(label + ": throughput falls during pre-copy",
                 "During pre-copy throughput is below the steady state's",
                 dX < 0 && BeyondNoise(dX, r.before.throughputSe, r.during.throughputSe),
                 Format("%.1f", r.before.throughput) + " -> " +
                     Format("%.1f", r.during.throughput) + " req/s (" +
                     Change(r.before.throughput, r.during.throughput) + ")" +
                     NoiseNote(dX, r.before.throughputSe, r.during.throughputSe, "%.1f req/s"));
        if (!slaOp.empty() || experiment == "exp6")
        {
            // Faban's SLA is a 90th percentile: broken when more than 10 % of the
            // operation's requests are slower than its limit.
            SlaWindow before = ReadSlaWindow(experiment,
                                             caseName,
                                             slaOp,
                                             r.requested - BASELINE_S,
                                             r.requested,
                                             slaMs);
            SlaWindow during =
                ReadSlaWindow(experiment, caseName, slaOp, r.streamStart, r.suspended, slaMs);
            std::string what = slaOp.empty() ? "every operation's" : slaOp + "'s";
            AddClaim(label + ": SLA broken during pre-copy",
                     "During pre-copy the SLA is broken (90th percentile over " +
                         Format("%.0f", slaMs) + " ms)",
                     during.p90Ms > slaMs,
                     what + " p90 " + Format("%.1f", before.p90Ms) + " ms before, " +
                         Format("%.1f", during.p90Ms) + " ms during (" +
                         Format("%.1f", 100 * during.overSla) + " % of its requests over " +
                         Format("%.0f", slaMs) + " ms)");
        }
    }
    else if (caseName == "stop-and-copy")
    {
        AddClaim(label + ": no service in the downtime",
                 "Stop-and-copy makes the service unavailable for the whole transfer "
                 "(throughput zero)",
                 r.down.throughput == 0,
                 Format("%.2f", r.down.throughput) + " req/s over " +
                     Format("%.0f", std::floor(r.resumed) - std::ceil(r.suspended)) +
                     " s; client-view downtime " + clientView + " (toolstack " +
                     Format("%.2f", downtime) + " s)");
    }
    AddClaim(label + ": peak after resume",
             "Right after resume there is a response-time peak",
             r.after.peakMs > 2 * r.before.responseMs,
             "peak " + Format("%.1f", r.after.peakMs) + " ms vs " +
                 Format("%.1f", r.before.responseMs) + " ms before (x" +
                 Format("%.1f", r.after.peakMs / r.before.responseMs) + "); client-view downtime " +
                 clientView);
    if (experiment == "exp6")
    {
        AddClaim(label + ": downtime of seconds",
                 "Pre-copy's downtime under Olio load is seconds, not milliseconds",
                 downtime >= 1,
                 Format("%.2f", downtime) + " s (client-view " + clientView + ")");
    }
}

std::string
PaperSummary::FormatAblation(const std::string& experiment,
                             const std::vector<std::string>& cases) const
{
    static const std::vector<std::pair<std::string, std::string>> levels = {
        {"ablation-network", "network only (queues, TCP buffers)"},
        {"ablation-dom0-cpu", "+ dom0's per-page CPU"},
        {"ablation-netback", "+ netback"},
        {"pre-copy", "+ log-dirty faults (the whole model)"},
    };
    if (std::find(cases.begin(), cases.end(), levels.front().first) == cases.end())
    {
        return "";
    }
    std::ostringstream md;
    md << "### What causes what: pre-copy with Xen's I/O-path costs added one at a time\n\n"
       << "Changes are from the " << BASELINE_S
       << " s before the migration request to the live phase (the stream's start to the "
          "suspend); a change smaller than "
       << NOISE_SE
       << " standard errors of the per-second values (seconds taken as independent "
          "batches) is marked as noise.\n\n"
       << "| I/O-path costs | total s | downtime s | client-view downtime s | throughput "
          "during (change) | mean response during ms (change) |\n"
       << "|---|---|---|---|---|---|\n";
    for (const auto& [caseName, label] : levels)
    {
        if (std::find(cases.begin(), cases.end(), caseName) == cases.end())
        {
            continue;
        }
        LoadedRun r = ReadLoadedRun(experiment, caseName);
        double dX = r.during.throughput - r.before.throughput;
        double dMs = r.during.responseMs - r.before.responseMs;
        md << "| " << label << " | " << Format("%.2f", r.totalTime) << " | "
           << Format("%.2f", r.resumed - r.suspended) << " | "
           << FormatClientDowntime(r.clientDowntime) << " | " << Format("%.1f", r.during.throughput)
           << " req/s (" << Change(r.before.throughput, r.during.throughput)
           << NoiseNote(dX, r.before.throughputSe, r.during.throughputSe, "%.1f req/s") << ") | "
           << Format("%.1f", r.during.responseMs) << " (" << Format("%+.1f", dMs) << " ms"
           << NoiseNote(dMs, r.before.responseSe, r.during.responseSe, "%.1f ms") << ") |\n";
    }
    return md.str() + "\n";
}

const std::vector<PaperSummary::Claim>&
PaperSummary::GetClaims() const
{
    return m_claims;
}

std::string
PaperSummary::FormatMarkdown(const std::string& lengths, double wallSeconds) const
{
    std::ostringstream md;
    size_t holding =
        std::count_if(m_claims.begin(), m_claims.end(), [](const Claim& c) { return c.holds; });
    md << "# Reproduction of Magalhães, Soares, Gomes: VM migration in a virtualized "
          "environment\n\n"
       << lengths << "  Wall time: " << Format("%.0f", wallSeconds) << " s.\n\n"
       << "Calibrated to: experiment 1 (toolstack phases, populated memory), experiment 2's "
          "pre-copy totals (the workloads' background write rates) and the paper's load level "
          "(SampleWeb's CPU per request and cycle time: about 3,000 requests/s at 300 users "
          "on host1, 3,105 on host2).  Apache's and Linux's limits are their defaults, and "
          "Xen's I/O-path costs come from published measurements or are stated assumptions "
          "(doc/vm-migration.rst).  Experiments 4, 5 and 6 are predictions.\n\n"
       << m_sections << "## The paper's claims\n\n"
       << holding << " of " << m_claims.size() << " hold.\n\n"
       << "| claim | holds | evidence |\n|---|---|---|\n";
    for (const Claim& c : m_claims)
    {
        md << "| " << c.id << ": " << c.text << " | " << (c.holds ? "yes" : "**no**") << " | "
           << c.evidence << " |\n";
    }
    return md.str();
}

std::string
PaperSummary::FormatClaims() const
{
    std::string csv = "claim,holds,evidence\n";
    for (const Claim& c : m_claims)
    {
        std::string evidence = c.evidence;
        std::replace(evidence.begin(), evidence.end(), ',', ';');
        csv += c.id + "," + (c.holds ? "yes" : "no") + "," + evidence + "\n";
    }
    return csv;
}

} // namespace ns3
