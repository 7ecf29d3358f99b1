/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_SUMMARY_H
#define PAPER_SUMMARY_H

#include "paper-reproduction.h"

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief The report of a paper reproduction: the headline figures beside the paper's and
 *        whether each of the paper's claims holds in the simulation.
 */
class PaperSummary
{
  public:
    /// One of the paper's claims, checked.
    struct Claim
    {
        std::string id;       //!< short name
        std::string text;     //!< the claim, as the paper makes it
        bool holds;           //!< whether the simulation bears it out
        std::string evidence; //!< the figures that decide it
    };

    /**
     * @param files per experiment, per file name, the CSV text (as
     *        PaperReproduction::Execute gathers them)
     */
    explicit PaperSummary(const std::map<std::string, PaperReproduction::ExperimentFiles>& files);

    /// @return every claim, checked
    const std::vector<Claim>& GetClaims() const;

    /**
     * @param lengths the sentence on the lengths used
     * @param wallSeconds how long the reproduction took
     * @return the text of summary.md
     */
    std::string FormatMarkdown(const std::string& lengths, double wallSeconds) const;

    /// @return the text of claims.csv: `claim,holds,evidence`
    std::string FormatClaims() const;

  private:
    /// A CSV file's rows, each a map from column name to cell.
    typedef std::vector<std::map<std::string, std::string>> Table;

    /**
     * @param experiment the experiment
     * @param file the file name
     * @return its rows (none if absent)
     */
    Table Read(const std::string& experiment, const std::string& file) const;

    /// @brief Experiment 1: the table and the downtime claims.
    void SummarizeExperiment1();
    /**
     * @brief Experiment 2: the table (the toolstack's downtime beside the clients' view
     *        of it, events.csv's client_downtime_s) and the total-time claims.
     */
    void SummarizeExperiment2();
    /// @brief Experiment 3: the stress table and the SLA claims.
    void SummarizeExperiment3();

    /// Response time and throughput of a window of a run's time series.
    struct Window
    {
        double throughput{0};      //!< requests per second
        double responseMs{NAN};    //!< mean response time, weighted by requests
        double peakMs{NAN};        //!< the largest per-second mean response time
        uint64_t slaViolations{0}; //!< requests slower than their SLA
        double requests{0};        //!< requests that ended in the window
        double throughputSe{NAN};  //!< standard error of the throughput (1 s batches)
        double responseSe{NAN};    //!< standard error of the mean response (1 s batches)
    };

    /// Run 1 of a case of experiments 4-6: its migration and its service around it.
    struct LoadedRun
    {
        bool found{false};          //!< whether the case ran
        double requested{NAN};      //!< migration requested (s)
        double streamStart{NAN};    //!< the stream's first round began (s)
        double suspended{NAN};      //!< VM paused (s)
        double resumed{NAN};        //!< VM running on the target (s)
        double clientDowntime{NAN}; //!< events.csv's client_downtime_s
        double totalTime{NAN};      //!< migrations.csv's total_s
        Window before;              //!< BASELINE_S before the request
        Window during;              //!< the live phase: the stream's start to the suspend
        Window after;               //!< the seconds after the resume
        Window down;                //!< the whole seconds of the downtime
    };

    /// An operation's responses in a window, against its SLA.
    struct SlaWindow
    {
        double p90Ms{NAN};   //!< 90th percentile of the ok responses
        double overSla{NAN}; //!< share of them slower than the SLA
    };

    /**
     * @param experiment exp4, exp5 or exp6
     * @param caseName the case
     * @return run 1 of the case
     */
    LoadedRun ReadLoadedRun(const std::string& experiment, const std::string& caseName) const;

    /**
     * @param experiment the experiment
     * @param caseName the case (run 1)
     * @param op the operation ("": every operation)
     * @param from window start (s)
     * @param to window end (s)
     * @param slaMs the SLA (ms)
     * @return the ok responses that ended in the window, against the SLA
     */
    SlaWindow ReadSlaWindow(const std::string& experiment,
                            const std::string& caseName,
                            const std::string& op,
                            double from,
                            double to,
                            double slaMs) const;

    /**
     * @brief Experiments 4, 5 and 6: response time and throughput around each migration,
     *        its downtime as the toolstack and as the clients saw it, the claims, and the
     *        ablation table when the ablation cases ran.
     * @param experiment exp4, exp5 or exp6
     * @param title its heading
     * @param slaOp the operation the SLA is checked on ("": every operation)
     * @param slaMs the workload's SLA (ms)
     */
    void SummarizeLoaded(const std::string& experiment,
                         const std::string& title,
                         const std::string& slaOp,
                         double slaMs);

    /**
     * @brief The claims about one case of experiments 4-6, with their magnitudes.
     * @param experiment the experiment
     * @param caseName the case
     * @param r its run 1
     * @param slaOp the operation the SLA is checked on ("": every operation)
     * @param slaMs the SLA (ms)
     */
    void ClaimLoaded(const std::string& experiment,
                     const std::string& caseName,
                     const LoadedRun& r,
                     const std::string& slaOp,
                     double slaMs);

    /**
     * @param experiment the experiment
     * @param cases its cases
     * @return the ablation table (markdown), or "" without ablation cases
     */
    std::string FormatAblation(const std::string& experiment,
                               const std::vector<std::string>& cases) const;

    /**
     * @brief Record a claim.
     * @param id short name
     * @param text the claim
     * @param holds whether it holds
     * @param evidence the deciding figures
     */
    void AddClaim(const std::string& id,
                  const std::string& text,
                  bool holds,
                  const std::string& evidence);

    std::map<std::string, PaperReproduction::ExperimentFiles> m_files; //!< the data
    std::vector<Claim> m_claims;                                       //!< the claims
    std::string m_sections;                                            //!< markdown so far
};

} // namespace ns3

#endif /* PAPER_SUMMARY_H */
