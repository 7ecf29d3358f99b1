/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_SERVER_H
#define HTTP_SERVER_H

#include "http-message-channel.h"
#include "http-operation.h"
#include "processor-sharing-cpu.h"
#include "virtual-machine.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A minimal HTTP/1.1 server in a VM: every request costs CPU on the VM's host.
 *
 * Installed on the VM's node.  It listens on Port; requests and responses are
 * length-framed messages that name their operation (see HttpMessageChannel).  The
 * server's operations (SetOperations) say, per operation, the CPU demand, the pages
 * written and the response's size; without a table it serves one operation made of
 * the attributes RequestDemand, PagesWrittenPerRequest, HeaderSize and ResponseSize.
 * For each request it runs a job of the operation's demand (CPU seconds on a speed-1
 * core) on the CPU of the host the VM is on at that moment, shared by processor
 * sharing with everything else there; when the job ends the request touches its
 * pages (DirtyPageModel::AccessNow: on a post-copy target it waits for those still on
 * the source, its vCPU stalled), then the guest writes the operation's pages (through
 * the VM's DirtyPageModel, so a migration sees them) and the server sends the
 * response on the same connection.  Connections are kept
 * alive; the requests of one connection are served one at a time, in order (HTTP/1.1
 * answers pipelined requests in order), while different connections share the CPU.
 *
 * Like Apache's prefork server, it serves at most MaxClients connections at once: a
 * connection holds a worker from the moment it gets one until it closes, think times
 * included, so further connections wait, in arrival order, with their requests
 * unread, in the guest kernel's accept queue.  While AcceptQueueLength connections
 * wait there, a new connection is held back as Linux 2.6.32 holds it
 * (HoldOverflowedHandshakes): its handshake's last ACK is dropped and the connection
 * gets into the queue on the first of its client's retransmissions (or the server's
 * SYN-ACK retransmissions) that finds room, and its SYN is dropped only while more than
 * one such held handshake is younger than the first SYN-ACK retransmission; the client's
 * TCP retries a dropped SYN 3, 6, 12 ... s later.  In ns-3 the held connection is
 * established and its request is buffered: only its admission follows Linux, not the
 * retransmitted packets, a few hundred bytes each.
 * A connection idle for KeepAliveTimeout after a response, or that has been answered
 * MaxKeepAliveRequests times, is closed by the server and its worker goes to the
 * first connection waiting.
 *
 * While its VM is paused (a migration's downtime) the server computes nothing: the
 * work left of each request in progress is held and continues, on the CPU of the host
 * the VM resumes on, when the VM runs again.
 *
 * The server's sockets do not use Nagle's algorithm (TCP_NODELAY, as nginx sets on
 * keep-alive connections): with it, a response's last partial segment would wait
 * for the client's delayed ACK of the previous one, 40 ms.
 */
class VmHttpServer : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    VmHttpServer();

    /**
     * @brief Tell the server which VM it runs in (whose host's CPU serves requests).
     * @param vm the VM
     */
    void SetVm(Ptr<VirtualMachine> vm);

    /**
     * @brief Serve these operations instead of the one the attributes describe.
     * @param operations the table; a request names its operation by index
     */
    void SetOperations(const HttpOperationTable& operations);

    /// @return requests whose response has been handed to TCP
    uint64_t GetRequestsServed() const;

    /// @return connection requests (SYNs) dropped because the accept queue was full
    uint64_t GetDroppedConnectionRequests() const;

    /// @return handshakes held half-open because the accept queue was full
    uint64_t GetHeldHandshakes() const;

    /**
     * TracedCallback signature for served requests.
     * @param [in] requestBytes size of the request
     * @param [in] sojourn time from the request's last byte to its response being
     *             handed to TCP (waiting behind earlier requests of the connection
     *             and the CPU job)
     */
    typedef void (*RequestServedTracedCallback)(uint32_t requestBytes, Time sojourn);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// A request waiting or being served.
    struct Request
    {
        uint32_t bytes;     //!< its size
        uint16_t operation; //!< what it asks for
        Time received;      //!< when its last byte arrived
        bool close;         //!< whether the client asked for the connection to be closed
    };

    /// One client connection.
    struct Connection
    {
        Ptr<HttpMessageChannel> channel; //!< the framed connection
        std::deque<Request> requests;    //!< requests not yet answered, in order
        uint64_t job{0};                 //!< the front request's job on the VM's vCPUs; 0: none
        bool waitsForPages{false};       //!< the front request waits for remote pages
        bool worker{false};              //!< whether a worker serves it (or it waits for one)
        bool answered{false};            //!< whether it has had a response (keep-alive applies)
        uint32_t served{0};              //!< requests answered on it
        EventId idle;                    //!< keep-alive timer (checks how long it has been idle)
        Time idleSince;                  //!< when it last became idle
    };

    /**
     * @brief A connection request (SYN) arrived: accept it unless the accept queue is
     *        full.
     * @param listener the listening socket
     * @param from the client's address
     * @return whether TCP may go on with the handshake
     */
    bool HandleConnectionRequest(Ptr<Socket> listener, const Address& from);

    /**
     * @brief A connection arrived.
     * @param socket its socket
     * @param from the client's address
     */
    void HandleAccept(Ptr<Socket> socket, const Address& from);

    /**
     * @brief A connection ended.
     * @param id the connection
     * @param socket its socket
     */
    void HandleClose(uint64_t id, Ptr<Socket> socket);

    /**
     * @brief A whole request arrived.
     * @param id the connection
     * @param bytes its size
     * @param operation what it asks for
     */
    void HandleRequest(uint64_t id, uint32_t bytes, uint16_t operation);

    /**
     * @brief Give a new connection a worker, or a place in the accept queue.
     * @param id the connection
     */
    void Admit(uint64_t id);

    /// @return whether the accept queue holds AcceptQueueLength connections
    bool IsAcceptQueueFull() const;

    /// @return held handshakes whose SYN-ACK has not been retransmitted yet
    uint32_t CountYoungHandshakes() const;

    /**
     * @param age time since a held handshake was held
     * @return the age at its next retry (a retransmission of either side)
     */
    Time NextOverflowRetry(Time age) const;

    /**
     * @brief The SYN-ACK timeouts that DeferAccept lasts (Linux's rskq_defer_accept).
     * @return 0 without DeferAccept
     */
    uint32_t GetDeferredSynAckTimeouts() const;

    /**
     * @brief Schedule a held handshake's next retry.
     * @param id the connection
     */
    void ScheduleOverflowRetry(uint64_t id);

    /**
     * @brief A retransmission reaches a held handshake: into the accept queue if there
     *        is room, else wait for the next.
     * @param id the connection
     */
    void RetryOverflowed(uint64_t id);

    /**
     * @brief Forget a connection and hand its worker, if it had one, to the first
     *        connection waiting.
     * @param it the connection
     */
    void Release(std::map<uint64_t, Connection>::iterator it);

    /**
     * @brief Start the keep-alive timeout of an idle connection that has been answered.
     * @param id the connection
     */
    void ArmKeepAlive(uint64_t id);

    /**
     * @param connection a connection
     * @return whether it waits for its client's next request (keep-alive applies)
     */
    bool IsIdle(const Connection& connection) const;

    /**
     * @brief The keep-alive timer ran out: close the connection and free its worker if
     *        it has been idle for KeepAliveTimeout, else wait for that.
     * @param id the connection
     */
    void KeepAliveExpired(uint64_t id);

    /**
     * @brief Start the CPU job of the connection's front request, if any and none runs.
     * @param id the connection
     */
    void StartNext(uint64_t id);

    /**
     * @brief The VM paused or ran again: stop or restart the keep-alive timeouts.
     * @param before the state before
     * @param now the state now
     */
    void VmStateChanged(VirtualMachine::State before, VirtualMachine::State now);

    /**
     * @brief The front request's CPU job ended: touch its pages, then respond.
     * @param id the connection
     */
    void RequestDone(uint64_t id);

    /**
     * @brief The front request has its pages: write memory, respond, go on.
     * @param id the connection (perhaps closed while the request waited)
     */
    void Respond(uint64_t id);

    uint16_t m_port;                       //!< listening port
    Time m_demand;                         //!< CPU per request on a speed-1 core
    uint32_t m_responseSize;               //!< response body bytes
    uint32_t m_headerSize;                 //!< response header bytes
    uint32_t m_pagesPerRequest;            //!< guest pages written per request
    uint32_t m_maxClients;                 //!< workers; 0: one per connection
    uint32_t m_acceptQueueLength;          //!< accept queue; 0: no limit
    uint32_t m_maxKeepAliveRequests;       //!< requests per connection; 0: no limit
    uint64_t m_droppedSyns{0};             //!< SYNs dropped, accept queue full
    bool m_holdOverflowed{false};          //!< hold handshakes as Linux does
    Time m_clientRto;                      //!< client's first request retransmission
    Time m_synAckTimeout;                  //!< server's first SYN-ACK retransmission
    Time m_deferAccept;                    //!< TCP_DEFER_ACCEPT period; 0: none
    uint32_t m_synQueueLength{256};        //!< handshakes held at most
    std::map<uint64_t, Time> m_overflowed; //!< held handshakes, since when
    uint64_t m_heldHandshakes{0};          //!< handshakes held in all
    /// tcp_synack_retries: SYN-ACK retransmissions before a held handshake is dropped
    static constexpr uint32_t SYNACK_RETRIES = 5;
    Time m_keepAliveTimeout;                      //!< idle time before closing; 0: never
    uint32_t m_busyWorkers{0};                    //!< connections with a worker
    std::deque<uint64_t> m_waiting;               //!< connections waiting for a worker
    HttpOperationTable m_operations;              //!< what the server serves
    Ptr<VirtualMachine> m_vm;                     //!< the VM the server runs in
    Ptr<Socket> m_listener;                       //!< listening socket
    std::map<uint64_t, Connection> m_connections; //!< open connections by id
    uint64_t m_nextConnection{1};                 //!< id of the next connection
    uint64_t m_served{0};                         //!< requests answered
    bool m_paused{false};                         //!< the VM is paused
    TracedCallback<uint32_t, Time> m_servedTrace; //!< request answered
};

} // namespace ns3

#endif /* HTTP_SERVER_H */
