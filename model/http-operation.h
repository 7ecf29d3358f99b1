/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_OPERATION_H
#define HTTP_OPERATION_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief One kind of request a web application serves (a page, an action), as both the
 *        server in the VM and the load generator see it.
 *
 * The server uses the sizes, the CPU demand and the pages written; the client uses the
 * request size, the weight in the operation mix, the fetches and the SLA.
 *
 * An operation may be more than one request: a Faban driver's operation fetches the
 * page, then, one after the other on the same connection, the images it shows (Olio's
 * UIDriver: loadImages).  Those further requests are operations of the table too,
 * named in fetches; they have their own sizes, demand and pages, and usually weight 0,
 * so that the mix never draws them on their own.  The client records the operation
 * once, from its first request's start to its last response (Faban's Timing.AUTO).
 */
struct HttpOperation
{
    std::string name;          //!< name in records (e.g. "home")
    double weight{1};          //!< share in the client's operation mix (relative; 0: never drawn)
    uint32_t requestSize{200}; //!< request bytes (line and headers)
    uint32_t headerSize{250};  //!< response header bytes
    uint32_t responseSize{0};  //!< response body bytes (the document)
    Time demand;               //!< CPU time per request on a speed-1 core
    uint32_t pagesWritten{0};  //!< guest pages the request writes
    Time sla;                  //!< response-time bound of the SLA (0: none)
    /// Operations (table indices) requested in turn after this one's response, as part
    /// of it; they must have no fetches of their own.
    std::vector<uint16_t> fetches;
};

/// The operations of one application; a request names its operation by index.
typedef std::vector<HttpOperation> HttpOperationTable;

/**
 * A request's operation number with this bit set asks the server to close the
 * connection after the response, as an HTTP/1.0 request without "Connection:
 * keep-alive" (ab without -k) does: Apache then answers with "Connection: close" and
 * closes first, so the TIME_WAIT is the server's and the client's port is free at once.
 * A response has it when the server closes after it ("Connection: close": the last
 * of MaxKeepAliveRequests, or an answer to such a request), so that a client with more
 * to ask opens a new connection instead of writing on the closing one.
 */
constexpr uint16_t HTTP_CONNECTION_CLOSE = 0x8000;

} // namespace ns3

#endif /* HTTP_OPERATION_H */
