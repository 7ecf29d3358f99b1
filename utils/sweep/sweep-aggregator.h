/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_AGGREGATOR_H
#define SWEEP_AGGREGATOR_H

#include <string>

class SweepPlan;

/**
 * @file
 * @ingroup vm-migration-sweep
 * Statistics over the repetitions of each grid point.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief Writes aggregate.csv: per grid point and numeric column, n, mean, sd and 95% CI.
 *
 * The samples of a grid point are the data rows of migrations.csv of its complete runs (every
 * row is one sample: a run that migrates two VMs contributes two), and the single row of
 * summary.csv when a run has one; summary columns are named "summary.<column>" so they never
 * collide with migration columns.  Failed and missing runs contribute nothing; n says how many
 * samples there were.
 *
 * A column is numeric if every non-empty cell of it, in every run, is a number; empty cells,
 * "nan" and "inf" count as missing values, and a column with any other text (vm, strategy) is
 * skipped.  With n = 1 the sd and CI cells are empty (a single sample has no spread); with
 * n = 0 (the column exists, but not for this point) mean is empty too.
 *
 * Rows follow the plan's run order, then file (migrations, summary) and header order; numbers
 * are printed with %.9g; the samples are summed in run order.  The file is thus a pure
 * function of the complete runs' outputs: a resumed sweep gives the same bytes as an
 * uninterrupted one.
 */
class SweepAggregator
{
  public:
    /// Confidence level of the interval.
    static constexpr double LEVEL = 0.95;

    /**
     * @brief Construct for a plan.
     * @param plan the plan
     */
    explicit SweepAggregator(const SweepPlan& plan);

    /**
     * @brief Aggregate the complete runs; also rebuild runs.csv from the run folders unless a
     *        sweep of this plan is running (it owns runs.csv then).
     * @return 0 if at least one run was complete, 1 if there was nothing to aggregate
     * @throws ToolError if the plan has no results folder or a file is malformed
     */
    int Aggregate();

    /**
     * @brief Read a CSV cell as a number.
     * @param cell the text
     * @param value set to the number if there is one
     * @return 1 for a finite number, 0 for a missing value ("", nan, inf), -1 for text
     */
    static int ParseNumber(const std::string& cell, double& value);

    /**
     * @brief Print a number reproducibly (%.9g), or "" for NaN.
     * @param value the number
     * @return the text
     */
    static std::string FormatNumber(double value);

  private:
    const SweepPlan& m_plan; //!< the plan
};

#endif /* SWEEP_AGGREGATOR_H */
