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
MigrationStrategy::SetVirtualMachine(Ptr<VirtualMachine> vm)
{
    NS_LOG_FUNCTION(this << vm);
    m_vm = vm;
}

uint64_t
MigrationStrategy::GetMaxBandwidth() const
{
    return 0;
}

void
MigrationStrategy::NotifyBytesSent(uint64_t /* bytes */)
{
}

uint16_t
MigrationStrategy::GetEncodedBytes(uint32_t /* page */) const
{
    return 0;
}

void
MigrationStrategy::Start(Ptr<GuestMemory> memory)
{
    NS_LOG_FUNCTION(this << memory);
    m_memory = memory;
}

void
MigrationStrategy::Cancel()
{
    NS_LOG_FUNCTION(this);
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
    m_vm = nullptr;
    Object::DoDispose();
}

} // namespace ns3
