/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_CSV_WRITER_H
#define MIGRATION_CSV_WRITER_H

#include "ns3/migration-record.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Formats migration, round and event records as CSV.
 *
 * Times are in seconds with microsecond resolution, so that the same run gives the
 * same bytes.  Writing the files is the caller's: OutputFolder replaces a run's files as
 * one set, so that a reader never sees half a file and a failed run leaves none.
 *
 * migrations.csv: vm,src,dst,strategy,memory_mib,start_s,end_s,total_s,downtime_s,
 * bytes_sent,pages_sent,rounds,status (completed, failed:<reason> or in-progress).
 * rounds.csv: vm,round,start_s,end_s,pages_sent,pages_dirtied.
 */
class MigrationCsvWriter
{
  public:
    /**
     * @param records migrations
     * @return the contents of migrations.csv
     */
    static std::string FormatMigrations(const std::vector<MigrationRecord>& records);

    /**
     * @param rounds rounds
     * @return the contents of rounds.csv
     */
    static std::string FormatRounds(const std::vector<MigrationRoundRecord>& rounds);

    /**
     * @brief The text of events.csv: `requested_s,suspended_s,resumed_s,released_s`, one
     *        row per migration (its window and its downtime, for plots).
     * @param records the migrations
     * @return the CSV text, header included
     */
    static std::string FormatEvents(const std::vector<MigrationRecord>& records);

    /**
     * @brief Create a directory (and its parents) and check that files can be made in it.
     * @param directory the directory
     * @return an empty string, or why it cannot be written
     */
    static std::string PrepareDirectory(const std::string& directory);
};

} // namespace ns3

#endif /* MIGRATION_CSV_WRITER_H */
