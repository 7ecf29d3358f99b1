/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mean-estimate.h"

#include <algorithm>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

namespace ns3
{

MeanEstimate
MeanEstimate::Of(std::vector<double> values)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    MeanEstimate e;
    e.n = values.size();
    if (e.n == 0)
    {
        return e;
    }
    e.mean = gsl_stats_mean(values.data(), 1, e.n);
    if (e.n > 1)
    {
        double half = gsl_cdf_tdist_Pinv(0.975, e.n - 1) * gsl_stats_sd(values.data(), 1, e.n) /
                      std::sqrt(static_cast<double>(e.n));
        e.low = e.mean - half;
        e.high = e.mean + half;
    }
    return e;
}

} // namespace ns3
