/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-strategy.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationStrategy");
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
    NS_LOG_FUNCTION(this << memory);
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
    NS_LOG_FUNCTION(this);
    m_memory = nullptr;
    Object::DoDispose();
}

} // namespace ns3
