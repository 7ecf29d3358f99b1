/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OLIO_WORKLOAD_H
#define OLIO_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Apache Olio 0.1's PHP driver (UIDriver.java) on the paper's LAMP VM: the paper's
 *        experiments 2 and 6.
 *
 * Where each default comes from is in olio-workload.cc.
 */
class OlioWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    OlioWorkload();
};

} // namespace ns3

#endif /* OLIO_WORKLOAD_H */
