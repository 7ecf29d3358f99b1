/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_PLAN_H
#define MIGRATION_PLAN_H

#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A list of migrations to run: which VM goes to which host, and from when.
 *
 * A plan is data.  MigrationPlanner's policies make one (evacuate a host, consolidate,
 * swap two hosts' VMs), or it is read from a file:
 *
 * - CSV: a header `vm,target,at_s`, then one line per migration, e.g. `web1,host3,10`
 *   (the names are the machines' and VMs' names, which have no commas or quotes);
 * - JSON: `{"migrations": [{"vm": "web1", "target": "host3", "at_s": 10}, ...]}`.
 *
 * `at_s` is the earliest time the migration may start, in seconds; MigrationPlanRunner
 * starts it then, or later when its limit on concurrent migrations holds it back.
 */
class MigrationPlan
{
  public:
    /// One migration of the plan.
    struct Entry
    {
        std::string vm;     //!< the VM's name
        std::string target; //!< the host it goes to
        Time at;            //!< earliest start
    };

    /**
     * @brief Add a migration.
     * @param vm the VM's name
     * @param target the target host's name
     * @param at earliest start
     */
    void Add(const std::string& vm, const std::string& target, Time at);

    /// @return the migrations, in the order they were added
    const std::vector<Entry>& GetEntries() const;

    /**
     * @brief Read a plan from a file, CSV or JSON by its name's ending (.csv, .json).
     * @param path the file
     * @param [out] plan the plan read
     * @return "" on success, else a message naming the file and the line or entry at fault
     */
    static std::string Read(const std::string& path, MigrationPlan& plan);

    /**
     * @brief Read a plan from CSV text.
     * @param text the text
     * @param origin its name, for messages
     * @param [out] plan the plan read
     * @return "" on success, else a message naming @p origin and the line at fault
     */
    static std::string ParseCsv(const std::string& text,
                                const std::string& origin,
                                MigrationPlan& plan);

    /**
     * @brief Read a plan from JSON text.
     * @param text the text
     * @param origin its name, for messages
     * @param [out] plan the plan read
     * @return "" on success, else a message naming @p origin and the entry at fault
     */
    static std::string ParseJson(const std::string& text,
                                 const std::string& origin,
                                 MigrationPlan& plan);

    /// @return the plan as CSV, in the form ParseCsv reads
    std::string FormatCsv() const;

  private:
    /**
     * @brief Add an entry read from a file, after checking its fields.
     * @param vm the VM's name
     * @param target the target's name
     * @param atSeconds earliest start (s)
     * @return "" or what is wrong with the entry
     */
    std::string AddChecked(const std::string& vm, const std::string& target, double atSeconds);

    std::vector<Entry> m_entries; //!< the migrations
};

} // namespace ns3

#endif /* MIGRATION_PLAN_H */
