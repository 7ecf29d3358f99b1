/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HYPERVISOR_H
#define HYPERVISOR_H

#include "credit-scheduler.h"
#include "netback-channel.h"
#include "processor-sharing-cpu.h"
#include "virtual-machine.h"

#include "ns3/bridge-net-device.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/simple-channel.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief The virtualization layer of one physical host (Xen plus its dom0).
 *
 * Aggregated to the host's Node.  It owns the host's memory: what dom0 keeps, what
 * its VMs use, and what a migration target has reserved for an incoming VM; and the
 * host's CPU: Cores physical cores of Speed, shared by a CreditScheduler among the
 * busy vCPUs of dom0 (Dom0Vcpus; its migration and netback work) and of the VMs
 * placed here (each VM's Vcpus).  dom0's IP address (on the host's bridge, like
 * Xen's xenbr0) is the end point of the migration streams.  Each VM's NIC is joined
 * to a vif port of that bridge by a NetbackChannel, which charges dom0's CPU
 * NetbackTxCost for every packet the guest sends and NetbackRxCost for every packet
 * it receives.
 */
class Hypervisor : public Object
{
  public:
    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    Hypervisor();

    /// @return the host's name
    std::string GetName() const;
    /// @return the host's node (the one this object is aggregated to)
    Ptr<Node> GetNode() const;
    /// @return dom0's IPv4 address, the end point of migration streams
    Ipv4Address GetAddress() const;
    /**
     * @brief Set dom0's IPv4 address.
     * @param address the address on the host's bridge
     */
    void SetAddress(Ipv4Address address);

    /**
     * @brief Set the host's bridge (Xen's xenbr0): the NIC and the VMs' vifs are its ports.
     * @param bridge the bridge
     */
    void SetBridge(Ptr<BridgeNetDevice> bridge);

    /**
     * @brief Join a VM's NIC to a new vif port of this host's bridge.
     * @param vm the VM
     */
    void Plug(Ptr<VirtualMachine> vm);

    /**
     * @brief Cut a VM's NIC from its vif: from now on it neither sends nor receives.
     * @param vm the VM
     */
    void Unplug(Ptr<VirtualMachine> vm);

    /// @return the host's physical cores (built from Cores and Speed on first use)
    Ptr<CreditScheduler> GetScheduler();

    /// @return dom0's vCPUs (Dom0Vcpus, on the host's cores; built on first use)
    Ptr<ProcessorSharingCpu> GetDom0Cpu();

    /// @return memory in MiB neither used by dom0 and the VMs nor reserved
    double GetFreeMemoryMiB() const;

    /**
     * @brief Place a VM on this host, taking its memory.
     * @param vm the VM
     */
    void AddVm(Ptr<VirtualMachine> vm);

    /**
     * @brief Remove a VM from this host, freeing its memory.
     * @param vm the VM
     */
    void RemoveVm(Ptr<VirtualMachine> vm);

    /**
     * @brief Reserve memory for an incoming VM (the migration target's preparation).
     * @param vm the incoming VM
     */
    void Reserve(Ptr<VirtualMachine> vm);

    /**
     * @brief Pause a VM placed here: it stops running, writing memory and using its
     *        NIC.
     * @param vm the VM
     */
    void Suspend(Ptr<VirtualMachine> vm);

    /**
     * @brief Run a VM whose memory was reserved here: it is placed on this host, its
     *        NIC joins this host's bridge, it runs again and (unless told not to)
     *        announces itself.
     * @param vm the VM that arrived
     */
    void Resume(Ptr<VirtualMachine> vm);

    /**
     * @brief Run again a VM this host suspended (its migration failed: Xen's toolstack
     *        resumes the domain where it was, as xc_domain_resume does).
     * @param vm the VM
     */
    void ResumeSuspended(Ptr<VirtualMachine> vm);

    /**
     * @brief Give back the memory reserved for @p vm (its migration failed).
     * @param vm the VM
     */
    void CancelReservation(Ptr<VirtualMachine> vm);

    /// @return the VMs placed on this host
    const std::vector<Ptr<VirtualMachine>>& GetVms() const;

    /**
     * @param vm a VM
     * @return whether the VM is placed on this host
     */
    bool Hosts(Ptr<VirtualMachine> vm) const;

  protected:
    void DoDispose() override;

  private:
    std::string m_name;                     //!< host name in records
    uint32_t m_memoryMiB;                   //!< physical memory
    uint32_t m_dom0MemoryMiB;               //!< memory kept by dom0 and Xen
    uint32_t m_cores;                       //!< physical CPU cores
    double m_speed;                         //!< work per second per core
    uint32_t m_dom0Vcpus;                   //!< dom0's vCPUs
    Time m_netbackTxCost;                   //!< dom0 CPU per packet a guest sends
    Time m_netbackRxCost;                   //!< dom0 CPU per packet a guest receives
    Ptr<CreditScheduler> m_scheduler;       //!< the physical cores
    Ptr<ProcessorSharingCpu> m_dom0Cpu;     //!< dom0's vCPUs
    double m_reservedMiB;                   //!< memory reserved for incoming VMs
    Ipv4Address m_address;                  //!< dom0 address
    std::vector<Ptr<VirtualMachine>> m_vms; //!< VMs placed here
    Ptr<BridgeNetDevice> m_bridge;          //!< xenbr0
    /// Each plugged VM's vif and the netback channel joining it to the VM's NIC.
    std::map<Ptr<VirtualMachine>, std::pair<Ptr<SimpleNetDevice>, Ptr<NetbackChannel>>> m_vifs;
};

} // namespace ns3

#endif /* HYPERVISOR_H */
