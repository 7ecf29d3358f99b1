/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOSED_LOOP_CLIENT_H
#define CLOSED_LOOP_CLIENT_H

#include "http-message-channel.h"
#include "http-request-record.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A closed population of HTTP users, like a Faban driver.
 *
 * Each of Users users has one persistent (keep-alive) TCP connection to Remote,
 * opened when the application starts.  A user thinks (ThinkTime), sends a request of
 * RequestSize bytes, waits for the whole response, and thinks again: the population
 * is closed, so a slower server means fewer requests.  Every user starts with a
 * think time, so that the users do not all send at once.  A request sent before its
 * connection is up waits for it; its response time counts the wait.
 *
 * Requests and responses are length-framed (HttpMessageChannel): the server's
 * response announces its own size, which is how the user knows it is complete.
 * With a Timeout, a request without its response by then is logged as "timeout";
 * its user drops the connection (a late response must not be taken for the next
 * one's), opens a new one and thinks again.  A connection that fails or is closed
 * by the server is logged as "error" for the request in flight, if any, and
 * reopened the same way.
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

    /// @return every finished request so far, in completion order
    const std::vector<HttpRequestRecord>& GetRecords() const;

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
        bool connected{false};           //!< whether the connection is up
        bool waiting{false};             //!< whether a request awaits its response
        Time start;                      //!< when the request in flight started
        EventId think;                   //!< end of the think time
        EventId timeout;                 //!< the request's timeout
    };

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
     * @brief The user's connection failed or was closed.
     * @param user the user
     * @param socket its socket
     */
    void ConnectionFailed(uint32_t user, Ptr<Socket> socket);

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
     * @brief A whole response arrived.
     * @param user the user
     * @param bytes its size
     */
    void HandleResponse(uint32_t user, uint32_t bytes);

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
    void Finish(uint32_t user, uint64_t bytes, const std::string& status);

    uint32_t m_userCount;                                    //!< population size
    Ptr<RandomVariableStream> m_thinkTime;                   //!< think time, seconds
    Address m_remote;                                        //!< the server
    uint32_t m_requestSize;                                  //!< request bytes
    Time m_timeout;                                          //!< request timeout (0: none)
    bool m_running{false};                                   //!< between start and stop
    std::vector<User> m_users;                               //!< the users
    std::vector<HttpRequestRecord> m_records;                //!< finished requests
    TracedCallback<const HttpRequestRecord&> m_requestTrace; //!< request finished
};

} // namespace ns3

#endif /* CLOSED_LOOP_CLIENT_H */
