/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scoped-attribute-defaults.h"

#include "ns3/abort.h"
#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/type-id.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ScopedAttributeDefaults");

std::pair<TypeId, std::size_t>
ScopedAttributeDefaults::Find(const std::string& name)
{
    // As Config::SetDefault finds it: among the attributes the class itself declares.
    std::string::size_type split = name.rfind("::");
    NS_ABORT_MSG_IF(split == std::string::npos, "not a full attribute name: " << name);
    TypeId tid;
    NS_ABORT_MSG_UNLESS(TypeId::LookupByNameFailSafe(name.substr(0, split), &tid),
                        "no such class: " << name);
    for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        if (tid.GetAttribute(i).name == name.substr(split + 2))
        {
            return {tid, i};
        }
    }
    NS_ABORT_MSG("no such attribute: " << name);
    return {tid, 0}; // not reached: the compiler cannot tell that the abort never returns
}

Ptr<const AttributeValue>
ScopedAttributeDefaults::GetDefault(const std::string& name)
{
    auto [tid, i] = Find(name);
    return tid.GetAttribute(i).initialValue;
}

void
ScopedAttributeDefaults::Restore(const Entry& entry)
{
    // The very value object it replaced goes back, not a copy as Config::SetDefault
    // would make: a scope made before this one then still finds its own value and puts
    // back what it replaced in turn.
    auto [tid, i] = Find(entry.name);
    tid.SetAttributeInitialValue(i, entry.before);
}

void
ScopedAttributeDefaults::Set(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    Ptr<const AttributeValue> before = GetDefault(name);
    Config::SetDefault(name, value);
    // ns-3 installs a new value object on every SetDefault: the object's identity
    // tells whether anything set this default again since.
    m_entries.push_back({name, before, GetDefault(name)});
}

std::set<std::string>
ScopedAttributeDefaults::GetChangedSince() const
{
    std::set<std::string> changed;
    for (const Entry& entry : m_entries)
    {
        if (GetDefault(entry.name) != entry.set)
        {
            changed.insert(entry.name);
        }
    }
    return changed;
}

ScopedAttributeDefaults::~ScopedAttributeDefaults()
{
    NS_LOG_FUNCTION(this);
    for (auto entry = m_entries.rbegin(); entry != m_entries.rend(); ++entry)
    {
        if (GetDefault(entry->name) == entry->set)
        {
            Restore(*entry);
        }
    }
}

} // namespace ns3
