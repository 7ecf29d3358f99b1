/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef REFERENCE_TRANSFER_H
#define REFERENCE_TRANSFER_H

#include "testbed-helper.h"

#include "ns3/nstime.h"

#include <cstdint>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A plain ns-3 bulk transfer between host1 and host2 of the paper's testbed:
 *        the reference a migration stream's goodput and cost are compared with.
 *
 * A BulkSend writes in chunks of a third of the TCP send buffer, as a Linux writer
 * blocked on a full socket is woken (and as MigrationSender writes), and a PacketSink
 * receives.
 */
class ReferenceTransfer
{
  public:
    /**
     * @brief Build the testbed, send @p bytes from host1 to host2, tear down.
     * @param linkModel the link model
     * @param bytes bytes to send
     * @param sendBuffer the sender's socket buffer (bytes; 0: the testbed's default)
     * @return the time from the transfer's start to its last byte at host2
     */
    static Time Run(TestbedHelper::LinkModel linkModel, uint64_t bytes, uint32_t sendBuffer = 0);
};

} // namespace ns3

#endif /* REFERENCE_TRANSFER_H */
