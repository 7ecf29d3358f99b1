/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SAMPLE_WEB_WORKLOAD_H
#define SAMPLE_WEB_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Faban's web101 sample (three static pages) on the paper's LAMP VM, driven by
 *        Faban: the paper's experiments 2 to 4.
 *
 * Where each default comes from is in sample-web-workload.cc.  AbWorkload runs against
 * the same VM, so the values it shares are public here.
 */
class SampleWebWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    SampleWebWorkload();

    /// @return the home page, the operation ab fetches too
    static HttpOperation HomeOperation();

    /// Pages a request writes (assumed; see sample-web-workload.cc).
    static constexpr uint32_t PAGES_PER_REQUEST = 3;
    /// The requests' hot set: the pages every worker rewrites, MaxClients x 3 = 450.
    static constexpr uint32_t HOT_SET_PAGES = APACHE_MAX_CLIENTS * PAGES_PER_REQUEST;
    // Fitted by utils/vm-migration-calibrate-workloads to experiment 2 (the paper: pre-copy
    // takes 42.650 s under SampleWeb): the guest's writes beside the requests' own, over
    // its working set (with none, the responses sharing host1's link with the stream and
    // the requests' hot set make it 33.4 s).
    static constexpr double BACKGROUND_WRITES = 1413; //!< background page writes/s
    // Assumed: private heaps of the Apache prefork/PHP children, MySQL key buffer and query
    // cache (16 MiB each in Ubuntu 10.04's my.cnf), socket and page-cache buffers.
    static constexpr double WORKING_SET_MIB = 64; //!< writable working set (MiB)
};

} // namespace ns3

#endif /* SAMPLE_WEB_WORKLOAD_H */
