/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOSED_LOOP_CLIENT_H
#define CLOSED_LOOP_CLIENT_H

#include "http-message-channel.h"
#include "http-operation.h"
#include "http-request-record.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A closed population of HTTP users, like a Faban driver; with no think time,
 *        a fixed-concurrency driver like Apache Benchmark.
 *
 * Each of Users users thinks (ThinkTime), sends a request for an operation drawn from
 * the operation mix (SetOperations; by default one operation of RequestSize bytes),
 * waits for the whole response, and thinks again: the population is closed, so a
 * slower server means fewer requests.  With CycleTime, the time drawn is Faban's
 * cycle time instead (cycleType = CYCLETIME): it runs from the start of the previous
 * request, so a user waits only what is left of it after the response, and sends at
 * once if the response took longer.  User i starts at i × RampUp / Users (Faban's
 * ramp-up), with a think time, so that the users do not all send at once.  With
 * MaxRequests, the users stop once that many requests have been sent (ab -n).
 *
 * With KeepAlive each user keeps one TCP connection to Remote, opened when it starts;
 * a request sent before its connection is up waits for it, and its response time
 * counts the wait.  Without, a user opens a connection when its think time ends and
 * closes it when the response is complete (HTTP/1.0, ab without -k): the handshake
 * counts in the response time.
 *
 * Requests and responses are length-framed (HttpMessageChannel): the server's
 * response announces its own size, which is how the user knows it is complete.  An
 * operation with fetches (HttpOperation) asks for each of them in turn once the
 * previous response is complete, as a Faban driver loads a page's images; a response
 * that closes the connection (HTTP_CONNECTION_CLOSE) sends the next request on a new
 * one.  Every operation is reported (the Request trace), from its first request's
 * start to its last response, with its outcome:
 * - ok: every response arrived whole;
 * - timeout: no whole response within Timeout of the operation's start (or, with a
 *   ConnectTimeout, no connection within ConnectTimeout of its opening, or no whole
 *   response within Timeout of the request's being written); the user drops the
 *   connection (a late response must not be taken for the next one's);
 * - reset: the connection failed or was closed before the response;
 * - refused: the connection could not be opened.
 * The user then thinks again (with KeepAlive, on a new connection).
 */
class ClosedLoopHttpClient : public Application
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    ClosedLoopHttpClient();

    /**
     * @brief Send these operations, drawn by weight, instead of the one the attributes
     *        describe.
     * @param operations the table; requests name their operation by index in it
     */
    void SetOperations(const HttpOperationTable& operations);

    /// @return operations started so far (one request each, and their fetches)
    uint64_t GetRequestsSent() const;

    /**
     * @brief Assign fixed random variable streams.
     * @param stream first stream index
     * @return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for finished requests.
     * @param [in] record the request's record
     */
    typedef void (*RequestTracedCallback)(const HttpRequestRecord& record);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    /// One emulated user.
    struct User
    {
        Ptr<HttpMessageChannel> channel; //!< its connection
        bool started{false};             //!< whether it has sent a request yet
        bool connected{false};           //!< whether the connection is up
        bool waiting{false};             //!< whether a request awaits its response
        uint16_t operation{0};           //!< the operation in flight (drawn from the mix)
        uint16_t fetched{0};             //!< how many of its fetches have been asked for
        uint32_t bytes{0};               //!< its response bytes received so far
        Time start;                      //!< when the operation in flight started
        Time sent;                       //!< when its last request was written
        Time connecting;                 //!< when the connection was last opened
        EventId think;                   //!< end of the think time (or of the ramp-up wait)
        EventId timeout;                 //!< the user's timeout timer (checks its request)
        bool noPort{false};              //!< whether its last connect found no free port
    };

    /// How long a user whose connect found no free port waits before it tries again.
    static constexpr double PORT_RETRY_S = 1;

    /**
     * @brief A user's turn comes in the ramp-up: connect (with KeepAlive) and think.
     * @param user the user
     */
    void StartUser(uint32_t user);

    /**
     * @brief Send the user's request on its open connection.
     * @param user the user
     */
    void SendOnConnection(uint32_t user);

    /**
     * @brief Keep the user's answered connection until the server closes it.
     * @param user the user
     */
    void AwaitServerClose(uint32_t user);

    /**
     * @brief Open a user's connection.
     * @param user the user
     */
    void Connect(uint32_t user);

    /**
     * @brief The user's connection is up.
     * @param user the user
     * @param socket its socket
     */
    void ConnectionSucceeded(uint32_t user, Ptr<Socket> socket);

    /**
     * @brief The user's connection could not be opened (refused), or failed or was
     *        closed once open (reset): its request in flight, if any, ends so.
     * @param user the user
     * @param status refused or reset
     * @param socket its socket
     */
    void ConnectionFailed(uint32_t user, HttpRequestRecord::Status status, Ptr<Socket> socket);

    /**
     * @brief Close the user's connection; its next request opens a new one.
     * @param user the user
     */
    void Drop(uint32_t user);

    /**
     * @brief Let the user think, then send.
     * @param user the user
     */
    void Think(uint32_t user);

    /**
     * @brief The think time is over: send a request.
     * @param user the user
     */
    void SendRequest(uint32_t user);

    /**
     * @param u a user
     * @return the operation of its request in flight: the drawn operation's own, or
     *         the fetch it has come to
     */
    uint16_t GetAsked(const User& u) const;
    /**
     * @brief A whole response arrived: ask for the operation's next fetch, or finish it.
     * @param user the user
     * @param bytes its size
     * @param operation the operation it answers, with HTTP_CONNECTION_CLOSE if the
     *        server closes the connection after it
     */
    void HandleResponse(uint32_t user, uint32_t bytes, uint16_t operation);
    /**
     * @brief Send the user's next request: on its connection if it is up, else once a
     *        connection is.
     * @param user the user
     */
    void Ask(uint32_t user);

    /**
     * @param u a user
     * @return when its pending request times out (Time::Max(): not yet known)
     */
    Time GetDeadline(const User& u) const;

    /**
     * @brief Start the user's timer for its pending request, unless it runs already
     *        or the request has no deadline yet.
     * @param user the user
     */
    void ArmTimeout(uint32_t user);

    /**
     * @brief A user's timer ran out: time its pending request out if it is due, else
     *        wait for its due time.
     * @param user the user
     */
    void CheckTimeout(uint32_t user);

    /**
     * @brief The request in flight took too long.
     * @param user the user
     */
    void HandleTimeout(uint32_t user);

    /**
     * @brief Log the request in flight as finished now, and think again.
     * @param user the user
     * @param bytes response bytes received
     * @param status its outcome
     */
    void Finish(uint32_t user, uint32_t bytes, HttpRequestRecord::Status status);

    uint32_t m_userCount;                   //!< population size
    Ptr<RandomVariableStream> m_thinkTime;  //!< think time, seconds
    Ptr<UniformRandomVariable> m_mix;       //!< draws operations
    Address m_remote;                       //!< the server
    uint32_t m_requestSize;                 //!< request bytes (no table)
    Time m_timeout;                         //!< request timeout (0: none)
    Time m_connectTimeout;                  //!< connect timeout (0: in m_timeout)
    bool m_keepAlive;                       //!< one connection per user
    bool m_cycleTime;                       //!< think from the last start
    Time m_rampUp;                          //!< users start over this time
    uint64_t m_maxRequests;                 //!< requests to send (0: no limit)
    HttpOperationTable m_operations;        //!< the operation mix
    std::vector<double> m_cumulativeWeight; //!< mix, as a distribution
    uint64_t m_sent{0};                     //!< requests sent
    bool m_running{false};                  //!< between start and stop
    std::vector<User> m_users;              //!< the users
    /// Connections the server is to close (no keep-alive), until its FIN arrives.
    std::map<Ptr<Socket>, Ptr<HttpMessageChannel>> m_closing;
    TracedCallback<const HttpRequestRecord&> m_requestTrace; //!< request finished
};

} // namespace ns3

#endif /* CLOSED_LOOP_CLIENT_H */
