/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/migration-strategy.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationHelper");

MigrationHelper::MigrationHelper()
{
    NS_LOG_FUNCTION(this);
    m_strategyFactory.SetTypeId("ns3::XenPreCopyStrategy");
    m_managerFactory.SetTypeId(MigrationManager::GetTypeId());
}

bool
MigrationHelper::IsStrategyType(const std::string& type)
{
    TypeId tid;
    return TypeId::LookupByNameFailSafe(type, &tid) &&
           tid.IsChildOf(MigrationStrategy::GetTypeId()) && tid.HasConstructor();
}

void
MigrationHelper::SetStrategyType(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    NS_ABORT_MSG_UNLESS(IsStrategyType(type),
                        "MigrationHelper: '" << type
                                             << "' is not a MigrationStrategy's TypeId name");
    m_strategyFactory.SetTypeId(type);
}

void
MigrationHelper::SetStrategyAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_strategyFactory.Set(name, value);
}

void
MigrationHelper::SetManagerAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    NS_ABORT_MSG_IF(m_manager, "MigrationHelper: the manager is made; set its attributes on it");
    m_managerFactory.Set(name, value);
}

Ptr<MigrationManager>
MigrationHelper::GetManager()
{
    if (!m_manager)
    {
        m_manager = m_managerFactory.Create<MigrationManager>();
    }
    return m_manager;
}

Ptr<MigrationStrategy>
MigrationHelper::Migrate(Ptr<VirtualMachine> vm, Ptr<Hypervisor> target, Time delay)
{
    NS_LOG_FUNCTION(this << vm << target << delay);
    Ptr<MigrationStrategy> strategy = m_strategyFactory.Create<MigrationStrategy>();
    GetManager()->Migrate(vm, target, strategy, delay);
    return strategy;
}

} // namespace ns3
