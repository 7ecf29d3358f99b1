/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_MESSAGE_CHANNEL_H
#define HTTP_MESSAGE_CHANNEL_H

#include "ns3/callback.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <array>
#include <deque>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Length-framed messages (HTTP requests and responses) over one TCP connection.
 *
 * The workload needs message sizes and boundaries, not HTTP's text, so a message is
 * N bytes whose first 4 bytes hold N, big-endian (the role of Content-Length), whose
 * next 2 bytes hold the operation it asks for or answers (the role of the request
 * line's URL), and whose other bytes are zero.  N includes that 6-byte prefix, so
 * every message has at least 6 bytes.  A request is one message; a response (header
 * then body) is another, so the header must be at least 6 bytes.  Messages on a connection are
 * delivered in order, which is all HTTP/1.1 keep-alive needs.
 *
 * The channel owns the socket's receive and send callbacks.  Messages that do not
 * fit in the socket's send buffer wait and go out as space frees up.
 */
class HttpMessageChannel : public SimpleRefCount<HttpMessageChannel>
{
  public:
    /// Size of the prefix (length, operation) that starts every message.
    static constexpr uint32_t PREFIX_BYTES = 6;

    /// What to call when a whole message has arrived: its size and operation.
    typedef Callback<void, uint32_t, uint16_t> ReceiveCallback;

    /**
     * @brief Take over a connected (or connecting) TCP socket.
     * @param socket the socket
     */
    explicit HttpMessageChannel(Ptr<Socket> socket);

    ~HttpMessageChannel();

    /**
     * @brief Set what to call when a whole message has arrived.
     * @param cb called with the message's size in bytes and its operation; it may
     *        Close the channel but must not drop the last reference to it
     */
    void SetReceiveCallback(ReceiveCallback cb);

    /**
     * @brief Queue a message for sending.
     * @param size its size in bytes (>= PREFIX_BYTES)
     * @param operation the operation it asks for or answers
     */
    void Send(uint32_t size, uint16_t operation = 0);

    /// @return bytes queued but not yet handed to the socket
    uint64_t GetPendingBytes() const;

    /// @return the socket
    Ptr<Socket> GetSocket() const;

    /// @brief Stop calling back, drop queued messages and close the socket.
    void Close();

    /**
     * @brief Close once every message handed to Send is in the socket (a server's last
     *        response on a connection it closes).
     */
    void CloseWhenSent();

  private:
    /// A message being sent.
    struct Outgoing
    {
        uint32_t size;      //!< its size
        uint16_t operation; //!< its operation
        uint32_t sent;      //!< bytes handed to the socket so far
    };

    /**
     * @brief Read what the socket has.
     * @param socket the socket
     */
    void HandleRead(Ptr<Socket> socket);

    /**
     * @brief Space freed up in the send buffer.
     * @param socket the socket
     * @param available bytes of space
     */
    void HandleSend(Ptr<Socket> socket, uint32_t available);

    /// @brief Hand the socket as much of the queued messages as it takes.
    void SendPending();

    Ptr<Socket> m_socket;                         //!< the connection
    ReceiveCallback m_receive;                    //!< whole message arrived
    std::deque<Outgoing> m_outgoing;              //!< messages not fully sent
    bool m_closeWhenSent{false};                  //!< close once m_outgoing is empty
    uint64_t m_pendingBytes{0};                   //!< bytes in m_outgoing not yet sent
    std::array<uint8_t, PREFIX_BYTES> m_prefix{}; //!< prefix of the incoming message
    uint32_t m_prefixHave{0};                     //!< prefix bytes received
    uint32_t m_incomingSize{0};                   //!< size of the incoming message
    uint16_t m_incomingOperation{0};              //!< its operation
    uint32_t m_incomingLeft{0};                   //!< its bytes after the prefix still due
};

} // namespace ns3

#endif /* HTTP_MESSAGE_CHANNEL_H */
