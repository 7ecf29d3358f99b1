/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ab-workload.h"

#include "sample-web-workload.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AbWorkload");
NS_OBJECT_ENSURE_REGISTERED(AbWorkload);

/*
 * Experiment 5: ab -t 400 -c 150 against the SampleWeb VM's home page.  The VM is
 * SampleWeb's, so its background writes and working sets are too.
 * Check: no think time saturates the guest's vCPU by design: X = 1 / 333 us =
 * 3,000 req/s on host1, R = 150 / X = 50 ms; 3,000 x 2.6 KB ~ 63 Mb/s < 100 Mb/s.
 * (ab -t implies -n 50000, which would end the run after ~17 s at that rate;
 * The paper reports 400 s, so no request cap is modelled.)  ab 2.2 gives up the
 * whole run when nothing arrives for 30 s; the model's ab only fails the
 * requests (a stop-and-copy downtime of a 512 MiB VM is longer).
 */
namespace
{

// --- Apache Benchmark (experiment 5) ---
const double AB_STEADY_S = 400; // the paper's experiment 5: 400 s runs (ab -t 400)
const double AB_TIMEOUT_S = 30; // ab's default socket timeout (-s), 30 s
// Assumed: the paper does not give -c (ab's default is 1).  Apache's MaxClients, 150:
// the most connections the server serves at once without any waiting for a worker,
// and what Faban's 300 users of experiment 4 keep busy -- experiments 4 and 5 then load
// the server alike and differ in their driver.  doc/vm-migration.rst shows experiment 5
// at other concurrencies.
const uint32_t AB_CONCURRENCY = Workload::APACHE_MAX_CLIENTS;

} // namespace

TypeId
AbWorkload::GetTypeId()
{
    static TypeId tid = [] {
        Defaults d;
        SetApache(d);
        d.users = AB_CONCURRENCY;
        d.keepAlive = false; // ab's default without -k
        d.timeout = Seconds(AB_TIMEOUT_S);
        d.backgroundWriteRate = SampleWebWorkload::BACKGROUND_WRITES;
        d.workingSetMiB = SampleWebWorkload::WORKING_SET_MIB;
        d.requestHotSetPages = SampleWebWorkload::HOT_SET_PAGES;
        d.rampUp = d.rampDown = Seconds(0); // ab starts all -c sessions at once
        d.steady = Seconds(AB_STEADY_S);
        return AddAttributes(TypeId("ns3::AbWorkload")
                                 .SetParent<Workload>()
                                 .SetGroupName("VmMigration")
                                 .AddConstructor<AbWorkload>(),
                             d);
    }();
    return tid;
}

AbWorkload::AbWorkload()
{
    NS_LOG_FUNCTION(this);
    SetDriver(AB);
    SetOperations({SampleWebWorkload::HomeOperation()});
}

} // namespace ns3
