/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef WORKLOAD_H
#define WORKLOAD_H

#include "ns3/http-operation.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/type-id.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The application a VM runs and the load its clients offer: one of the paper's
 *        workloads, or the generic closed-loop case.
 *
 * A workload is parameters, as ThreeGppHttpVariables is: WorkloadHelper installs the
 * server in the VM and the clients on the load generator from it.  Each named workload
 * is one subclass (IdleWorkload, HttpWorkload, SampleWebWorkload, OlioWorkload,
 * NetperfWorkload, AbWorkload) whose TypeId declares every parameter below as an
 * attribute, with that workload's default and, in its source file, where the default
 * comes from.  So `--ns3::SampleWebWorkload::Users=400` or
 * `Config::SetDefault("ns3::OlioWorkload::WorkingSetMiB", ...)` changes one workload
 * and no other.
 *
 * This base class declares no attributes itself: ns-3 constructs an object's
 * attributes from its own TypeId up through its parents', so an attribute the base
 * declared would overwrite the subclass's default of the same name.  Instead each
 * subclass passes its defaults (Defaults) to AddAttributes, which adds the shared set to
 * its TypeId.
 *
 * What is not a scalar stays C++: the operation table (each operation's sizes, CPU
 * demand, pages written and SLA; a table of records of any length) and the driver (who
 * sends the operations: it decides which attributes mean anything).  Each subclass's
 * constructor sets both.
 *
 * A workload is found by name (Create): a TypeId name ("ns3::SampleWebWorkload"), or the
 * short name derived from it (the class name without "Workload", in lower case:
 * "sampleweb").  Any registered subclass with a constructor is found, so that a new
 * workload is one new class and needs no edit elsewhere.
 */
class Workload : public Object
{
  public:
    /// The load generator that drives the operations.
    enum Driver
    {
        NONE,  //!< no HTTP clients (idle, or netperf alone)
        FABAN, //!< closed population of users with think times (Faban)
        AB,    //!< fixed concurrency, no think time (Apache Benchmark; netperf TCP_RR)
    };

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    Workload();
    ~Workload() override;

    /**
     * @brief Find a workload's TypeId by name.
     * @param name a short name ("sampleweb") or a TypeId name ("ns3::SampleWebWorkload")
     * @param [out] tid the TypeId, when found
     * @return whether @p name is a Workload subclass with a constructor
     */
    static bool LookupByName(const std::string& name, TypeId& tid);

    /**
     * @brief Create a workload by name, with its attributes' current defaults.
     * @param name a short name or a TypeId name (see LookupByName)
     * @return the workload, or nullptr if @p name is none
     */
    static Ptr<Workload> Create(const std::string& name);

    /**
     * @param tid a Workload subclass
     * @return its short name: its class name without "ns3::" and "Workload", in lower
     *         case ("ns3::SampleWebWorkload": "sampleweb")
     */
    static std::string GetShortName(TypeId tid);

    /// @return the short names of every registered workload, sorted, separated by " | "
    static std::string GetNames();

    /// @return this workload's short name
    std::string GetName() const;

    /// @return who sends the operations
    Driver GetDriver() const;
    /// @return what the VM's web server serves (empty: none)
    const HttpOperationTable& GetOperations() const;
    /**
     * @brief Replace the operations (a scenario's per-operation overrides).
     * @param operations the new table
     */
    void SetOperations(const HttpOperationTable& operations);
    /// @return whether the workload has HTTP clients (operations and a driver)
    bool HasClients() const;

    /// @return Faban users, or ab's concurrency
    uint32_t GetUsers() const;
    /// @return mean think or cycle time (s; exponential); 0: none
    double GetThinkTimeMean() const;
    /// @return whether the think time runs from the previous request's start
    bool GetCycleTime() const;
    /// @return whether each user keeps one connection (else one per request)
    bool GetKeepAlive() const;
    /// @return the driver's request timeout (0: none)
    Time GetTimeout() const;
    /// @return the driver's connect timeout (0: within the request timeout)
    Time GetConnectTimeout() const;
    /// @return the web server's workers (0: no limit)
    uint32_t GetMaxClients() const;
    /// @return the guest's accept queue before SYNs drop (0: no limit)
    uint32_t GetAcceptQueueLength() const;
    /// @return whether the guest holds handshakes past a full accept queue (Linux)
    bool GetHoldOverflowedHandshakes() const;
    /// @return the web server's TCP_DEFER_ACCEPT period (0: none)
    Time GetDeferAccept() const;
    /// @return requests per connection (0: no limit)
    uint32_t GetMaxKeepAliveRequests() const;
    /// @return the web server's idle-connection timeout (0: none)
    Time GetKeepAliveTimeout() const;
    /// @return pages the requests' own writes land in (0: the working set)
    uint32_t GetRequestHotSetPages() const;
    /// @return guest page writes per second besides the requests'
    double GetBackgroundWriteRate() const;
    /// @return the writable working set (MiB; 0: all memory)
    double GetWorkingSetMiB() const;
    /// @return netperf TCP_STREAM flows, load generator to VM
    uint32_t GetNetperfStreams() const;
    /// @return the ramp-up
    Time GetRampUp() const;
    /// @return the steady state
    Time GetSteady() const;
    /// @return the ramp-down
    Time GetRampDown() const;

    // Values that more than one workload's defaults use.  constexpr, so that they hold
    // when the subclasses' TypeIds are registered, during static initialisation.

    // Faban web101's WebDriver.java and Olio's UIDriver.java both declare
    // @NegativeExponential(cycleType = CYCLETIME, cycleMean = 5000 ms): the delay runs from
    // the start of a user's previous request (engine/AgentThread.java, getInvokeTime).
    static constexpr double FABAN_CYCLE_S = 5.0; //!< Faban's sample cycle time (s)
    /// the paper: a 10-minute steady state.
    static constexpr double FABAN_STEADY_S = 600;
    /// Apache 2.2's MaxClients in the LAMP VMs: Debian 2.2.14-5's apache2.conf, on which
    /// Ubuntu 10.04's package is built (prefork MPM).
    static constexpr uint32_t APACHE_MAX_CLIENTS = 150;
    /// Generic HTTP request bytes; assumed: GET line + Host, User-Agent, Accept.
    static constexpr uint32_t REQUEST_BYTES = 200;
    /// Generic HTTP response header bytes; assumed: Apache 2.2 status line + 8 usual
    /// headers.
    static constexpr uint32_t HEADER_BYTES = 250;
    /// Bytes in a KiB.
    static constexpr uint32_t KIB = 1024;

  protected:
    /**
     * @brief The defaults of the shared attributes, as one subclass gives them.
     *
     * The member initialisers are the neutral values (no clients, no limits, no writes,
     * nothing to ramp or measure).
     */
    struct Defaults
    {
        uint32_t users{0};                    //!< Users
        double thinkTimeMean{0};              //!< ThinkTimeMean (s)
        bool cycleTime{false};                //!< CycleTime
        bool keepAlive{true};                 //!< KeepAlive
        Time timeout;                         //!< Timeout
        Time connectTimeout;                  //!< ConnectTimeout
        uint32_t maxClients{0};               //!< MaxClients
        uint32_t acceptQueueLength{0};        //!< AcceptQueueLength
        bool holdOverflowedHandshakes{false}; //!< HoldOverflowedHandshakes
        Time deferAccept;                     //!< DeferAccept
        uint32_t maxKeepAliveRequests{0};     //!< MaxKeepAliveRequests
        Time keepAliveTimeout;                //!< KeepAliveTimeout
        uint32_t requestHotSetPages{0};       //!< RequestHotSetPages
        double backgroundWriteRate{0};        //!< BackgroundWriteRate (pages/s)
        double workingSetMiB{0};              //!< WorkingSetMiB
        uint32_t netperfStreams{0};           //!< NetperfStreams
        Time rampUp;                          //!< RampUp
        Time steady;                          //!< Steady
        Time rampDown;                        //!< RampDown
    };

    /**
     * @brief Add the shared attributes to a subclass's TypeId.
     * @param tid the subclass's TypeId (name, parent, group and constructor set)
     * @param defaults their defaults for that subclass
     * @return @p tid
     */
    static TypeId AddAttributes(TypeId tid, const Defaults& defaults);

    /// @return Faban's run settings (think time excepted): http, sampleweb and olio
    static Defaults FabanRun();

    /**
     * @brief Set the LAMP VM's web server limits (Apache 2.2 on Linux 2.6.32): sampleweb,
     *        olio and ab.
     * @param [in,out] defaults where
     */
    static void SetApache(Defaults& defaults);

    /**
     * @brief Set the driver; a subclass's constructor calls it.
     * @param driver who sends the operations
     */
    void SetDriver(Driver driver);

  private:
    Driver m_driver{NONE};           //!< who sends the operations
    HttpOperationTable m_operations; //!< what the VM's web server serves
    uint32_t m_users;                //!< Faban users, or ab's concurrency
    double m_thinkTimeMean;          //!< mean think or cycle time (s)
    bool m_cycleTime;                //!< the time runs from the previous request's start
    bool m_keepAlive;                //!< one connection per user, or one per request
    Time m_timeout;                  //!< request timeout of the driver
    Time m_connectTimeout;           //!< driver's connect timeout
    uint32_t m_maxClients;           //!< web server's workers
    uint32_t m_acceptQueueLength;    //!< guest's accept queue
    bool m_holdOverflowedHandshakes; //!< guest holds handshakes past a full queue
    Time m_deferAccept;              //!< web server's TCP_DEFER_ACCEPT period
    uint32_t m_maxKeepAliveRequests; //!< requests per connection
    Time m_keepAliveTimeout;         //!< web server's idle-connection timeout
    uint32_t m_requestHotSetPages;   //!< pages the requests' own writes land in
    double m_backgroundWriteRate;    //!< guest page writes per second besides requests
    double m_workingSetMiB;          //!< writable working set (MiB)
    uint32_t m_netperfStreams;       //!< netperf TCP_STREAM flows
    Time m_rampUp;                   //!< ramp-up
    Time m_steady;                   //!< steady state
    Time m_rampDown;                 //!< ramp-down
};

} // namespace ns3

#endif /* WORKLOAD_H */
