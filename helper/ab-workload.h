/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef AB_WORKLOAD_H
#define AB_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Apache Benchmark against the SampleWeb VM's home page: the paper's experiment 5.
 *
 * Where each default comes from is in ab-workload.cc.
 */
class AbWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    AbWorkload();
};

} // namespace ns3

#endif /* AB_WORKLOAD_H */
