/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TESTBED_PRESET_H
#define TESTBED_PRESET_H

#include "scoped-attribute-defaults.h"
#include "testbed-helper.h"
#include "testbed.h"

#include "ns3/nstime.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The testbed-specific parameters of a scenario: toolstack phase times and
 *        how much of a VM's memory is populated.
 *
 * - `ideal`: no toolstack overheads, every page populated -- the pure model, where
 *   a migration costs exactly its stream over TCP.
 * - `paper`: the toolstack phases and the populated fraction fitted to the measured
 *   figures of the paper's experiment 1 by utils/vm-migration-calibrate (GSL least
 *   squares), one set per link model; the values, residuals and their physical
 *   reading are in doc/vm-migration.rst.  The hosts' CPUs and dom0's per-page costs
 *   are not identifiable from the paper's figures and are stated assumptions (see
 *   testbed-preset.cc).
 */
struct TestbedPreset
{
    std::string name;              //!< preset name
    Time preparationTime;          //!< fixed preparation on the target
    Time reservationTimePerMiB;    //!< reservation time per MiB of VM memory
    Time suspendTime;              //!< suspend request to final round
    Time resumeTime;               //!< end of stream to VM running
    double populatedFraction{1.0}; //!< share of a VM's pages that hold data

    /// A Xen host's CPU: cores of a speed relative to the core CPU demands are given for.
    struct HostCpu
    {
        uint32_t cores{1}; //!< cores
        double speed{1.0}; //!< speed of each core
    };

    HostCpu host1;         //!< CPU of the paper's host1 (XCP-resource01)
    HostCpu host2;         //!< CPU of the paper's host2 (XCP-resource02)
    uint32_t dom0Vcpus{1}; //!< dom0's vCPUs on each host
    uint32_t vmVcpus{1};   //!< the guest's vCPUs

    /// Xen's I/O-path mechanisms, switched on cumulatively (for ablation).
    enum IoPath
    {
        NETWORK,   //!< the hosts' queues and TCP buffers only: dom0 and Xen cost no CPU
        DOM0_CPU,  //!< + dom0's per-page migration work
        NETBACK,   //!< + netback's work for every guest packet
        LOG_DIRTY, //!< + the guest's log-dirty write faults: the whole model
    };

    IoPath ioPath{LOG_DIRTY}; //!< which mechanisms act

    /**
     * Attributes whose value stands against the preset's, by full name
     * ("ns3::MigrationManager::ResumeTime"): those the command line gave
     * (`--ns3::Class::Attribute=value`), and any a script set after the preset.
     */
    std::set<std::string> given;

    /**
     * @brief The attributes a command line sets, as ns-3's CommandLine reads them
     *        (`--ns3::Class::Attribute=value` or `--Class::Attribute=value`).
     * @param argc the argument count
     * @param argv the arguments
     * @return their full names, "ns3::Class::Attribute"
     */
    static std::set<std::string> AttributesGiven(int argc, char* argv[]);
    Time sendCostPerPage;    //!< source dom0's CPU per page sent (speed-1 core)
    Time receiveCostPerPage; //!< target dom0's CPU per page received (speed-1 core)
    Time netbackTxCost;      //!< dom0's CPU per packet a guest sends
    Time netbackRxCost;      //!< dom0's CPU per packet a guest receives
    Time logDirtyFaultCost;  //!< the guest's CPU per log-dirty write fault

    /**
     * @brief Parse an I/O-path level's name.
     * @param name network | dom0-cpu | netback | log-dirty
     * @param [out] level the level
     * @return whether the name is known
     */
    static bool ParseIoPath(const std::string& name, IoPath& level);

    /**
     * @param level a level
     * @return its name
     */
    static std::string IoPathName(IoPath level);

    /**
     * @brief Look a preset up.
     * @param name "paper" or "ideal"
     * @param linkModel the link model the preset is for
     * @param preset set to the preset found
     * @return whether the name is known
     */
    static bool Find(const std::string& name,
                     TestbedHelper::LinkModel linkModel,
                     TestbedPreset& preset);

    /// A preset's value for one attribute's default.
    struct Default
    {
        std::string name;                //!< full name, "ns3::Class::Attribute"
        Ptr<const AttributeValue> value; //!< the preset's value
    };

    /**
     * @brief The attribute defaults this preset stands for: the manager's toolstack
     *        phases and dom0 costs, the VMs' populated fraction, vCPUs and log-dirty
     *        fault cost, and the hosts' dom0 vCPUs, netback costs and CPU (host1's,
     *        for every Hypervisor; ConfigureHosts gives host2 its own).
     * @return them, with the I/O-path level's mechanisms above `ioPath` at zero cost
     */
    std::vector<Default> GetDefaults() const;

    /**
     * @brief Make this preset's values the defaults of the objects created while
     *        @p scope lives, except the attributes in `given`.
     *
     * Call it before creating the testbed: what sets a default after it (a script's
     * Config::SetDefault, CommandLine's `--ns3::Class::Attribute=value`) overrides it.
     * @param scope holds the defaults, and puts them back when destroyed
     */
    void SetDefaults(ScopedAttributeDefaults& scope) const;

    /**
     * @brief Give host1 and host2 their own Cores and Speed; call before anything runs
     *        on their CPUs (a hypervisor builds its CPU on first use).  An attribute in
     *        `given` is left as it is.
     * @param testbed a testbed with the paper's machines
     */
    void ConfigureHosts(Ptr<Testbed> testbed) const;
};

} // namespace ns3

#endif /* TESTBED_PRESET_H */
