/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_MONITOR_HELPER_H
#define MIGRATION_MONITOR_HELPER_H

#include "migration-monitor.h"
#include "testbed.h"

#include "ns3/closed-loop-client.h"
#include "ns3/http-operation.h"
#include "ns3/migration-manager.h"
#include "ns3/virtual-machine.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Installs a MigrationMonitor on a scenario's trace sources, as FlowMonitorHelper
 *        installs a FlowMonitor on nodes.
 *
 * One monitor per helper, made on first use; every Install connects it to more sources.
 * @code
 *   MigrationMonitorHelper monitorHelper;
 *   Ptr<MigrationMonitor> monitor = monitorHelper.Install(migration.GetManager());
 *   monitorHelper.Install(vm);
 *   Simulator::Run();
 *   for (const MigrationRecord& r : monitor->GetRecords()) ...
 * @endcode
 */
class MigrationMonitorHelper
{
  public:
    /**
     * @brief Record the migrations and rounds of @p manager.
     * @param manager the toolstack
     * @return the monitor
     */
    Ptr<MigrationMonitor> Install(Ptr<MigrationManager> manager);

    /**
     * @brief Record the life-cycle changes of @p vm.
     * @param vm the VM
     * @return the monitor
     */
    Ptr<MigrationMonitor> Install(Ptr<VirtualMachine> vm);

    /**
     * @brief Record the life-cycle changes of every VM on @p testbed now.
     * @param testbed the testbed
     * @return the monitor
     */
    Ptr<MigrationMonitor> Install(Ptr<Testbed> testbed);

    /**
     * @brief Record the requests of @p client.
     * @param client the load generator
     * @param operations its operation table
     * @return the monitor
     */
    Ptr<MigrationMonitor> Install(Ptr<ClosedLoopHttpClient> client,
                                  const HttpOperationTable& operations);

    /// @return the monitor (made on first use)
    Ptr<MigrationMonitor> GetMonitor();

  private:
    Ptr<MigrationMonitor> m_monitor; //!< the monitor every Install connects
};

} // namespace ns3

#endif /* MIGRATION_MONITOR_HELPER_H */
