/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "attribute-config-file.h"

#include "output-folder.h"
#include "strict-options.h"

#include "ns3/boolean.h"
#include "ns3/config-store.h"
#include "ns3/enum.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AttributeConfigFile");

namespace
{
/// The attributes of ConfigStore itself: how a file is read, not what it holds.
const std::string CONFIG_STORE = "ns3::ConfigStore";

/// @return whether @p path names an XML file (by its ending)
bool
IsXml(const std::string& path)
{
    const std::string ending = ".xml";
    return path.size() >= ending.size() &&
           path.compare(path.size() - ending.size(), ending.size(), ending) == 0;
}

/**
 * @brief Make ConfigStore's attribute defaults select @p mode on @p path while @p scope
 *        lives: a ConfigStore reads them when it is made.
 * @param scope the scope
 * @param mode load or save
 * @param path the file
 * @param xml whether it is in XML, else in raw text
 */
void
SetStoreDefaults(ScopedAttributeDefaults& scope,
                 ConfigStore::Mode mode,
                 const std::string& path,
                 bool xml)
{
    scope.Set(CONFIG_STORE + "::Mode", EnumValue(mode));
    scope.Set(CONFIG_STORE + "::FileFormat",
              EnumValue(xml ? ConfigStore::XML : ConfigStore::RAW_TEXT));
    scope.Set(CONFIG_STORE + "::Filename", StringValue(path));
    scope.Set(CONFIG_STORE + "::SaveDeprecated", BooleanValue(false));
}

/**
 * @brief Check a value for a global value (RngSeed, ...).
 * @param name its name
 * @param value the text
 * @param [out] known whether @p name is a global value
 * @return "" or what @p value is not
 */
std::string
CheckGlobalValue(const std::string& name, const std::string& value, bool& known)
{
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() == name)
        {
            known = true;
            return StrictOptions::CheckValue((*it)->GetChecker(), value);
        }
    }
    known = false;
    return "";
}

/// One `default` or `global` entry of a file.
struct Entry
{
    int line;          //!< where it starts
    std::string type;  //!< default | global
    std::string name;  //!< the attribute or global value
    std::string value; //!< its text
};

/**
 * @brief The entries of a raw-text file, read as ConfigStore reads them: a type, a name,
 *        then a value in double quotes, which may go on over the next lines.
 * @param in the file
 * @return its entries
 */
std::vector<Entry>
ReadRawText(std::istream& in)
{
    std::vector<Entry> entries;
    Entry entry;
    std::string text;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number)
    {
        if (entry.type.empty())
        {
            std::istringstream fields(line);
            fields >> std::ws;
            if (!fields.good() || line.front() == '#')
            {
                continue; // blank or a comment
            }
            fields >> entry.type >> entry.name >> std::ws;
            std::getline(fields, text);
            entry.line = number;
        }
        else
        {
            text += line;
        }
        if (std::count(text.begin(), text.end(), '"') == 2)
        {
            std::string::size_type open = text.find('"');
            entry.value = text.substr(open + 1, text.rfind('"') - open - 1);
            entries.push_back(entry);
            entry = Entry();
            text.clear();
        }
    }
    return entries;
}

/// @return @p text with XML's five predefined entities replaced by their characters
std::string
UnescapeXml(std::string text)
{
    const std::pair<const char*, const char*> entities[] = {{"&lt;", "<"},
                                                            {"&gt;", ">"},
                                                            {"&quot;", "\""},
                                                            {"&apos;", "'"},
                                                            {"&amp;", "&"}};
    for (const auto& [entity, character] : entities)
    {
        for (std::string::size_type at = 0; (at = text.find(entity, at)) != std::string::npos; ++at)
        {
            text.replace(at, std::string(entity).size(), character);
        }
    }
    return text;
}

/**
 * @brief The entries of an XML file as ConfigStore writes it: one
 *        `<default name="..." value="..."/>` or `<global .../>` element a line.
 * @param in the file
 * @return its entries
 */
std::vector<Entry>
ReadXml(std::istream& in)
{
    static const std::regex element(
        R"re(<\s*(default|global)\s+name\s*=\s*"([^"]*)"\s+value\s*=\s*"([^"]*)")re");
    std::vector<Entry> entries;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number)
    {
        std::smatch match;
        if (std::regex_search(line, match, element))
        {
            entries.push_back({number, match[1], UnescapeXml(match[2]), UnescapeXml(match[3])});
        }
    }
    return entries;
}
} // namespace

std::string
AttributeConfigFile::Check(const std::string& path)
{
    std::error_code error;
    std::ifstream in(path);
    if (!in || std::filesystem::is_directory(path, error))
    {
        return "cannot read '" + path + "'";
    }
    for (const Entry& entry : IsXml(path) ? ReadXml(in) : ReadRawText(in))
    {
        if (entry.type != "default" && entry.type != "global")
        {
            continue; // ConfigStore reads only these for the defaults
        }
        bool known = false;
        std::string why = entry.type == "default"
                              ? StrictOptions::CheckAttributeValue(entry.name, entry.value, known)
                              : CheckGlobalValue(entry.name, entry.value, known);
        if (!known || !why.empty())
        {
            std::ostringstream msg;
            msg << path << ", line " << entry.line << ": ";
            if (!known)
            {
                msg << "no " << (entry.type == "default" ? "attribute" : "global value")
                    << " named '" << entry.name << "'";
            }
            else
            {
                msg << entry.name << ": '" << entry.value << "' " << why;
            }
            return msg.str();
        }
    }
    return "";
}

std::string
AttributeConfigFile::Save(const std::string& path)
{
    NS_LOG_FUNCTION(path);
    std::error_code error;
    if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error))
    {
        return "cannot write '" + path + "': not a regular file"; // /dev/null, a folder
    }
    // ConfigStore writes only to a file it names itself: a scratch file beside the
    // result, whose text then goes to @p path whole or not at all (OutputFolder).
    std::string scratch = path + ".configstore-" + std::to_string(::getpid());
    if (!std::ofstream(scratch))
    {
        return "cannot write '" + path + "'";
    }
    {
        ScopedAttributeDefaults store;
        SetStoreDefaults(store, ConfigStore::SAVE, scratch, IsXml(path));
        ConfigStore config;
        config.ConfigureDefaults();
    } // the file is complete once the ConfigStore is gone
    std::ostringstream text;
    text << std::ifstream(scratch).rdbuf();
    std::filesystem::remove(scratch, error);
    if (text.str().empty())
    {
        return "cannot write '" + path + "': ConfigStore wrote nothing";
    }
    std::string why = OutputFolder::WriteFile(path, text.str());
    return why.empty() ? "" : "cannot write '" + path + "': " + why;
}

std::set<std::string>
AttributeConfigFile::Load(const std::string& path, ScopedAttributeDefaults& scope)
{
    NS_LOG_FUNCTION(path);
    ScopedAttributeDefaults store;
    SetStoreDefaults(store, ConfigStore::LOAD, path, IsXml(path));

    // ConfigStore sets the defaults with Config::SetDefault, which puts a new value
    // object in place of each: the objects tell which it set.  Each is put back, then set
    // again through @p scope, which restores it when the scenario ends.
    struct Before
    {
        TypeId tid;                      //!< the class
        std::size_t index;               //!< the attribute's index in it
        Ptr<const AttributeValue> value; //!< its default before the load
    };

    std::vector<Before> before;
    for (uint16_t t = 0; t < TypeId::GetRegisteredN(); ++t)
    {
        TypeId tid = TypeId::GetRegistered(t);
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            before.push_back({tid, i, tid.GetAttribute(i).initialValue});
        }
    }
    {
        ConfigStore config;
        config.ConfigureDefaults();
    }
    std::set<std::string> changed;
    for (Before& b : before)
    {
        TypeId::AttributeInformation info = b.tid.GetAttribute(b.index);
        Ptr<const AttributeValue> loaded = info.initialValue;
        if (loaded == b.value)
        {
            continue;
        }
        b.tid.SetAttributeInitialValue(b.index, b.value);
        std::string name = b.tid.GetName() + "::" + info.name;
        if (b.tid.GetName() == CONFIG_STORE)
        {
            continue;
        }
        if (info.checker->GetValueTypeName() == "ns3::PointerValue")
        {
            // A default given as text ("ns3::UniformRandomVariable[Max=10]") makes an
            // object for each object that takes it; Config::SetDefault makes one, which
            // every such object would share (one random stream, one queue).
            NS_LOG_INFO(name << ": an object, not loaded");
            continue;
        }
        // Compared as the checker makes them: a default given as text ("1s") and the
        // same value loaded ("+1e+09ns") are one.
        Ptr<AttributeValue> was = info.checker->CreateValidValue(*b.value);
        std::string now = loaded->SerializeToString(info.checker);
        if (was && was->SerializeToString(info.checker) == now)
        {
            continue;
        }
        NS_LOG_INFO(name << " = " << now);
        scope.Set(name, *loaded);
        changed.insert(name);
    }
    return changed;
}

} // namespace ns3
