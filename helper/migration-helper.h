/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MIGRATION_HELPER_H
#define MIGRATION_HELPER_H

#include "ns3/migration-manager.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Migrates VMs with a strategy and a manager made from factories, as ns-3's
 *        helpers make their parts (cf. LteHelper::SetSchedulerType).
 *
 * The strategy is named by its TypeId (default ns3::XenPreCopyStrategy) or by the name
 * it records (MigrationStrategy::GetName, e.g. "pre-copy"), both found among the
 * registered TypeIds, so that a new strategy is a new MigrationStrategy subclass and
 * nothing else; its attributes and the
 * manager's are set here, or as defaults (Config::SetDefault, `--ns3::Class::Attribute`).
 * Each Migrate makes a fresh strategy; the manager is made on first use and shared by
 * every migration of this helper.
 *
 * @code
 *   MigrationHelper migration;
 *   migration.SetStrategyType("ns3::XenPreCopyStrategy");
 *   migration.SetStrategyAttribute("MaxIterations", UintegerValue(5));
 *   migration.SetManagerAttribute("ResumeTime", TimeValue(Seconds(1)));
 *   migration.Migrate(vm, testbed->GetHypervisor("host2"), Seconds(10));
 *   Simulator::Run();
 *   for (const MigrationRecord& r : migration.GetManager()->GetRecords()) ...
 * @endcode
 */
class MigrationHelper
{
  public:
    MigrationHelper();

    /**
     * @brief Choose the strategy.
     * @param type the TypeId name of a MigrationStrategy subclass with a constructor, or
     *        its name (LookupStrategy); anything else stops the program with a message
     *        naming it
     */
    void SetStrategyType(const std::string& type);

    /**
     * @brief Set an attribute of the strategies to be made.
     * @param name the attribute's name
     * @param value its value
     */
    void SetStrategyAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Set an attribute of the manager; before its first use.
     * @param name the attribute's name
     * @param value its value
     */
    void SetManagerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * @brief Migrate @p vm to @p target @p delay from now, with a new strategy.
     * @param vm the VM, running on a host
     * @param target the host to move it to
     * @param delay when, from now
     * @return the strategy made for this migration
     */
    Ptr<MigrationStrategy> Migrate(Ptr<VirtualMachine> vm, Ptr<Hypervisor> target, Time delay);

    /// @return the manager (made now if it is not yet): its records and trace sources
    Ptr<MigrationManager> GetManager();

    /**
     * @param type a TypeId name
     * @return whether it names a MigrationStrategy subclass that can be made
     */
    static bool IsStrategyType(const std::string& type);

    /**
     * @param tid a concrete MigrationStrategy subclass
     * @return the name its records carry and `--strategy` takes (its GetName())
     */
    static std::string GetStrategyName(TypeId tid);

    /**
     * @brief Find a strategy among the registered TypeIds.
     * @param name a strategy's name as its records give it (MigrationStrategy::GetName:
     *        "stop-and-copy", "pre-copy", ...) or its TypeId name
     *        ("ns3::XenPreCopyStrategy", or a user's own subclass)
     * @param [out] tid the strategy's TypeId, when found
     * @return whether @p name names a MigrationStrategy subclass that can be made
     */
    static bool LookupStrategy(const std::string& name, TypeId& tid);

    /**
     * @param name a strategy's name or TypeId name (see LookupStrategy)
     * @return a new strategy with its attributes' current defaults, or nullptr if
     *         @p name names none
     */
    static Ptr<MigrationStrategy> CreateStrategy(const std::string& name);

    /// @return the names of every registered strategy, sorted, separated by " | "
    static std::string GetStrategyNames();

  private:
    ObjectFactory m_strategyFactory; //!< makes the strategies
    ObjectFactory m_managerFactory;  //!< makes the manager
    Ptr<MigrationManager> m_manager; //!< the manager, once made
};

} // namespace ns3

#endif /* MIGRATION_HELPER_H */
