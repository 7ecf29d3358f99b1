/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef VIRTUAL_MACHINE_H
#define VIRTUAL_MACHINE_H

#include "balloon-driver.h"
#include "dirty-page-model.h"
#include "guest-memory.h"
#include "processor-sharing-cpu.h"

#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/simple-net-device.h"
#include "ns3/traced-value.h"

#include <string>

namespace ns3
{

class Hypervisor;

/**
 * @ingroup vm-migration
 * @brief A guest domain: its memory, how it writes it, and where it runs.
 *
 * The VM is its own ns-3 Node (its guest applications and network stack live there)
 * whose virtual NIC (the netfront) is joined to a port of its host's bridge.  When the
 * VM resumes on another host, its NIC is joined to that host's bridge and, unless
 * Announce is false, the guest broadcasts a gratuitous ARP so that the LAN's
 * switches learn where its MAC address now is.  Its life cycle during a
 * migration is RUNNING -> MIGRATING (pre-copy rounds; still running) -> SUSPENDED
 * (paused on the source: the downtime) -> RESUMING (the target's toolstack restores
 * it; still down) -> RUNNING on the target host.
 *
 * The guest computes on its own vCPUs (Vcpus; GetCpu), which share the physical
 * cores of the host it runs on with dom0 and the other guests; they are paused
 * while the VM is.  In Xen's log-dirty mode (pre-copy), the guest's first write to a
 * page after each read-and-clean of the dirty log traps into Xen; each such fault
 * costs the guest's vCPUs LogDirtyFaultCost.
 */
class VirtualMachine : public Object
{
  public:
    /// Life-cycle states.
    enum State
    {
        RUNNING,   //!< running on its host
        MIGRATING, //!< running while its memory is copied live
        SUSPENDED, //!< paused for the stop-and-copy phase
        RESUMING,  //!< being restored on the target host, not yet running
    };

    /// Least MemoryMiB: one 4 KiB page.
    static constexpr double MIN_MEMORY_MIB = 1.0 / GuestMemory::PAGES_PER_MIB;
    /**
     * Most MemoryMiB: 2^31 - 1 pages (8 TiB), so that a page count fits GuestMemory's
     * 32-bit page numbers with room to spare.
     */
    static constexpr double MAX_MEMORY_MIB =
        static_cast<double>(UINT32_MAX / 2) / GuestMemory::PAGES_PER_MIB;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    VirtualMachine();

    /**
     * @brief Build the memory (MemoryMiB, PopulatedFraction) and start the workload.
     * @param host the hypervisor the VM starts on
     * @param node the VM's own node
     */
    void Boot(Ptr<Hypervisor> host, Ptr<Node> node);

    /// @return the VM's name
    std::string GetName() const;
    /// @return the configured memory in MiB
    double GetMemoryMiB() const;
    /// @return the bytes of CPU and device state sent at the end of a migration
    uint32_t GetDeviceStateBytes() const;
    /// @return the guest memory
    Ptr<GuestMemory> GetMemory() const;
    /// @return the model of how the guest writes memory
    Ptr<DirtyPageModel> GetDirtyPageModel() const;

    /// @return the guest's balloon driver (BalloonDriver: off unless its attributes say so)
    Ptr<BalloonDriver> GetBalloonDriver() const;
    /// @return the guest's vCPUs (built at Boot; speed set by its host's scheduler)
    Ptr<ProcessorSharingCpu> GetCpu() const;
    /// @return the VM's own node
    Ptr<Node> GetNode() const;
    /// @return the hypervisor the VM runs on
    Ptr<Hypervisor> GetHost() const;
    /// @return the current state
    State GetState() const;

    /**
     * @brief Change the life-cycle state; pausing and unpausing the guest's writes.
     * @param state the new state
     */
    void SetState(State state);

    /**
     * @brief Give the VM its network interface.
     * @param nic the guest's virtual NIC (on the VM's node)
     * @param address its IPv4 address
     */
    void SetNic(Ptr<SimpleNetDevice> nic, Ipv4Address address);

    /// @return the guest's virtual NIC
    Ptr<SimpleNetDevice> GetNic() const;

    /// @return the guest's IPv4 address
    Ipv4Address GetAddress() const;

    /// @return whether the guest announces itself after a migration
    bool AnnouncesOnResume() const;

    /// @brief Broadcast a gratuitous ARP reply for the guest's own address.
    void Announce();

    /**
     * @brief Record that the VM now runs on another host.
     * @param host the new host
     */
    void SetHost(Ptr<Hypervisor> host);

    /**
     * @param state a state
     * @return its name
     */
    static std::string StateName(State state);

    /**
     * TracedCallback signature for state changes.
     * @param [in] oldState the state before
     * @param [in] newState the state after
     */
    typedef void (*StateTracedCallback)(State oldState, State newState);

  protected:
    void DoDispose() override;

  private:
    /**
     * @brief Charge the guest's vCPUs for log-dirty write faults.
     * @param faults how many
     */
    void ChargeFaults(uint32_t faults);

    std::string m_name;               //!< name used in records
    uint32_t m_vcpus;                 //!< virtual CPUs
    Time m_faultCost;                 //!< CPU per log-dirty write fault
    Ptr<ProcessorSharingCpu> m_cpu;   //!< the guest's vCPUs
    double m_memoryMiB;               //!< memory size
    double m_populatedFraction;       //!< share of pages populated
    uint32_t m_deviceStateBytes;      //!< CPU and device state size
    Ptr<GuestMemory> m_memory;        //!< the guest's memory
    Ptr<DirtyPageModel> m_dirtyModel; //!< the guest's writes
    Ptr<BalloonDriver> m_balloon;     //!< the guest's balloon driver
    Ptr<Node> m_node;                 //!< the VM's own node
    Ptr<Hypervisor> m_host;           //!< current host
    Ptr<SimpleNetDevice> m_nic;       //!< the guest's virtual NIC
    Ipv4Address m_address;            //!< the guest's address
    bool m_announce;                  //!< gratuitous ARP after a migration
    TracedValue<State> m_state;       //!< life-cycle state
};

} // namespace ns3

#endif /* VIRTUAL_MACHINE_H */
