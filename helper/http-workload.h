/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HTTP_WORKLOAD_H
#define HTTP_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The generic closed loop: Faban-like users with an exponential think time and
 *        one HTTP operation.
 *
 * The scenario's command line overrides the users, think time, demand and body.
 */
class HttpWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    HttpWorkload();
};

} // namespace ns3

#endif /* HTTP_WORKLOAD_H */
