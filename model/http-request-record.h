/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_REQUEST_RECORD_H
#define HTTP_REQUEST_RECORD_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief What a load generator logs about one HTTP request.
 */
struct HttpRequestRecord
{
    uint32_t user{0};   //!< the emulated user who sent it
    Time start;         //!< when the user wanted to send it (its think time ended)
    Time end;           //!< when its response was complete, or when it failed
    uint64_t bytes{0};  //!< response bytes received (header and body)
    std::string status; //!< "ok", "timeout" or "error"

    /// @return end - start: the response time the user saw
    Time GetResponseTime() const
    {
        return end - start;
    }
};

} // namespace ns3

#endif /* HTTP_REQUEST_RECORD_H */
