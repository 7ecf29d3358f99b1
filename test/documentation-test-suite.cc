/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-test-fixture.h"

#include "ns3/migration-monitor.h"
#include "ns3/test.h"
#include "ns3/type-id.h"

#include <map>
#include <regex>
#include <set>
#include <string>

namespace ns3
{

namespace
{

#ifdef VM_MIGRATION_DOC
/// The model's documentation.
const std::string DOC_PATH = VM_MIGRATION_DOC;
#else
/// The model's documentation, from an ns-3 tree's top (where test.py runs).
const std::string DOC_PATH = "contrib/vm-migration/doc/vm-migration.rst";
#endif

/// @return the text of @p doc's section @p title (up to the next section of its level)
std::string
Section(const std::string& doc, const std::string& title)
{
    std::string heading = "\n" + title + "\n" + std::string(title.size(), '=') + "\n";
    size_t start = doc.find(heading);
    if (start == std::string::npos)
    {
        return "";
    }
    start += heading.size();
    std::smatch next;
    std::string rest = doc.substr(start);
    if (std::regex_search(rest, next, std::regex("\n[^\n]+\n(=+|\\*+)\n")))
    {
        return rest.substr(0, next.position(0));
    }
    return rest;
}

/// @return the module's registered TypeIds (group VmMigration) by name
std::map<std::string, TypeId>
ModuleTypeIds()
{
    std::map<std::string, TypeId> tids;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid.GetGroupName() == "VmMigration")
        {
            tids[tid.GetName()] = tid;
        }
    }
    return tids;
}

/**
 * @param info an attribute
 * @param written its default as the doc writes it: "30 s", "0.0483 s", "150", "true",
 *        "0: no limit", "134217728 bytes/s; 0: no limit" (the first value is the default)
 * @return the default in the attribute's own serialization, or "" when the doc writes
 *         no plain value of a Boolean, Time, Double, Integer or Uinteger attribute there
 *         (e.g. "exponential, mean 1 s")
 */
std::string
WrittenDefault(const TypeId::AttributeInformation& info, const std::string& written)
{
    std::smatch m;
    std::string type = info.checker->GetValueTypeName();
    std::string value;
    if (type == "ns3::BooleanValue" &&
        std::regex_search(written, m, std::regex("^\\s*(true|false)\\b")))
    {
        value = m[1];
    }
    else if (type == "ns3::TimeValue" &&
             std::regex_search(written,
                               m,
                               std::regex("^\\s*([0-9]+(\\.[0-9]+)?)\\s*(s|ms|us|ns)\\b")))
    {
        value = std::string(m[1]) + std::string(m[3]);
    }
    else if (type == "ns3::TimeValue" && std::regex_search(written, m, std::regex("^\\s*0\\b")))
    {
        value = "0s";
    }
    else if ((type == "ns3::DoubleValue" || type == "ns3::UintegerValue" ||
              type == "ns3::IntegerValue") &&
             std::regex_search(written, m, std::regex("^\\s*(-?[0-9]+(\\.[0-9]+)?)\\b")))
    {
        value = m[1];
    }
    if (value.empty())
    {
        return "";
    }
    Ptr<AttributeValue> parsed = info.checker->Create();
    return parsed->DeserializeFromString(value, info.checker)
               ? parsed->SerializeToString(info.checker)
               : "unreadable: " + value;
}

} // namespace

/**
 * @ingroup vm-migration-tests
 * @brief The doc's attribute list is the registered attributes: every attribute of every
 *        module TypeId is named in its class's item of "Attributes", every name the doc
 *        gives a default to (``Name`` (...)) is an attribute of that class, and every
 *        plain default it writes there (a number, a time, true or false) is the
 *        attribute's initial value.
 *
 * An item is "* ``ns3::Class``: ..." up to the next item; a class with no attributes of
 * its own needs no item.
 */
class AttributeDocTest : public TestCase
{
  public:
    AttributeDocTest()
        : TestCase("the doc's attribute lists are the registered attributes")
    {
    }

  private:
    /**
     * @brief Check the plain defaults an item writes against @p tid's initial values.
     * @param tid a class
     * @param text its item
     */
    void CheckDefaults(TypeId tid, const std::string& text)
    {
        std::regex written("``([A-Z][A-Za-z0-9]*)``\\s+\\(([^)]*)\\)");
        for (std::sregex_iterator it(text.begin(), text.end(), written), end; it != end; ++it)
        {
            TypeId::AttributeInformation info;
            if (!tid.LookupAttributeByName((*it)[1], &info))
            {
                continue; // reported as an attribute the class does not have
            }
            std::string doc = WrittenDefault(info, (*it)[2]);
            if (!doc.empty())
            {
                NS_TEST_EXPECT_MSG_EQ(doc,
                                      info.initialValue->SerializeToString(info.checker),
                                      tid.GetName() << "::" << (*it)[1] << ": the doc has ("
                                                    << (*it)[2] << ")");
            }
        }
    }

    void DoRun() override
    {
        std::string section = Section(MigrationTestCase::ReadFile(DOC_PATH), "Attributes");
        NS_TEST_ASSERT_MSG_NE(section, "", "no Attributes section in " << DOC_PATH);
        std::map<std::string, std::string> items; // class name -> its item's text
        std::regex item("\\* ``(ns3::[A-Za-z0-9]+)``:([^*]*(\\*(?! ``ns3::)[^*]*)*)");
        for (std::sregex_iterator it(section.begin(), section.end(), item), end; it != end; ++it)
        {
            items[(*it)[1]] = (*it)[2];
        }
        std::map<std::string, TypeId> tids = ModuleTypeIds();
        for (const auto& [name, text] : items)
        {
            NS_TEST_EXPECT_MSG_EQ(tids.count(name), 1, "the doc lists " << name << ", no TypeId");
        }
        for (const auto& [name, tid] : tids)
        {
            std::set<std::string> registered;
            for (uint32_t i = 0; i < tid.GetAttributeN(); ++i)
            {
                registered.insert(tid.GetAttribute(i).name);
            }
            std::string text = items.count(name) ? items.at(name) : "";
            CheckDefaults(tid, text);
            for (const std::string& attribute : registered)
            {
                NS_TEST_EXPECT_MSG_NE(text.find("``" + attribute + "``"),
                                      std::string::npos,
                                      name << "::" << attribute << " is not in the doc");
            }
            std::regex claimed("``([A-Z][A-Za-z0-9]*)`` \\(");
            for (std::sregex_iterator it(text.begin(), text.end(), claimed), end; it != end; ++it)
            {
                NS_TEST_EXPECT_MSG_EQ(registered.count((*it)[1]),
                                      1,
                                      "the doc gives " << name << " an attribute " << (*it)[1]
                                                       << " it does not have");
            }
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The doc's trace sources are the registered ones: every trace source of every
 *        module TypeId is named ``ns3::Class::Source`` in "Traces", and every such name
 *        there is a registered trace source.
 */
class TraceDocTest : public TestCase
{
  public:
    TraceDocTest()
        : TestCase("the doc's trace sources are the registered trace sources")
    {
    }

  private:
    void DoRun() override
    {
        std::string section = Section(MigrationTestCase::ReadFile(DOC_PATH), "Traces");
        NS_TEST_ASSERT_MSG_NE(section, "", "no Traces section in " << DOC_PATH);
        std::set<std::string> registered;
        for (const auto& [name, tid] : ModuleTypeIds())
        {
            for (uint32_t i = 0; i < tid.GetTraceSourceN(); ++i)
            {
                registered.insert(name + "::" + tid.GetTraceSource(i).name);
            }
        }
        // "``ns3::Class::A``, ``B``, ``C``": later names in a run belong to the same class.
        std::set<std::string> documented;
        std::regex run(
            "``(ns3::[A-Za-z0-9]+)::([A-Za-z0-9]+)``((,?\\s+(and\\s+)?``[A-Za-z0-9]+``)*)");
        std::regex more("``([A-Za-z0-9]+)``");
        for (std::sregex_iterator it(section.begin(), section.end(), run), end; it != end; ++it)
        {
            std::string cls = (*it)[1];
            documented.insert(cls + "::" + std::string((*it)[2]));
            std::string tail = (*it)[3];
            for (std::sregex_iterator m(tail.begin(), tail.end(), more); m != end; ++m)
            {
                documented.insert(cls + "::" + std::string((*m)[1]));
            }
        }
        for (const std::string& source : registered)
        {
            NS_TEST_EXPECT_MSG_EQ(documented.count(source), 1, source << " is not in the doc");
        }
        for (const std::string& source : documented)
        {
            NS_TEST_EXPECT_MSG_EQ(registered.count(source),
                                  1,
                                  "the doc names " << source << ", no such trace source");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The doc's file headers are the monitor's: in "Output", the first code span
 *        with a comma after a file's name is its header, which must be MigrationMonitor's
 *        list of column constants for that file (line breaks and indentation aside).
 */
class OutputDocTest : public TestCase
{
  public:
    OutputDocTest()
        : TestCase("the doc's CSV headers are the monitor's column constants")
    {
    }

  private:
    void DoRun() override
    {
        using Columns = MigrationMonitor::Columns;
        std::string section = Section(MigrationTestCase::ReadFile(DOC_PATH), "Output");
        NS_TEST_ASSERT_MSG_NE(section, "", "no Output section in " << DOC_PATH);
        const std::pair<std::string, std::string> files[] = {
            {"migrations.csv", Columns::Join(Columns::MIGRATIONS_CSV, "")},
            {"rounds.csv", Columns::Join(Columns::ROUNDS_CSV, "")},
            {"events.csv", Columns::Join(Columns::EVENTS_CSV, "")},
            {"requests.csv", Columns::Join(Columns::REQUESTS_CSV, "")},
            {"timeseries.csv", Columns::Join(Columns::TIMESERIES_CSV, "")},
            {"summary.csv",
             Columns::Join(Columns::SUMMARY_CSV_FIRST, ",") +
                 Columns::Join(Columns::STATISTICS, "")},
        };
        for (const auto& [file, header] : files)
        {
            size_t at = section.find("``" + file + "``");
            NS_TEST_EXPECT_MSG_NE(at, std::string::npos, file << " is not in Output");
            std::smatch span;
            std::string rest = section.substr(at == std::string::npos ? 0 : at);
            std::string documented;
            if (std::regex_search(rest, span, std::regex("``([^`]*,[^`]*)``")))
            {
                documented = std::regex_replace(std::string(span[1]), std::regex("\\s+"), "");
            }
            NS_TEST_EXPECT_MSG_EQ(documented, header, file << "'s header in the doc");
        }
    }
};

/**
 * @ingroup vm-migration-tests
 * @brief The doc against the registered TypeIds.
 */
class DocumentationTestSuite : public TestSuite
{
  public:
    DocumentationTestSuite()
        : TestSuite("vm-migration-documentation", UNIT)
    {
        AddTestCase(new AttributeDocTest(), TestCase::QUICK);
        AddTestCase(new TraceDocTest(), TestCase::QUICK);
        AddTestCase(new OutputDocTest(), TestCase::QUICK);
    }
};

/// The suite's instance.
static DocumentationTestSuite g_documentationTestSuite;

} // namespace ns3
