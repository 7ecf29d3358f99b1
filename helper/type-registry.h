/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TYPE_REGISTRY_H
#define TYPE_REGISTRY_H

#include "ns3/type-id.h"

#include <functional>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Finds the registered concrete subclasses of a base class (strategies, workloads)
 *        by their TypeId name or by a short name, so that a new subclass is found with no
 *        list to edit.
 */
class TypeRegistry
{
  public:
    /// The short name of a concrete subclass (e.g. "pre-copy", "sampleweb").
    using NameOf = std::function<std::string(TypeId)>;

    /**
     * @param base the base class
     * @param type a TypeId name
     * @return whether @p type is registered, a subclass of @p base, and has a constructor
     */
    static bool IsConcreteSubclass(TypeId base, const std::string& type);

    /**
     * @brief Find a concrete subclass of @p base by its TypeId name or its short name.
     * @param base the base class
     * @param name the TypeId name (e.g. "ns3::XenPreCopyStrategy") or the short name
     * @param nameOf gives a subclass's short name
     * @param tid set to the subclass found
     * @return whether one was found
     */
    static bool Lookup(TypeId base, const std::string& name, const NameOf& nameOf, TypeId& tid);

    /**
     * @param base the base class
     * @param nameOf gives a subclass's short name
     * @return the concrete subclasses' short names, sorted, separated by " | "
     */
    static std::string ListNames(TypeId base, const NameOf& nameOf);
};

} // namespace ns3

#endif /* TYPE_REGISTRY_H */
