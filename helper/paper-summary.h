/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_SUMMARY_H
#define PAPER_SUMMARY_H

#include "paper-reproduction.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The report of a paper reproduction: the headline figures beside PAPER.md's and
 *        whether each of PAPER.md's claims holds in the simulation.
 */
class PaperSummary
{
  public:
    /// One of PAPER.md's claims, checked.
    struct Claim
    {
        std::string id;       //!< short name
        std::string text;     //!< the claim, as PAPER.md makes it
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
    /// @brief Experiment 2: the table and the total-time claims.
    void SummarizeExperiment2();
    /// @brief Experiment 3: the stress table and the SLA claims.
    void SummarizeExperiment3();
    /**
     * @brief Experiments 4, 5 and 6: response time and throughput around each migration.
     * @param experiment exp4, exp5 or exp6
     * @param title its heading
     * @param slaMs the workload's SLA (ms)
     */
    void SummarizeLoaded(const std::string& experiment, const std::string& title, double slaMs);

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
