/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sample-statistics.h"

#include <cmath>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <limits>

SampleStatistics::SampleStatistics(const std::vector<double>& samples)
    : m_count(samples.size()),
      m_mean(std::numeric_limits<double>::quiet_NaN()),
      m_sd(std::numeric_limits<double>::quiet_NaN())
{
    if (m_count >= 1)
    {
        m_mean = gsl_stats_mean(samples.data(), 1, m_count);
    }
    if (m_count >= 2)
    {
        m_sd = gsl_stats_sd_m(samples.data(), 1, m_count, m_mean);
    }
}

std::size_t
SampleStatistics::GetCount() const
{
    return m_count;
}

double
SampleStatistics::GetMean() const
{
    return m_mean;
}

double
SampleStatistics::GetStandardDeviation() const
{
    return m_sd;
}

double
SampleStatistics::GetHalfWidth(double level) const
{
    if (m_count < 2)
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, static_cast<double>(m_count - 1));
    return t * m_sd / std::sqrt(static_cast<double>(m_count));
}
