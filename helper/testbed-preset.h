/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TESTBED_PRESET_H
#define TESTBED_PRESET_H

#include "testbed-helper.h"

#include "ns3/migration-manager.h"
#include "ns3/nstime.h"

#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The testbed-specific parameters of a scenario: toolstack phase times and
 *        how much of a VM's memory is populated.
 *
 * - `ideal`: no toolstack overheads, every page populated -- the pure model, where
 *   a migration costs exactly its stream over TCP.
 * - `paper`: fitted to the measured figures of PAPER.md's experiment 1 by
 *   utils/vm-migration-calibrate (GSL least squares), one set per link model; the
 *   values, residuals and their physical reading are in doc/vm-migration.rst.
 */
struct TestbedPreset
{
    std::string name;              //!< preset name
    Time preparationTime;          //!< fixed preparation on the target
    Time reservationTimePerMiB;    //!< reservation time per MiB of VM memory
    Time suspendTime;              //!< suspend request to final round
    Time resumeTime;               //!< end of stream to VM running
    double populatedFraction{1.0}; //!< share of a VM's pages that hold data

    /**
     * @brief Look a preset up.
     * @param name "paper" or "ideal"
     * @param linkModel the link model the preset is for
     * @param preset set to the preset found
     * @return whether the name is known
     */
    static bool Find(const std::string& name,
                     TestbedHelper::LinkModel linkModel,
                     TestbedPreset& preset);

    /**
     * @brief Set the manager's phase attributes from this preset.
     * @param manager the migration manager
     */
    void Configure(Ptr<MigrationManager> manager) const;
};

} // namespace ns3

#endif /* TESTBED_PRESET_H */
