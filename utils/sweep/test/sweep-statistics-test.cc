/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * @ingroup vm-migration-sweep
 * Unit test of SampleStatistics (and the aggregator's number handling) against values
 * computed by hand, and of CsvTable's row-by-row Scan against its whole-table Parse.
 */

#include "csv-table.h"
#include "sample-statistics.h"
#include "sweep-aggregator.h"
#include "tool-error.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace
{

int g_failures = 0; //!< number of failed checks

/**
 * @brief Check that two numbers agree to a relative tolerance.
 * @param what the quantity
 * @param actual the computed value
 * @param expected the hand-computed value
 */
void
CheckClose(const std::string& what, double actual, double expected)
{
    double tolerance = 1e-9 * std::max(1.0, std::fabs(expected));
    bool ok = std::fabs(actual - expected) <= tolerance;
    std::printf("%s %s: got %.12g, expected %.12g\n",
                ok ? "ok  " : "FAIL",
                what.c_str(),
                actual,
                expected);
    g_failures += ok ? 0 : 1;
}

/**
 * @brief Check a condition.
 * @param what the description
 * @param ok the condition
 */
void
Check(const std::string& what, bool ok)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    g_failures += ok ? 0 : 1;
}

} // namespace

int
main()
{
    // Sample 1, 2, 3, 4, 5, by hand:
    //   mean = 15 / 5 = 3
    //   squared deviations 4 + 1 + 0 + 1 + 4 = 10; variance = 10 / (5 - 1) = 2.5
    //   sd = sqrt(2.5) = 1.5811388300841898
    //   t(0.975, 4 degrees of freedom) = 2.7764451051977987 (tables: 2.776)
    //   half width = 2.7764451051977987 * 1.5811388300841898 / sqrt(5)
    //              = 2.7764451051977987 * sqrt(0.5) = 1.9632431614775607
    //   interval = [1.0367568385224393, 4.9632431614775605]
    SampleStatistics five({1, 2, 3, 4, 5});
    Check("n = 5", five.GetCount() == 5);
    CheckClose("mean of 1..5", five.GetMean(), 3.0);
    CheckClose("sd of 1..5", five.GetStandardDeviation(), 1.5811388300841898);
    CheckClose("CI half width of 1..5", five.GetHalfWidth(0.95), 1.9632431614775607);
    CheckClose("CI low of 1..5", five.GetMean() - five.GetHalfWidth(0.95), 1.0367568385224393);
    CheckClose("CI high of 1..5", five.GetMean() + five.GetHalfWidth(0.95), 4.9632431614775605);
    Check("printed mean is 3", SweepAggregator::FormatNumber(five.GetMean()) == "3");
    Check("printed sd is 1.58113883",
          SweepAggregator::FormatNumber(five.GetStandardDeviation()) == "1.58113883");

    // Sample 2, 4: mean 3, sd = sqrt(((2-3)^2 + (4-3)^2) / 1) = sqrt(2);
    // t(0.975, 1) = tan(pi * (0.975 - 0.5)) = 12.706204736174698 (Cauchy quantile);
    // half width = 12.7062047 * sqrt(2) / sqrt(2) = 12.706204736174698.
    SampleStatistics two({2, 4});
    CheckClose("sd of {2, 4}", two.GetStandardDeviation(), std::sqrt(2.0));
    CheckClose("CI half width of {2, 4}", two.GetHalfWidth(0.95), 12.706204736174698);

    // One sample: mean only; no spread, so sd and CI are undefined (printed empty).
    SampleStatistics one({7.5});
    CheckClose("mean of {7.5}", one.GetMean(), 7.5);
    Check("sd of one sample is NaN", std::isnan(one.GetStandardDeviation()));
    Check("CI of one sample is NaN", std::isnan(one.GetHalfWidth(0.95)));
    Check("NaN prints empty", SweepAggregator::FormatNumber(one.GetStandardDeviation()).empty());

    // Cell parsing: numbers, missing values, text.
    double v = 0;
    Check("'  2.5 ' is a number", SweepAggregator::ParseNumber("  2.5 ", v) == 1 && v == 2.5);
    Check("'1e3' is a number", SweepAggregator::ParseNumber("1e3", v) == 1 && v == 1000);
    Check("'' is missing", SweepAggregator::ParseNumber("", v) == 0);
    Check("'nan' is missing", SweepAggregator::ParseNumber("nan", v) == 0);
    Check("'pre-copy' is text", SweepAggregator::ParseNumber("pre-copy", v) == -1);
    Check("'12abc' is text", SweepAggregator::ParseNumber("12abc", v) == -1);

    // Scan passes on the cells Parse holds, of the columns asked for, in their order: a
    // quoted comma and quote, CRLF, a blank line and a short row (padded) read alike.
    const std::string csv = "a,b,c\r\n1,\"x,y\",3\n\n4,\"say \"\"hi\"\"\"\n";
    CsvTable table = CsvTable::Parse(csv, "test.csv");
    std::vector<std::vector<std::string>> scanned;
    CsvTable::Scan(csv, "test.csv", {"c", "b"}, [&scanned](const std::vector<std::string>& cells) {
        scanned.push_back(cells);
    });
    Check("Parse holds two rows", table.rows.size() == 2);
    Check("Scan visits them with the cells of c and b",
          table.rows.size() == 2 &&
              scanned ==
                  std::vector<std::vector<std::string>>{{table.rows[0][2], table.rows[0][1]},
                                                        {table.rows[1][2], table.rows[1][1]}} &&
              scanned[0][1] == "x,y" && scanned[1][0].empty() && scanned[1][1] == "say \"hi\"");
    auto scanError = [](const std::string& text, const std::vector<std::string>& columns) {
        try
        {
            CsvTable::Scan(text, "test.csv", columns, [](const std::vector<std::string>&) {});
        }
        catch (const ToolError& error)
        {
            return std::string(error.what());
        }
        return std::string();
    };
    Check("Scan names a column the header lacks",
          scanError(csv, {"b", "d"}) == "test.csv: no column 'd'");
    Check("Scan refuses a row longer than the header, as Parse",
          scanError("a\n1,2\n", {"a"}) == "test.csv:2: 2 fields, but the header has 1");

    std::printf("%s\n", g_failures == 0 ? "PASS" : "FAILED");
    return g_failures == 0 ? 0 : 1;
}
