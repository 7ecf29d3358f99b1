/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "idle-workload.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IdleWorkload");
NS_OBJECT_ENSURE_REGISTERED(IdleWorkload);

TypeId
IdleWorkload::GetTypeId()
{
    // Experiment 1: no clients, no writes, nothing to ramp or measure: the run lasts
    // as long as the migration.  The neutral defaults say just that.
    static TypeId tid = AddAttributes(TypeId("ns3::IdleWorkload")
                                          .SetParent<Workload>()
                                          .SetGroupName("VmMigration")
                                          .AddConstructor<IdleWorkload>(),
                                      Defaults());
    return tid;
}

IdleWorkload::IdleWorkload()
{
    NS_LOG_FUNCTION(this);
    SetDriver(NONE);
}

} // namespace ns3
