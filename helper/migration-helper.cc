/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/migration-strategy.h"
#include "ns3/type-registry.h"

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
    return TypeRegistry::IsConcreteSubclass(MigrationStrategy::GetTypeId(), type);
}

std::string
MigrationHelper::GetStrategyName(TypeId tid)
{
    // A strategy's name is what an instance reports.
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return factory.Create<MigrationStrategy>()->GetName();
}

bool
MigrationHelper::LookupStrategy(const std::string& name, TypeId& tid)
{
    return TypeRegistry::Lookup(MigrationStrategy::GetTypeId(), name, &GetStrategyName, tid);
}

Ptr<MigrationStrategy>
MigrationHelper::CreateStrategy(const std::string& name)
{
    TypeId tid;
    if (!LookupStrategy(name, tid))
    {
        return nullptr;
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return factory.Create<MigrationStrategy>();
}

std::string
MigrationHelper::GetStrategyNames()
{
    return TypeRegistry::ListNames(MigrationStrategy::GetTypeId(), &GetStrategyName);
}

void
MigrationHelper::SetStrategyType(const std::string& type)
{
    NS_LOG_FUNCTION(this << type);
    TypeId tid;
    NS_ABORT_MSG_UNLESS(LookupStrategy(type, tid),
                        "MigrationHelper: '" << type << "' is not a MigrationStrategy ("
                                             << GetStrategyNames() << ", or a TypeId name)");
    m_strategyFactory.SetTypeId(tid);
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
