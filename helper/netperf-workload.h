/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NETPERF_WORKLOAD_H
#define NETPERF_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief netperf: one TCP_RR session (the ab driver with one session) and one TCP_STREAM
 *        flow, load generator to VM: the paper's experiment 2.
 *
 * Where each default comes from is in netperf-workload.cc.
 */
class NetperfWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    NetperfWorkload();
};

} // namespace ns3

#endif /* NETPERF_WORKLOAD_H */
