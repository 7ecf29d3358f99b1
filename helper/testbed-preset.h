/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TESTBED_PRESET_H
#define TESTBED_PRESET_H

#include "testbed-helper.h"
#include "testbed.h"

#include "ns3/migration-manager.h"
#include "ns3/nstime.h"
#include "ns3/virtual-machine.h"

#include <set>
#include <string>

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
 *   figures of PAPER.md's experiment 1 by utils/vm-migration-calibrate (GSL least
 *   squares), one set per link model; the values, residuals and their physical
 *   reading are in doc/vm-migration.rst.  The hosts' CPUs and dom0's per-page costs
 *   are not identifiable from PAPER.md's figures and are stated assumptions (see
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
     * Attributes given on the command line ("ns3::MigrationManager::ResumeTime"): the
     * preset leaves them as given, so that `--ns3::Class::Attribute=value` overrides it.
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

    /**
     * @brief Set the manager's phase and dom0 CPU-cost attributes from this preset.
     * @param manager the migration manager
     */
    void Configure(Ptr<MigrationManager> manager) const;

    /**
     * @brief Set the hosts' Cores and Speed from this preset; call before anything
     *        runs on their CPUs (a hypervisor builds its CPU on first use).
     * @param testbed a testbed with the paper's machines
     */
    void ConfigureHosts(Ptr<Testbed> testbed) const;

    /**
     * @brief Set a VM's vCPUs and its log-dirty fault cost from this preset; call before
     *        it boots.
     * @param vm the VM
     */
    void ConfigureVm(Ptr<VirtualMachine> vm) const;

  private:
    /**
     * @brief Set @p object's attribute @p name to the preset's @p value, unless the
     *        command line gave it (for its class or a parent class).
     * @param object the object
     * @param name the attribute's name
     * @param value the preset's value
     */
    void Apply(Ptr<Object> object, const std::string& name, const AttributeValue& value) const;
};

} // namespace ns3

#endif /* TESTBED_PRESET_H */
