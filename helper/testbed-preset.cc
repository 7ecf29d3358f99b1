/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "testbed-preset.h"

namespace ns3
{

bool
TestbedPreset::Find(const std::string& name,
                    TestbedHelper::LinkModel linkModel,
                    TestbedPreset& preset)
{
    if (name == "ideal")
    {
        preset = TestbedPreset{"ideal", Seconds(0), Seconds(0), Seconds(0), Seconds(0), 1.0};
        return true;
    }
    if (name == "paper")
    {
        // Fitted by utils/vm-migration-calibrate to PAPER.md's experiment 1
        // (see doc/vm-migration.rst, Validation).  The suspend time is not
        // identifiable from those figures (only suspend + resume is); it is set to
        // the order of a PV guest's suspend and the resume time absorbs the rest.
        // Both link models share every fitted value but the populated fraction,
        // which absorbs their different goodput (84.4 and 94.0 Mb/s of stream).
        double populated = linkModel == TestbedHelper::CSMA ? 0.6637 : 0.7390;
        preset = TestbedPreset{"paper",
                               Seconds(4.681),
                               MicroSeconds(17050),
                               MilliSeconds(200),
                               Seconds(3.801),
                               populated};
        return true;
    }
    return false;
}

void
TestbedPreset::Configure(Ptr<MigrationManager> manager) const
{
    manager->SetAttribute("PreparationTime", TimeValue(preparationTime));
    manager->SetAttribute("ReservationTimePerMiB", TimeValue(reservationTimePerMiB));
    manager->SetAttribute("SuspendTime", TimeValue(suspendTime));
    manager->SetAttribute("ResumeTime", TimeValue(resumeTime));
}

} // namespace ns3
