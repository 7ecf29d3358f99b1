/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BARE_LAN_WORKLOAD_H
#define BARE_LAN_WORKLOAD_H

#include "ns3/testbed-helper.h"

#include <cstdint>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief What RunBareLan simulates: a closed request/response workload and an
 *        optional bulk transfer on the testbed's physical LAN.
 */
struct BareLanConfig
{
    uint32_t clients{300};        //!< persistent client connections (closed population)
    double thinkMean{0.09};       //!< mean of the exponential think time, in seconds
    uint32_t requestBytes{200};   //!< bytes of each request
    uint32_t responseBytes{1750}; //!< bytes of each response
    uint64_t bulkBytes{0};        //!< bytes of the bulk transfer host1 -> host2; 0: none
    double bulkStart{0};          //!< when the bulk transfer starts, in seconds
    double duration{60};          //!< simulated seconds to run
    uint32_t rngRun{1};           //!< run number of the random streams
    TestbedHelper::LinkModel linkModel{TestbedHelper::CSMA}; //!< the LAN's links
};

/**
 * @ingroup vm-migration
 * @brief What RunBareLan measured.
 */
struct BareLanResult
{
    uint64_t requests;       //!< requests whose whole response arrived by the end
    double simulatedSeconds; //!< simulated time at the end (the duration)
    double bulkCompletedAt;  //!< when host2 had the bulk transfer's last byte, in
                             //!< simulated seconds since 0; NaN if it did not complete
    uint64_t events{0};      //!< simulator events executed
};

/**
 * @ingroup vm-migration
 * @brief Simulate bare ns-3 traffic on the testbed's physical LAN, then tear down.
 *
 * The "bare ns-3" side of a comparison with the vm-migration models: the same
 * physical LAN, and none of the module's models (no VMs, virtual NICs, host bridges,
 * netback, CPU models or recorders):
 * - four plain machines, "front-end", "storage", "host1" and "host2", built by
 *   TestbedHelper (no Xen hosts): each with one 100 Mb/s link of config.linkModel to
 *   a switch, the NICs' 1000-packet transmit queues, IPv4 only, TCP set up by
 *   TestbedHelper::ConfigureLinuxTcp.
 * - config.clients persistent TCP connections from storage (the load generator) to
 *   a server on host1, where the VM would be.  Each client thinks for an
 *   exponential time (mean config.thinkMean; the first request too), sends
 *   config.requestBytes bytes, waits for the whole response of config.responseBytes
 *   bytes and thinks again.  The server answers as soon as a whole request has
 *   arrived (no CPU time); its sockets set TcpNoDelay.  Messages have fixed sizes
 *   known to both ends, so framing is byte counting.  The first connection opens at
 *   time 0, alone, so that its handshake has ARP resolve both ends (ns-3's ARP
 *   requests wait a random jitter of up to 10 ms, and only 3 packets wait for a
 *   resolution); the others then open 100 us apart (300 are up by about 53 ms,
 *   within the first think times; a request whose think time ends first waits for
 *   its connection).  Opened all at once, many SYNs would be dropped (in ARP's queue,
 *   or in the switch port's 100-packet queue towards host1's half-duplex link) and
 *   their clients would lose 3 s to the SYN timeout.
 * - if config.bulkBytes > 0, a BulkSendApplication sending that many bytes from host1
 *   to a PacketSink on host2 from config.bulkStart, in chunks of a third of the
 *   default TCP send buffer (as ReferenceTransfer does): the migration stream.
 *
 * The simulation stops at config.duration and Simulator::Destroy is called, so that
 * RunBareLan can be called again in the same process.
 *
 * The client sockets set TcpNoDelay and no timestamps, as the module's
 * ClosedLoopHttpClient does, to steer clear of two ns-3.37 defects that would leave
 * clients stuck after a lost request (see closed-loop-client.cc).
 *
 * @param config what to simulate
 * @return what was measured
 */
BareLanResult RunBareLan(const BareLanConfig& config);

} // namespace ns3

#endif /* BARE_LAN_WORKLOAD_H */
