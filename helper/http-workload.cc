/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "http-workload.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("HttpWorkload");
NS_OBJECT_ENSURE_REGISTERED(HttpWorkload);

TypeId
HttpWorkload::GetTypeId()
{
    // The generic closed loop; the command line overrides users, think time,
    // demand and body.  25 users / 1 s * 20 ms = 0.5 of one speed-1 core: loaded
    // but below saturation (which MVA puts at N* = (D + Z) / D = 51 users).
    static TypeId tid = [] {
        Defaults d = FabanRun();
        d.cycleTime = false; // a think time, as the MVA validation assumes
        d.users = 25;
        d.thinkTimeMean = 1.0;
        return AddAttributes(TypeId("ns3::HttpWorkload")
                                 .SetParent<Workload>()
                                 .SetGroupName("VmMigration")
                                 .AddConstructor<HttpWorkload>(),
                             d);
    }();
    return tid;
}

HttpWorkload::HttpWorkload()
{
    NS_LOG_FUNCTION(this);
    SetDriver(FABAN);
    // The generic case the command line parameterises (the HTTP server's defaults).
    SetOperations(
        {{"request", 1, REQUEST_BYTES, HEADER_BYTES, 1500, MilliSeconds(20), 0, Seconds(0), {}}});
}

} // namespace ns3
