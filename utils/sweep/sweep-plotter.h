/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_PLOTTER_H
#define SWEEP_PLOTTER_H

#include <map>
#include <string>

class SweepPlan;

/**
 * @file
 * @ingroup vm-migration-sweep
 * Plots of aggregate.csv through gnuplot.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief Draws one column of aggregate.csv (mean with 95% CI error bars) against a grid key.
 *
 * One line per value of the series key.  Every other grid key must be fixed, either because
 * it has one value or by a --where filter; otherwise points of different configurations would
 * be joined into one line, so that is an error naming the key.  A numeric x axis is sorted by
 * value; a textual one (strategy names) keeps the plan's order as categories.
 *
 * The data (.dat) and the gnuplot script (.gp) are kept beside the PNG so a figure can be
 * restyled by editing the script and running gnuplot on it again.
 */
class SweepPlotter
{
  public:
    /**
     * @brief Construct for a plan.
     * @param plan the plan
     */
    explicit SweepPlotter(const SweepPlan& plan);

    /**
     * @brief Draw the plot.
     * @param x the grid key on the x axis
     * @param y the aggregate column on the y axis
     * @param series the grid key that tells the lines apart, or "" for one line
     * @param where fixed values of other grid keys (key -> value)
     * @return the path of the PNG written
     * @throws ToolError naming the argument at fault, or if gnuplot fails
     */
    std::string Plot(const std::string& x,
                     const std::string& y,
                     const std::string& series,
                     const std::map<std::string, std::string>& where) const;

  private:
    const SweepPlan& m_plan; //!< the plan
};

#endif /* SWEEP_PLOTTER_H */
