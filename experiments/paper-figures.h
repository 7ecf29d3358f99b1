/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_FIGURES_H
#define PAPER_FIGURES_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief The figures measured on the paper's testbed that the model is
 *        calibrated to or compared with.
 */
class PaperFigures
{
  public:
    /// One experiment-1 measurement: an idle VM migrated with one strategy.
    struct IdleMigration
    {
        double memoryMiB;     //!< VM memory
        std::string strategy; //!< stop-and-copy | pre-copy
        double downtime;      //!< measured downtime (s)
        double totalTime;     //!< measured total migration time (s)
    };

    /// @return experiment 1: idle VMs of 256, 512, 1024 MB, both strategies
    static const std::vector<IdleMigration>& Experiment1();

    /// One experiment-2 measurement: a 256 MB VM under a workload, mean of 10 runs.
    struct LoadedMigration
    {
        std::string workload; //!< netperf | sampleweb | olio
        std::string strategy; //!< stop-and-copy | pre-copy
        double downtime;      //!< measured downtime (s)
        double totalTime;     //!< measured total migration time (s)
    };

    /// @return experiment 2: each workload, both strategies
    static const std::vector<LoadedMigration>& Experiment2();
};

} // namespace ns3

#endif /* PAPER_FIGURES_H */
