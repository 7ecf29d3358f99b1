/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-monitor-helper.h"

#include "ns3/hypervisor.h"

namespace ns3
{

Ptr<MigrationMonitor>
MigrationMonitorHelper::GetMonitor()
{
    if (!m_monitor)
    {
        m_monitor = CreateObject<MigrationMonitor>();
    }
    return m_monitor;
}

Ptr<MigrationMonitor>
MigrationMonitorHelper::Install(Ptr<MigrationManager> manager)
{
    GetMonitor()->AddManager(manager);
    return m_monitor;
}

Ptr<MigrationMonitor>
MigrationMonitorHelper::Install(Ptr<VirtualMachine> vm)
{
    GetMonitor()->AddVm(vm);
    return m_monitor;
}

Ptr<MigrationMonitor>
MigrationMonitorHelper::Install(Ptr<Testbed> testbed)
{
    GetMonitor();
    for (const std::string& name : testbed->GetMachineNames())
    {
        if (Ptr<Hypervisor> host = testbed->FindHypervisor(name))
        {
            for (const Ptr<VirtualMachine>& vm : host->GetVms())
            {
                m_monitor->AddVm(vm);
            }
        }
    }
    return m_monitor;
}

Ptr<MigrationMonitor>
MigrationMonitorHelper::Install(Ptr<ClosedLoopHttpClient> client,
                                const HttpOperationTable& operations)
{
    GetMonitor()->AddClient(client, operations);
    return m_monitor;
}

} // namespace ns3
