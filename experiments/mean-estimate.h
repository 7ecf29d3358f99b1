/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MEAN_ESTIMATE_H
#define MEAN_ESTIMATE_H

#include <cmath>
#include <cstddef>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration-experiments
 * @brief A sample mean with its 95 % Student t confidence interval, as the paper reports
 *        its means over runs: SampleStatistics (the programs' one estimate) over the values
 *        that are not missing.
 */
struct MeanEstimate
{
    /// Confidence level of the interval: the paper's 95 %.
    static constexpr double LEVEL = 0.95;

    double mean{NAN}; //!< the mean (NaN: no value)
    double low{NAN};  //!< lower end of the interval (NaN: fewer than two values)
    double high{NAN}; //!< upper end of the interval (NaN: fewer than two values)
    size_t n{0};      //!< values used

    /**
     * @brief Estimate the mean of @p values.
     * @param values the values; NaN ones (missing) are left out
     * @return the estimate
     */
    static MeanEstimate Of(std::vector<double> values);
};

} // namespace ns3

#endif /* MEAN_ESTIMATE_H */
