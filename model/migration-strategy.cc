/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-strategy.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MigrationStrategy);

TypeId
MigrationStrategy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MigrationStrategy").SetParent<Object>().SetGroupName("VmMigration");
    return tid;
}

void
MigrationStrategy::Start(Ptr<GuestMemory> memory)
{
    m_memory = memory;
}

uint64_t
MigrationStrategy::GetSkippedThisRound() const
{
    return m_skipped;
}

void
MigrationStrategy::DoDispose()
{
    m_memory = nullptr;
    Object::DoDispose();
}

} // namespace ns3
