/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SCOPED_ATTRIBUTE_DEFAULTS_H
#define SCOPED_ATTRIBUTE_DEFAULTS_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Attribute defaults (Config::SetDefault) that hold while this object lives.
 *
 * A testbed preset is a set of attribute defaults: objects created while it is in
 * force take its values, and whatever sets a default after it (a script's own
 * Config::SetDefault, ns-3's CommandLine parsing `--ns3::Class::Attribute=value`) wins,
 * as ns-3's later-call-wins order has it.  On destruction each default this object
 * set is put back as it was, unless something changed it since: so that a process
 * that runs several scenarios (a test suite, a calibration) carries no preset from one
 * into the next.
 */
class ScopedAttributeDefaults
{
  public:
    ScopedAttributeDefaults() = default;
    /// Put back the defaults this object set that nothing changed since.
    ~ScopedAttributeDefaults();

    ScopedAttributeDefaults(const ScopedAttributeDefaults&) = delete;
    ScopedAttributeDefaults& operator=(const ScopedAttributeDefaults&) = delete;

    /**
     * @brief Config::SetDefault, remembering the value it replaces.
     * @param name the attribute's full name, "ns3::Class::Attribute"
     * @param value the new default
     */
    void Set(const std::string& name, const AttributeValue& value);

    /**
     * @return the names of the defaults this object set that something has set again
     *         since (their values are no longer this object's)
     */
    std::set<std::string> GetChangedSince() const;

    /**
     * @brief The current default of an attribute.
     * @param name its full name, "ns3::Class::Attribute"
     * @return the value objects of that class take on creation (never null: an unknown
     *         name aborts, as Config::SetDefault does)
     */
    static Ptr<const AttributeValue> GetDefault(const std::string& name);

  private:
    /**
     * @param name an attribute's full name, "ns3::Class::Attribute"
     * @return the class and the attribute's index among those it declares (an unknown
     *         name aborts)
     */
    static std::pair<TypeId, std::size_t> Find(const std::string& name);

    /// A default this object set.
    struct Entry
    {
        std::string name;                 //!< the attribute's full name
        Ptr<const AttributeValue> before; //!< the default it replaced
        Ptr<const AttributeValue> set;    //!< the value object this object installed
    };

    /**
     * @brief Put back the default @p entry replaced.
     * @param entry a default this object set
     */
    static void Restore(const Entry& entry);

    std::vector<Entry> m_entries; //!< in the order set
};

} // namespace ns3

#endif /* SCOPED_ATTRIBUTE_DEFAULTS_H */
