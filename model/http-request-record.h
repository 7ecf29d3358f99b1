/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_REQUEST_RECORD_H
#define HTTP_REQUEST_RECORD_H

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief What a load generator logs about one request (24 bytes of state: a long
 *        steady state logs millions).
 */
struct HttpRequestRecord
{
    /// How a request ended.
    enum Status : uint8_t
    {
        OK,      //!< its whole response arrived
        TIMEOUT, //!< no whole response within the client's timeout
        RESET,   //!< its connection was reset or closed before the response
        REFUSED, //!< its connection could not be opened
    };

    Time start;            //!< when the user wanted to send it (its think time ended)
    Time end;              //!< when its response was complete, or when it failed
    uint32_t bytes{0};     //!< response bytes received (header and body)
    uint32_t user{0};      //!< the emulated user (or ab slot) who sent it
    uint16_t operation{0}; //!< index of its operation in the client's table
    Status status{OK};     //!< its outcome

    /// @return end - start: the response time the user saw
    Time GetResponseTime() const
    {
        return end - start;
    }

    /**
     * @param status an outcome
     * @return its name in CSV files: ok, timeout, reset or refused
     */
    static const char* GetStatusName(Status status)
    {
        static const char* const NAMES[] = {"ok", "timeout", "reset", "refused"};
        return NAMES[status];
    }
};

} // namespace ns3

#endif /* HTTP_REQUEST_RECORD_H */
