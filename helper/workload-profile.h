/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef WORKLOAD_PROFILE_H
#define WORKLOAD_PROFILE_H

#include "ns3/http-operation.h"
#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The application a VM runs and the load its clients offer: one of PAPER.md's
 *        workloads, or the generic closed-loop case.
 *
 * A profile is data: MigrationScenario installs the server in the VM and the clients on
 * the load generator from it.  Every value of the named profiles is documented in
 * workload-profile.cc with where it comes from.
 */
struct WorkloadProfile
{
    /// The load generator that drives the operations.
    enum Driver
    {
        NONE,  //!< no HTTP clients (idle, or netperf alone)
        FABAN, //!< closed population of users with think times (Faban)
        AB,    //!< fixed concurrency, no think time (Apache Benchmark; netperf TCP_RR)
    };

    std::string name;                     //!< idle | http | sampleweb | olio | netperf | ab
    HttpOperationTable operations;        //!< what the VM's web server serves (empty: none)
    Driver driver{NONE};                  //!< who sends the operations
    uint32_t users{0};                    //!< Faban users, or ab's concurrency
    double thinkTimeMean{0};              //!< mean think or cycle time (s; exponential); 0: none
    bool cycleTime{false};                //!< the time runs from the previous request's start
    bool keepAlive{true};                 //!< one connection per user, or one per request
    Time timeout;                         //!< request timeout of the driver (0: none)
    Time connectTimeout;                  //!< driver's connect timeout (0: within timeout)
    uint32_t maxClients{0};               //!< web server's workers (0: no limit)
    uint32_t acceptQueueLength{0};        //!< guest's accept queue before SYNs drop (0: no limit)
    bool holdOverflowedHandshakes{false}; //!< guest holds handshakes past a full queue (Linux)
    uint32_t maxKeepAliveRequests{0};     //!< requests per connection (0: no limit)
    Time keepAliveTimeout;                //!< web server's idle-connection timeout (0: none)
    uint32_t requestHotSetPages{0}; //!< pages the requests' own writes land in (0: working set)
    double backgroundWriteRate{0};  //!< guest page writes per second besides requests
    double workingSetMiB{0};        //!< writable working set (MiB; 0: all memory)
    uint32_t netperfStreams{0};     //!< netperf TCP_STREAM flows, load generator to VM
    Time rampUp;                    //!< default ramp-up
    Time steady;                    //!< default steady state
    Time rampDown;                  //!< default ramp-down

    /**
     * @brief Look a profile up by name.
     * @param name idle | http | sampleweb | olio | netperf | ab
     * @param [out] profile the profile, when found
     * @return whether the name is known
     */
    static bool Find(const std::string& name, WorkloadProfile& profile);

    /// @return the names Find knows, separated by " | " (for messages)
    static std::string GetNames();
};

} // namespace ns3

#endif /* WORKLOAD_PROFILE_H */
