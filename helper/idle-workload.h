/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IDLE_WORKLOAD_H
#define IDLE_WORKLOAD_H

#include "workload.h"

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The paper's experiment 1: a VM that runs nothing.
 *
 * No clients, no writes, nothing to ramp or measure: the run lasts as long as the
 * migration.  Its attributes are the neutral values; the background writes and the
 * working set still apply when set.
 */
class IdleWorkload : public Workload
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    IdleWorkload();
};

} // namespace ns3

#endif /* IDLE_WORKLOAD_H */
