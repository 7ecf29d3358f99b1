/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_RECORD_H
#define MIGRATION_RECORD_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief What one migration did: one row of migrations.csv.
 */
struct MigrationRecord
{
    std::string vm;            //!< VM name
    std::string source;        //!< source host name
    std::string target;        //!< target host name
    std::string strategy;      //!< strategy name
    double memoryMiB{0};       //!< VM memory in MiB
    Time start;                //!< migration requested
    Time suspended;            //!< VM paused on the source (downtime starts)
    Time resumed;              //!< VM running on the target (downtime ends)
    Time end;                  //!< source released the VM
    uint64_t bytesSent{0};     //!< migration stream bytes handed to TCP
    uint64_t bytesReceived{0}; //!< stream bytes the target received
    uint64_t pagesSent{0};     //!< page descriptors sent, data or marker
    uint32_t rounds{0};        //!< rounds, the final one included
    uint32_t mismatches{0};    //!< pages whose target version differs at resume
    uint64_t pagesPulled{0};   //!< post-copy: pages sent because the target faulted on them
    uint64_t faults{0};        //!< post-copy: the guest's faults on pages not yet on the target
    Time faultStall;           //!< post-copy: vCPU time stalled in those faults, in all
    bool completed{false};     //!< whether the VM runs on the target
    std::string failure;       //!< why the migration failed ("" if it has not)

    /// @return "completed", "failed:<reason>" or "in-progress"
    std::string GetStatus() const
    {
        return completed ? "completed" : failure.empty() ? "in-progress" : "failed:" + failure;
    }

    /// @return total migration time
    Time GetTotalTime() const
    {
        return end - start;
    }

    /// @return downtime
    Time GetDowntime() const
    {
        return resumed - suspended;
    }
};

/**
 * @ingroup vm-migration
 * @brief One round of a migration: one row of rounds.csv.
 */
struct MigrationRoundRecord
{
    std::string vm;           //!< VM name
    uint32_t round{0};        //!< round number, from 1
    bool final{false};        //!< whether the VM was paused during the round
    Time start;               //!< round began
    Time end;                 //!< last batch of the round handed to TCP
    uint64_t pagesSent{0};    //!< pages sent in the round
    uint64_t pagesSkipped{0}; //!< pages due but skipped (dirtied again; sent later)
    uint64_t pagesDirtied{0}; //!< distinct pages written while the round ran
    uint64_t bytesSent{0};    //!< stream bytes of the round
};

} // namespace ns3

#endif /* MIGRATION_RECORD_H */
