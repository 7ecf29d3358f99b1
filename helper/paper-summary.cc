/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-summary.h"

#include "mean-estimate.h"
#include "paper-figures.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <gsl/gsl_cdf.h>
#include <sstream>

namespace ns3
{

namespace
{

/// Seconds after the resume in which a response-time peak counts as "right after".
constexpr double PEAK_WINDOW_S = 10;
/// Seconds before the migration request that make the "before" baseline (the shorter
/// runs have 30 s of steady state before it).
constexpr double BASELINE_S = 30;

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

/// @return "+x.x %" relative to @p reference
std::string
Deviation(double value, double reference)
{
    return Format("%+.1f %%", 100 * (value / reference - 1));
}

/// Response time and throughput of a window of a time series.
struct Window
{
    double throughput{0};      //!< requests per second
    double responseMs{NAN};    //!< mean response time, weighted by requests
    double peakMs{NAN};        //!< the largest per-second mean response time
    uint64_t slaViolations{0}; //!< requests slower than their SLA
};

} // namespace

PaperSummary::PaperSummary(const std::map<std::string, PaperReproduction::ExperimentFiles>& files)
    : m_files(files)
{
    SummarizeExperiment1();
    SummarizeExperiment2();
    SummarizeExperiment3();
    SummarizeLoaded("exp4", "Experiment 4: pre-copy under SampleWeb (300 users)", 250);
    SummarizeLoaded("exp5", "Experiment 5: both strategies under ab", 250);
    SummarizeLoaded("exp6", "Experiment 6: pre-copy under Olio (150 users)", 1000);
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
    std::istringstream lines(e->second.at(file));
    std::string line;
    std::vector<std::string> header;
    auto split = [](const std::string& text) {
        std::vector<std::string> cells;
        std::istringstream in(text);
        std::string cell;
        while (std::getline(in, cell, ','))
        {
            cells.push_back(cell);
        }
        if (!text.empty() && text.back() == ',')
        {
            cells.emplace_back();
        }
        return cells;
    };
    std::getline(lines, line);
    header = split(line);
    while (std::getline(lines, line))
    {
        std::vector<std::string> cells = split(line);
        std::map<std::string, std::string> row;
        for (size_t i = 0; i < header.size() && i < cells.size(); ++i)
        {
            row[header[i]] = cells[i];
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
            if (row.at("strategy") == figure.strategy &&
                Number(row, "memory_mib") == figure.memoryMiB)
            {
                double d = Number(row, "downtime_s");
                double t = Number(row, "total_s");
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
       << "Mean ± 95 % confidence half-width over the runs.\n\n"
       << "| workload | strategy | downtime s | paper | total s | paper |\n"
       << "|---|---|---|---|---|---|\n";
    std::map<std::string, std::map<std::string, MeanEstimate>> total;
    std::map<std::string, std::map<std::string, MeanEstimate>> down;
    for (const auto& figure : PaperFigures::Experiment2())
    {
        std::vector<double> d;
        std::vector<double> t;
        for (const auto& row : rows)
        {
            if (row.at("case") == figure.workload + "/" + figure.strategy)
            {
                d.push_back(Number(row, "downtime_s"));
                t.push_back(Number(row, "total_s"));
            }
        }
        down[figure.workload][figure.strategy] = MeanEstimate::Of(d);
        total[figure.workload][figure.strategy] = MeanEstimate::Of(t);
        md << "| " << figure.workload << " | " << figure.strategy << " | "
           << FormatEstimate(MeanEstimate::Of(d)) << " | " << figure.downtime << " | "
           << FormatEstimate(MeanEstimate::Of(t)) << " | " << figure.totalTime << " ("
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
    for (const auto& row : operations)
    {
        if (row.at("op") == "home")
        {
            homeP90[std::stod(row.at("case").substr(6))].push_back(Number(row, "p90_response_ms"));
        }
    }
    for (const auto& row : rows)
    {
        double users = std::stod(row.at("case").substr(6));
        failed[users].push_back(Number(row, "timeout") + Number(row, "reset") +
                                Number(row, "refused"));
        requests[users].push_back(Number(row, "requests"));
        throughput[users].push_back(Number(row, "throughput_rps"));
    }
    std::ostringstream md;
    md << "## Experiment 3: stress test (SampleWeb, no migration)\n\n"
       << "| users | requests/s | home p90 ms (SLA 250) | failed requests (%) |\n"
       << "|---|---|---|---|\n";
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
           << " | " << Format("%.1f", p) << " | " << Format("%.1f", f) << " ("
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
    AddClaim("sla-900",
             "The SampleWeb SLA (home page p90 <= 250 ms) holds up to 900 users",
             slaHoldsUpTo >= 900,
             "holds up to " + Format("%.0f", slaHoldsUpTo) + " users");
    AddClaim("failures-300",
             "From 300 users on, some requests fail, more as users grow",
             firstFailure == 300 && failuresAtMost > failuresAtFirst,
             std::isnan(firstFailure)
                 ? "no request failed"
                 : "first failures at " + Format("%.0f", firstFailure) + " users (" +
                       Format("%.0f", failuresAtFirst) + "), " + Format("%.0f", failuresAtMost) +
                       " at " + Format("%.0f", homeP90.rbegin()->first) + " users");
}

void
PaperSummary::SummarizeLoaded(const std::string& experiment, const std::string& title, double slaMs)
{
    Table events = Read(experiment, "events.csv");
    Table series = Read(experiment, "timeseries.csv");
    Table migrations = Read(experiment, "migrations.csv");
    std::ostringstream md;
    md << "## " << title << "\n\n"
       << "Run 1 of each case.  Before: the " << BASELINE_S
       << " s before the migration request; during: from the request to the suspend; after: "
       << "the " << PEAK_WINDOW_S << " s after the resume (peak: the worst second).\n\n"
       << "| case | downtime s | total s | before: req/s, ms | during: req/s, ms, SLA "
          "violations | after: peak ms | throughput in the downtime |\n"
       << "|---|---|---|---|---|---|---|\n";
    for (const auto& event : events)
    {
        if (event.at("run") != "1")
        {
            continue;
        }
        std::string caseName = event.at("case");
        double requested = Number(event, "requested_s");
        double suspended = Number(event, "suspended_s");
        double resumed = Number(event, "resumed_s");
        auto window = [&](double from, double to) {
            Window w;
            double requests = 0;
            double weighted = 0;
            double seconds = 0;
            for (const auto& row : series)
            {
                double t = Number(row, "t_s");
                if (row.at("run") != "1" || row.at("case") != caseName || t < from || t + 1 > to)
                {
                    continue;
                }
                double n = Number(row, "throughput_rps");
                double ms = Number(row, "mean_response_ms");
                seconds += 1;
                requests += n;
                if (n > 0)
                {
                    weighted += n * ms;
                    w.peakMs = std::isnan(w.peakMs) ? ms : std::max(w.peakMs, ms);
                }
                w.slaViolations += static_cast<uint64_t>(Number(row, "sla_violations"));
            }
            w.throughput = seconds > 0 ? requests / seconds : NAN;
            w.responseMs = requests > 0 ? weighted / requests : NAN;
            return w;
        };
        Window before = window(std::max(0.0, requested - BASELINE_S), requested);
        Window during = window(requested, suspended);
        Window after = window(resumed, resumed + PEAK_WINDOW_S);
        Window down = window(std::ceil(suspended), std::floor(resumed));
        double downtime = resumed - suspended;
        double totalTime = NAN;
        for (const auto& m : migrations)
        {
            if (m.at("run") == "1" && m.at("case") == caseName)
            {
                totalTime = Number(m, "total_s");
            }
        }
        md << "| " << caseName << " | " << Format("%.2f", downtime) << " | "
           << Format("%.2f", totalTime) << " | " << Format("%.1f", before.throughput) << ", "
           << Format("%.1f", before.responseMs) << " | " << Format("%.1f", during.throughput)
           << ", " << Format("%.1f", during.responseMs) << ", " << during.slaViolations << " | "
           << Format("%.1f", after.peakMs) << " | " << Format("%.1f", down.throughput) << " |\n";

        std::string label = experiment + " " + caseName;
        if (caseName == "pre-copy")
        {
            AddClaim(label + ": response rises during pre-copy",
                     "During pre-copy the mean response time is above the steady state's",
                     during.responseMs > before.responseMs,
                     Format("%.1f", before.responseMs) + " -> " +
                         Format("%.1f", during.responseMs) + " ms");
            AddClaim(label + ": throughput falls during pre-copy",
                     "During pre-copy throughput is below the steady state's",
                     during.throughput < before.throughput,
                     Format("%.1f", before.throughput) + " -> " +
                         Format("%.1f", during.throughput) + " req/s");
            if (experiment != "exp5")
            {
                AddClaim(label + ": SLA broken during pre-copy",
                         "During pre-copy the SLA is broken (" + Format("%.0f", slaMs) + " ms)",
                         during.slaViolations > 0,
                         std::to_string(during.slaViolations) + " requests over the SLA");
            }
        }
        else
        {
            AddClaim(label + ": no service in the downtime",
                     "Stop-and-copy makes the service unavailable for the whole transfer "
                     "(throughput zero)",
                     down.throughput == 0,
                     Format("%.2f", down.throughput) + " req/s over " +
                         Format("%.0f", std::floor(resumed) - std::ceil(suspended)) + " s");
        }
        AddClaim(label + ": peak after resume",
                 "Right after resume there is a response-time peak",
                 after.peakMs > 2 * before.responseMs,
                 "peak " + Format("%.1f", after.peakMs) + " ms vs " +
                     Format("%.1f", before.responseMs) + " ms before");
        if (experiment == "exp6")
        {
            AddClaim(label + ": downtime of seconds",
                     "Pre-copy's downtime under Olio load is seconds, not milliseconds",
                     downtime >= 1,
                     Format("%.2f", downtime) + " s");
        }
    }
    m_sections += md.str() + "\n";
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
          "pre-copy totals (the workloads' background write rates) and experiment 3's failures "
          "(the web server's worker limit); the hosts' CPUs and dom0's per-page costs are "
          "assumptions.  Experiments 4, 5 and 6 are predictions.\n\n"
       << m_sections << "## PAPER.md's claims\n\n"
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
