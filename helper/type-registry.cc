/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "type-registry.h"

#include <set>

namespace ns3
{

bool
TypeRegistry::IsConcreteSubclass(TypeId base, const std::string& type)
{
    TypeId tid;
    return TypeId::LookupByNameFailSafe(type, &tid) && tid.IsChildOf(base) && tid.HasConstructor();
}

bool
TypeRegistry::Lookup(TypeId base, const std::string& name, const NameOf& nameOf, TypeId& tid)
{
    if (IsConcreteSubclass(base, name))
    {
        tid = TypeId::LookupByName(name);
        return true;
    }
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId t = TypeId::GetRegistered(i);
        if (IsConcreteSubclass(base, t.GetName()) && nameOf(t) == name)
        {
            tid = t;
            return true;
        }
    }
    return false;
}

std::string
TypeRegistry::ListNames(TypeId base, const NameOf& nameOf)
{
    std::set<std::string> names;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId t = TypeId::GetRegistered(i);
        if (IsConcreteSubclass(base, t.GetName()))
        {
            names.insert(nameOf(t));
        }
    }
    std::string list;
    for (const std::string& name : names)
    {
        list += (list.empty() ? "" : " | ") + name;
    }
    return list;
}

} // namespace ns3
