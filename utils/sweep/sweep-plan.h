/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_PLAN_H
#define SWEEP_PLAN_H

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

/**
 * @file
 * @ingroup vm-migration-sweep
 * The sweep plan: parsing, validation, and expansion of the grid into runs.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief A validated sweep plan and the list of runs it stands for.
 *
 * A plan is a JSON object with exactly these keys:
 * - "program" (string, required): a bare name, looked up beside the sweep binary and then on
 *   PATH, or a path with a slash, relative to the plan file's folder or absolute;
 * - "args" (object, optional): fixed arguments, each a string, number or boolean;
 * - "grid" (object, required, not empty): for each key, a non-empty list of distinct scalar
 *   values, or a range {"from": a, "to": b, "step": s} including b;
 * - "repetitions" (integer >= 1, required): each grid point runs with RngRun = 1..repetitions;
 * - "out" (string, required): the results folder, relative to the current working folder.
 *
 * Keys are handled in sorted order (nlohmann::json keeps objects sorted): the command line is
 * the args then the grid values, each alphabetically, then --RngRun and --out.  Runs are
 * numbered 0..N-1 with the last grid key varying fastest and the repetition innermost, so
 * run index = point * repetitions + (RngRun - 1); that index is the SLURM array index.
 *
 * The plan's identity is the FNV-1a 64-bit hash of its canonical JSON (nlohmann's compact
 * dump of the parsed plan: sorted keys, no spaces), so reformatting a plan keeps its results
 * and any change of content starts a fresh results folder.
 */
class SweepPlan
{
  public:
    /// The default limit on the runs of a plan (--max-runs): beyond it a typo is more likely
    /// than intent (a range with a tiny step), and the run list would not fit a SLURM array.
    static constexpr std::size_t DEFAULT_MAX_RUNS = 1000000;

    /// The highest run limit that --max-runs accepts: each run gets a folder, and the runner
    /// keeps lists of runs and grid values in memory, which take gigabytes at 10^8 runs.
    static constexpr std::size_t HIGHEST_MAX_RUNS = 100000000;

    /// The largest plan file read (1 MiB): hand-written plans have a few hundred bytes, and
    /// long lists can be written as ranges.  Without a bound, /dev/zero would never end.
    static constexpr std::size_t MAX_PLAN_BYTES = 1 << 20;

    /**
     * @brief Read, parse and validate a plan file.
     * @param path the plan file: a regular file of at most MAX_PLAN_BYTES
     * @param maxRuns the most runs the plan may expand to
     * @return the plan
     * @throws ToolError naming the file and the key or line at fault
     */
    static SweepPlan Load(const std::string& path, std::size_t maxRuns = DEFAULT_MAX_RUNS);

    /**
     * @brief Parse and validate plan text.
     * @param text the JSON text
     * @param origin the name used in error messages and whose folder anchors a relative
     *        program path
     * @param maxRuns the most runs the plan may expand to
     * @return the plan
     * @throws ToolError naming @p origin and the key or line at fault
     */
    static SweepPlan Parse(const std::string& text,
                           const std::string& origin,
                           std::size_t maxRuns = DEFAULT_MAX_RUNS);

    /// @return the plan file path as given
    const std::string& GetOrigin() const;

    /// @return the "program" entry as written in the plan
    const std::string& GetProgram() const;

    /**
     * @brief Find the program to run.
     *
     * A bare name is looked up beside the sweep binary (the folder of /proc/self/exe), where
     * the build puts the scenario programs, and then on PATH; a path with a slash is taken
     * relative to the plan file's folder (so a plan and its program can move together).
     * @return the absolute path of an executable regular file
     * @throws ToolError naming the plan and the places searched
     */
    std::string ResolveProgram() const;

    /// @return the grid keys, sorted
    const std::vector<std::string>& GetGridKeys() const;

    /// @return the number of grid points (product of the value counts)
    std::size_t GetPointCount() const;

    /**
     * @brief The values of one grid point, as they appear on the command line.
     * @param point the point index, 0..GetPointCount()-1
     * @return one value per grid key, in GetGridKeys() order
     */
    std::vector<std::string> GetPointValues(std::size_t point) const;

    /// @return the number of repetitions per grid point
    uint32_t GetRepetitions() const;

    /// @return the number of runs (points times repetitions)
    std::size_t GetRunCount() const;

    /**
     * @brief The grid point of a run.
     * @param index the run index
     * @return the point index
     */
    std::size_t GetRunPoint(std::size_t index) const;

    /**
     * @brief The RngRun of a run.
     * @param index the run index
     * @return 1..GetRepetitions()
     */
    uint32_t GetRunRngRun(std::size_t index) const;

    /**
     * @brief The folder name of a run: <index>-<key=value>...-rep<k>.
     *
     * The index is zero-padded (at least 4 digits) so folders sort in run order; characters
     * other than letters, digits and ._+-= become '_' (the index keeps names unique).
     * @param index the run index
     * @return the name (no path)
     */
    std::string GetRunName(std::size_t index) const;

    /**
     * @brief The command line of a run (argv, program first).
     * @param index the run index
     * @param program the resolved program path
     * @param outDir the folder passed as --out
     * @return PROGRAM --arg=value... --grid=value... --RngRun=k --out=OUTDIR
     */
    std::vector<std::string> GetRunArguments(std::size_t index,
                                             const std::string& program,
                                             const std::string& outDir) const;

    /// @return the fixed arguments, sorted by key, values formatted for the command line
    const std::vector<std::pair<std::string, std::string>>& GetArgs() const;

    /// @return the canonical JSON of the plan (compact, sorted keys)
    std::string GetCanonicalJson() const;

    /// @return the parsed plan
    const nlohmann::json& GetJson() const;

    /// @return 16 hexadecimal digits identifying the plan's content
    std::string GetHash() const;

    /// @return the "out" entry as written (relative to the current folder unless absolute)
    const std::string& GetOut() const;

    /// @return the run limit the plan was read with (--max-runs)
    std::size_t GetMaxRuns() const;

    /**
     * @brief Format a JSON scalar for the command line.
     *
     * Strings as is, booleans as true/false, integers in decimal, other numbers with the
     * fewest digits that read back to the same double (64.0 gives "64", 0.1 gives "0.1").
     * @param value a string, number or boolean
     * @return the text
     */
    static std::string FormatValue(const nlohmann::json& value);

  private:
    SweepPlan() = default;

    /**
     * @brief Parse JSON text, refusing duplicate keys.
     * @param text the JSON text
     * @return the parsed value
     * @throws ToolError naming the line and column at fault
     */
    nlohmann::json ParseJson(const std::string& text) const;

    /**
     * @brief Check the number of runs against m_maxRuns and set m_pointCount.
     * @throws ToolError naming the limit and --max-runs
     */
    void CountRuns();

    /**
     * @brief Expand one grid entry (list or range) into command-line values.
     * @param key the grid key
     * @param entry its JSON value
     * @return the values, in plan order
     * @throws ToolError naming the key
     */
    std::vector<std::string> ExpandGridEntry(const std::string& key,
                                             const nlohmann::json& entry) const;

    /**
     * @brief Expand a range {"from", "to", "step"} into command-line values.
     * @param where "grid.<key>", for messages
     * @param entry the range, its keys checked to be numbers
     * @return the values, from "from" towards "to"
     * @throws ToolError if the range is empty or has more than m_maxRuns values
     */
    std::vector<std::string> ExpandRange(const std::string& where,
                                         const nlohmann::json& entry) const;

    /**
     * @brief Expand a range of integers, exactly, in 64-bit arithmetic that cannot overflow.
     * @param where "grid.<key>", for messages
     * @param entry the range; "from", "to" and "step" are integers
     * @return the values
     * @throws ToolError if a bound is not a 64-bit signed integer, or as ExpandRange()
     */
    std::vector<std::string> ExpandIntegerRange(const std::string& where,
                                                const nlohmann::json& entry) const;

    /**
     * @brief Expand a range with a decimal bound or step (values rounded to 12 digits).
     * @param where "grid.<key>", for messages
     * @param entry the range
     * @return the values
     * @throws ToolError as ExpandRange()
     */
    std::vector<std::string> ExpandDecimalRange(const std::string& where,
                                                const nlohmann::json& entry) const;

    /// @return the message for a plan above m_maxRuns runs
    std::string DescribeRunLimit() const;

    /**
     * @brief Throw a ToolError prefixed with the plan file name.
     * @param message the rest of the message
     */
    [[noreturn]] void Fail(const std::string& message) const;

    std::string m_origin;                                    //!< the plan file
    nlohmann::json m_json;                                   //!< the parsed plan
    std::string m_program;                                   //!< "program" as written
    std::string m_out;                                       //!< "out" as written
    uint32_t m_repetitions{1};                               //!< "repetitions"
    std::vector<std::pair<std::string, std::string>> m_args; //!< fixed arguments
    std::vector<std::string> m_gridKeys;                     //!< grid keys, sorted
    std::vector<std::vector<std::string>> m_gridValues;      //!< values per grid key
    std::size_t m_pointCount{0};                             //!< product of value counts
    std::size_t m_maxRuns{DEFAULT_MAX_RUNS};                 //!< the most runs allowed
};

#endif /* SWEEP_PLAN_H */
