/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "testbed-preset.h"

#include "ns3/double.h"
#include "ns3/hypervisor.h"
#include "ns3/uinteger.h"

namespace ns3
{

bool
TestbedPreset::Find(const std::string& name,
                    TestbedHelper::LinkModel linkModel,
                    TestbedPreset& preset)
{
    if (name == "ideal")
    {
        preset = TestbedPreset();
        preset.name = "ideal";
        return true;
    }
    if (name == "paper")
    {
        // Fitted by utils/vm-migration-calibrate to PAPER.md's experiment 1
        // (see doc/vm-migration.rst, Validation).  The suspend time is not
        // identifiable from those figures (only suspend + resume is); it is set to
        // the order of a PV guest's suspend and the resume time absorbs the rest.
        // Both link models share every fitted value but the populated fraction,
        // which absorbs their different goodput (83.4 and 93.5 Mb/s of stream, dom0 costs
        // included).
        preset = TestbedPreset();
        preset.name = "paper";
        preset.preparationTime = Seconds(4.681);
        preset.reservationTimePerMiB = MicroSeconds(17050);
        preset.suspendTime = MilliSeconds(200);
        preset.resumeTime = Seconds(3.801);
        preset.populatedFraction = linkModel == TestbedHelper::CSMA ? 0.6557 : 0.7354;
        // Table 1: host1 is a Core 2 Duo, the core CPU demands are stated for.  host2
        // is a Pentium that PAPER.md says is faster (the service answered more requests
        // per second after the migration) without a clock; assumed a dual-core
        // Pentium (the Core-based Pentiums of the time) at 1.25x: e.g. an E5300 at
        // 2.6 GHz beside an E4500 at 2.2 GHz, with the same cores and less cache.
        preset.host1 = {2, 1.0};
        preset.host2 = {2, 1.25};
        // dom0's work per 4 KiB page: map the guest's frames (one hypercall per batch
        // of 1024), copy into the socket, TCP/IP and the NIC's driver for ~3 segments
        // on the source; the same in reverse on the target.  Assumed 10 us on a
        // Core-2 core (a 4 KiB copy is ~1 us; Linux's send path ~2-3 us per segment),
        // so at 100 Mb/s (~3000 pages/s) the stream takes ~3 % of a core on each host:
        // the migration does not become CPU-bound, as experiment 1's link-bound
        // totals require.
        preset.sendCostPerPage = MicroSeconds(10);
        preset.receiveCostPerPage = MicroSeconds(10);
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
    manager->SetAttribute("SendCostPerPage", TimeValue(sendCostPerPage));
    manager->SetAttribute("ReceiveCostPerPage", TimeValue(receiveCostPerPage));
}

void
TestbedPreset::ConfigureHosts(Ptr<Testbed> testbed) const
{
    for (const auto& [name, cpu] : {std::pair{"host1", host1}, std::pair{"host2", host2}})
    {
        Ptr<Hypervisor> host = testbed->GetHypervisor(name);
        host->SetAttribute("Cores", UintegerValue(cpu.cores));
        host->SetAttribute("Speed", DoubleValue(cpu.speed));
    }
}

} // namespace ns3
