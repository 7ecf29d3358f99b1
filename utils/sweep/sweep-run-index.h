/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_RUN_INDEX_H
#define SWEEP_RUN_INDEX_H

#include <cstddef>
#include <map>
#include <optional>
#include <string>

class SweepPlan;
class SweepLayout;

/**
 * @file
 * @ingroup vm-migration-sweep
 * The index of finished runs (runs.csv) and the per-run records behind it.
 */

/**
 * @ingroup vm-migration-sweep
 * @brief What is known about one finished run.
 */
struct SweepRunRecord
{
    std::size_t index{0};  //!< the run index
    std::string status;    //!< "ok", "failed" or "timeout"
    double wallSeconds{0}; //!< wall-clock time from start to exit, rounded to milliseconds
    int exitCode{0};       //!< the exit status, or minus the signal number that killed it
    std::string dir;       //!< the run's folder, relative to OUT/<hash>
};

/**
 * @ingroup vm-migration-sweep
 * @brief The finished runs of a plan, read back from the run folders and written as runs.csv.
 *
 * Every run folder records its own outcome (the marker of a complete run, the failure record
 * of a failed one), so runs.csv can always be rebuilt from the folders: after a killed sweep,
 * or after SLURM tasks that each ran one index and wrote no shared file.
 */
class SweepRunIndex
{
  public:
    /**
     * @brief Construct an empty index.
     * @param plan the plan
     * @param layout its folders
     */
    SweepRunIndex(const SweepPlan& plan, const SweepLayout& layout);

    /**
     * @brief Read the record of one run from its folders.
     * @param index the run index
     * @return the record of a complete or failed run; nothing for a run never finished
     */
    std::optional<SweepRunRecord> ReadRun(std::size_t index) const;

    /// Replace the index by the records of all run folders.
    void Scan();

    /**
     * @brief Record (or replace) a finished run.
     * @param record the record
     */
    void Set(const SweepRunRecord& record);

    /**
     * @brief Forget a run (it is about to be redone).
     * @param index the run index
     */
    void Erase(std::size_t index);

    /// @return the records, by run index
    const std::map<std::size_t, SweepRunRecord>& GetRecords() const;

    /**
     * @brief Write runs.csv atomically.
     * @throws ToolError if it cannot be written
     */
    void Write() const;

    /**
     * @brief The JSON written in a run's marker or failure record.
     * @param record the record
     * @return the JSON text
     */
    static std::string FormatRecord(const SweepRunRecord& record);

  private:
    /**
     * @brief Parse a marker or failure record.
     * @param path the file
     * @param index the run index
     * @param dir the run folder relative to OUT/<hash>
     * @return the record, or nothing if the file is unreadable
     */
    std::optional<SweepRunRecord> ParseRecord(const std::string& path,
                                              std::size_t index,
                                              const std::string& dir) const;

    const SweepPlan& m_plan;                         //!< the plan
    const SweepLayout& m_layout;                     //!< its folders
    std::map<std::size_t, SweepRunRecord> m_records; //!< finished runs
};

#endif /* SWEEP_RUN_INDEX_H */
