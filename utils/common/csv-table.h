/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CSV_TABLE_H
#define CSV_TABLE_H

#include <functional>
#include <string>
#include <vector>

/**
 * @file
 * @ingroup vm-migration-tools
 * Reading and writing the small CSV files of a sweep (RFC 4180 quoting).
 */

/**
 * @ingroup vm-migration-tools
 * @brief A CSV file held in memory: one header row and data rows of strings.
 *
 * The runs' outputs (migrations.csv, summary.csv) and the sweep's own files (runs.csv,
 * aggregate.csv) are small; reading them whole keeps the code simple.  A file too large to
 * hold as a table (requests.csv of long runs) is scanned a row at a time instead.  Fields
 * may be quoted ("a,b" and "say ""hi""") and lines may end in CRLF; blank lines are skipped.
 */
class CsvTable
{
  public:
    /// Receives the cells of a data row, those of the columns Scan was asked for, in order.
    typedef std::function<void(const std::vector<std::string>& cells)> RowVisitor;

    /**
     * @brief Read a CSV file.
     * @param path the file
     * @return the table; a file with no line at all gives an empty header
     * @throws ToolError naming the file and line if it cannot be read or a data row has more
     *         fields than the header (shorter rows are padded with empty fields)
     */
    static CsvTable Read(const std::string& path);

    /**
     * @brief Parse CSV text.
     * @param text the content
     * @param origin the name used in error messages (usually the path)
     * @return the table
     * @throws ToolError as Read()
     */
    static CsvTable Parse(const std::string& text, const std::string& origin);

    /**
     * @brief Parse CSV text a data row at a time, holding only that row's cells of the
     *        columns asked for.
     * @param text the content
     * @param origin the name used in error messages (usually the path)
     * @param columns the columns to pass on, by name
     * @param visit called for each data row, in order
     * @throws ToolError as Read(), or at the first data row naming a column the header
     *         lacks; the rows before the error have been visited
     */
    static void Scan(const std::string& text,
                     const std::string& origin,
                     const std::vector<std::string>& columns,
                     const RowVisitor& visit);

    /**
     * @brief Quote a field if it holds a comma, a quote, or a line break.
     * @param field the raw value
     * @return the field as it must appear in a CSV line
     */
    static std::string Escape(const std::string& field);

    /**
     * @brief Format one line (with its trailing newline).
     * @param fields the raw values
     * @return the CSV line
     */
    static std::string FormatRow(const std::vector<std::string>& fields);

    /**
     * @brief Find a column.
     * @param name the header name
     * @return its position, or -1 if the header lacks it
     */
    int FindColumn(const std::string& name) const;

    std::vector<std::string> header;            //!< the column names
    std::vector<std::vector<std::string>> rows; //!< the data rows, each as long as the header

  private:
    /// Receives a data row, as long as the header, with the header.
    typedef std::function<void(const std::vector<std::string>& header,
                               const std::vector<std::string>& row)>
        HeaderRowVisitor;

    /**
     * @brief The one parser of Parse and Scan.
     * @param text the content
     * @param origin the name used in error messages
     * @param visit called for each data row, in order
     * @return the header; a text with no line at all gives an empty one
     * @throws ToolError as Read()
     */
    static std::vector<std::string> ScanRows(const std::string& text,
                                             const std::string& origin,
                                             const HeaderRowVisitor& visit);
};

#endif /* CSV_TABLE_H */
