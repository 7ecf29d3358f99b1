/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SAMPLE_STATISTICS_H
#define SAMPLE_STATISTICS_H

#include <cstddef>
#include <vector>

/**
 * @file
 * @ingroup vm-migration-tools
 * Mean, standard deviation and Student t confidence interval of a sample.
 */

/**
 * @ingroup vm-migration-tools
 * @brief Summary statistics of a small sample (the repetitions of one grid point).
 *
 * The repetitions of a simulation are independent draws (different RngRun), few in number,
 * with unknown variance: the confidence interval of the mean is therefore Student's t
 * interval, mean +- t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n), with the sample standard
 * deviation (n - 1 in the denominator).  The arithmetic is GSL's.
 */
class SampleStatistics
{
  public:
    /**
     * @brief Compute the statistics of a sample.
     * @param samples the values, in a fixed order (the result then is bit-for-bit the same)
     */
    explicit SampleStatistics(const std::vector<double>& samples);

    /// @return the number of values
    std::size_t GetCount() const;

    /// @return the mean (NaN if there are no values)
    double GetMean() const;

    /// @return the sample standard deviation (NaN if fewer than 2 values)
    double GetStandardDeviation() const;

    /**
     * @brief Half the width of the confidence interval of the mean.
     * @param level the confidence level, e.g. 0.95
     * @return t(1 - (1 - level) / 2, n - 1) * sd / sqrt(n) (NaN if fewer than 2 values)
     */
    double GetHalfWidth(double level) const;

  private:
    std::size_t m_count; //!< number of values
    double m_mean;       //!< the mean
    double m_sd;         //!< the sample standard deviation
};

#endif /* SAMPLE_STATISTICS_H */
