/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_RECORD_CODEC_H
#define MIGRATION_RECORD_CODEC_H

#include "ns3/migration-record.h"

#include <optional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Migration and round records as one line of text each, without loss (times in
 * the simulator's time steps), so that the processes of a distributed simulation can
 * hand theirs to the process that writes the outputs (PartitionExchange::Gather).
 *
 * Fields are separated by tabs; a tab, a line break or a backslash inside a text field
 * is escaped with a backslash.
 */
class MigrationRecordCodec
{
  public:
    /**
     * @param record a migration's record
     * @return it as one line (no line break)
     */
    static std::string Encode(const MigrationRecord& record);

    /**
     * @param round a round's record
     * @return it as one line (no line break)
     */
    static std::string Encode(const MigrationRoundRecord& round);

    /**
     * @param line a line Encode(const MigrationRecord&) wrote
     * @return the record, or nothing when @p line is not one
     */
    static std::optional<MigrationRecord> DecodeMigration(const std::string& line);

    /**
     * @param line a line Encode(const MigrationRoundRecord&) wrote
     * @return the round, or nothing when @p line is not one
     */
    static std::optional<MigrationRoundRecord> DecodeRound(const std::string& line);

    /**
     * @param fields text fields
     * @return them as one line, escaped, tab-separated
     */
    static std::string JoinFields(const std::vector<std::string>& fields);

    /**
     * @param line a line JoinFields wrote
     * @return its fields, unescaped
     */
    static std::vector<std::string> SplitFields(const std::string& line);
};

} // namespace ns3

#endif /* MIGRATION_RECORD_CODEC_H */
