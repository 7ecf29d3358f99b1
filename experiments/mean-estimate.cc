/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "mean-estimate.h"

#include "sample-statistics.h"

#include <algorithm>

namespace ns3
{

MeanEstimate
MeanEstimate::Of(std::vector<double> values)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    SampleStatistics statistics(values);
    MeanEstimate e;
    e.n = statistics.GetCount();
    e.mean = statistics.GetMean();
    double half = statistics.GetHalfWidth(LEVEL);
    e.low = e.mean - half;
    e.high = e.mean + half;
    return e;
}

} // namespace ns3
