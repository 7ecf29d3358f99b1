/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef WORKLOAD_HELPER_H
#define WORKLOAD_HELPER_H

#include "request-log.h"
#include "testbed.h"
#include "workload.h"

#include "ns3/closed-loop-client.h"
#include "ns3/http-server.h"
#include "ns3/packet-sink.h"
#include "ns3/virtual-machine.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Installs a Workload: the guest's applications in a VM and the clients that
 *        drive them on the load generator.
 *
 * - ConfigureGuest, before the VM boots: the VM writes the workload's background pages
 *   (its DirtyPageModel's rate and working set, which it reads at boot).
 * - Install, once the VM runs on its host:
 * - With operations, a VmHttpServer in the VM serves them, and a ClosedLoopHttpClient
 *   on the load generator sends them: Faban-like (users with think times, keep-alive
 *   or not) or ab-like (a fixed concurrency with no think time).  The clients start
 *   at Start, ramp up over the workload's ramp-up and stop after its ramp-down; every
 *   request they finish goes to the RequestLog.
 * - Each netperf TCP_STREAM is a BulkSendApplication on the load generator sending
 *   without end to a PacketSink in the VM, over the same window.
 *
 * Under ns-3's distributed simulator (PartitionExchange) a process installs the server
 * and the sinks only if it simulates the VM, the clients and senders only if it simulates
 * the load generator: what it does not install is null or missing in Installed.
 */
class WorkloadHelper
{
  public:
    /// What Install created.
    struct Installed
    {
        Ptr<VmHttpServer> server;             //!< the web server in the VM, if any
        Ptr<ClosedLoopHttpClient> client;     //!< its clients, if any
        std::vector<Ptr<PacketSink>> streams; //!< netperf TCP_STREAM receivers in the VM
        Time end;                             //!< when the clients stop
    };

    /// Stream index of the first random variable stream the workload uses.
    static constexpr int64_t FIRST_STREAM = 2000;
    /// TCP port of the web server.
    static constexpr uint16_t HTTP_PORT = 80;
    /// TCP port of the netperf TCP_STREAM receiver.
    static constexpr uint16_t NETPERF_PORT = 12865;

    /**
     * @param workload what to install (Workload::Create makes one by name); it is read
     *        when ConfigureGuest and Install run, so attributes set on it until then count
     */
    explicit WorkloadHelper(Ptr<Workload> workload);

    /// @return the workload this helper installs
    Ptr<Workload> GetWorkload() const;

    /**
     * @brief Set when the clients start (the ramp-up begins).
     * @param start the time
     */
    void SetStart(Time start);

    /**
     * @brief Set the guest's background writes; call it before the VM boots.
     * @param vm the VM
     */
    void ConfigureGuest(Ptr<VirtualMachine> vm) const;

    /**
     * @brief Install the workload's applications; the client's requests go to its
     *        Request trace source (MigrationMonitor::AddClient records them).
     * @param testbed the testbed
     * @param vm the VM, already on its host
     * @param loadGenerator name of the machine the clients run on
     * @return what was installed
     */
    Installed Install(Ptr<Testbed> testbed,
                      Ptr<VirtualMachine> vm,
                      const std::string& loadGenerator) const;

    /**
     * @brief Install the workload's applications, the client's finished requests going
     *        to @p log.
     * @param testbed the testbed
     * @param vm the VM, already on its host
     * @param loadGenerator name of the machine the clients run on
     * @param log where finished requests go; it must outlive the simulation
     * @return what was installed
     */
    Installed Install(Ptr<Testbed> testbed,
                      Ptr<VirtualMachine> vm,
                      const std::string& loadGenerator,
                      RequestLog& log) const;

  private:
    Ptr<Workload> m_workload; //!< what to install
    Time m_start;             //!< when the clients start
};

} // namespace ns3

#endif /* WORKLOAD_HELPER_H */
