/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ATTRIBUTE_CONFIG_FILE_H
#define ATTRIBUTE_CONFIG_FILE_H

#include "scoped-attribute-defaults.h"

#include <set>
#include <string>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A run's attribute defaults saved to a file and loaded back by ns-3's ConfigStore
 *        (ConfigureDefaults: every registered attribute's default, and ns-3's global
 *        values such as RngSeed).
 *
 * A file whose name ends in ".xml" is in ConfigStore's XML format, any other in its raw
 * text (`default ns3::Class::Attribute "value"`, one a line).  ns-3.37 writes times and
 * reals with six significant digits.
 *
 * ConfigStore aborts the program on a file it cannot open (XML) or on a value an
 * attribute refuses; Load checks the file first and answers with a message instead.
 */
class AttributeConfigFile
{
  public:
    /**
     * @brief Write every attribute default and global value in force to @p path, as one
     *        file: written beside it and renamed over it, so that a failed save leaves no
     *        half-written file.
     * @param path the file
     * @return "" or why it could not be written
     */
    static std::string Save(const std::string& path);

    /**
     * @brief Check that @p path can be read and that every default and global value it
     *        gives is one its attribute accepts.
     * @param path the file
     * @return "" or what is wrong, naming the line
     */
    static std::string Check(const std::string& path);

    /**
     * @brief Make the attribute defaults @p path gives the defaults while @p scope lives;
     *        its global values are set for good.
     *
     * A default the file gives that equals the one in force is left alone, so that it
     * does not count as set.  Neither ConfigStore's own attributes nor those that hold an
     * object (a random variable, a queue) are loaded: such a default is a text from which
     * each object makes its own, where ConfigStore would make one object for all to share.
     * @param path the file (Check it first: ConfigStore aborts on a bad one)
     * @param scope holds the loaded defaults, and puts back what they replaced when
     *        destroyed
     * @return the full names ("ns3::Class::Attribute") of the defaults the file changed
     */
    static std::set<std::string> Load(const std::string& path, ScopedAttributeDefaults& scope);
};

} // namespace ns3

#endif /* ATTRIBUTE_CONFIG_FILE_H */
