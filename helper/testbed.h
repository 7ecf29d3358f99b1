/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TESTBED_H
#define TESTBED_H

#include "ns3/host-route-fabric.h"
#include "ns3/hypervisor.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/virtual-machine.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief A built testbed: named machines on one LAN, some of them Xen hosts.
 *
 * Made by TestbedHelper::Install or TopologyHelper::Install.  Every machine has one IPv4
 * address: on the LAN (10.0.0.0/16), or in a routed fabric in its rack's subnet; a host's
 * address is dom0's, on its bridge.  VMs added to a host get their own node and address,
 * with their virtual NIC on the host's bridge; in a routed fabric (SetFabric) the address
 * is a /32 that HostRouteFabric announces from the VM's rack.
 */
class Testbed : public Object
{
  public:
    /// First random stream index used by the testbed's devices and stacks.
    static constexpr int64_t FIRST_STREAM = 100000;

    /**
     * @brief Get the type ID.
     * @return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * @param name a machine's name
     * @return its node; stops with a message naming it when there is none
     */
    Ptr<Node> GetNode(const std::string& name) const;

    /**
     * @param name a machine's name
     * @return its IPv4 address
     */
    Ipv4Address GetAddress(const std::string& name) const;

    /**
     * @param name a host's name
     * @return its hypervisor, or nullptr when the machine is not a Xen host
     */
    Ptr<Hypervisor> FindHypervisor(const std::string& name) const;

    /**
     * @param name a host's name
     * @return its hypervisor; stops with a message naming it when there is none
     */
    Ptr<Hypervisor> GetHypervisor(const std::string& name) const;

    /**
     * @brief Boot a VM on a host: give it a node whose NIC is a port of the host's
     *        bridge, an address, and the host's memory.
     * @param host the host's name
     * @param vm the VM (its attributes already set)
     */
    void AddVm(const std::string& host, Ptr<VirtualMachine> vm);

    /**
     * @brief Record a machine (used by TestbedHelper).
     * @param name its name
     * @param node its node
     * @param address its address
     * @param nic its LAN interface
     * @param switchPort the switch's port it is joined to (none on a bus)
     */
    void AddMachine(const std::string& name,
                    Ptr<Node> node,
                    Ipv4Address address,
                    Ptr<NetDevice> nic = nullptr,
                    Ptr<NetDevice> switchPort = nullptr);

    /**
     * @brief Record a switch (used by TopologyHelper): a bridge, or a router of a routed
     *        fabric; not one of the machines.
     * @param name its name
     * @param node its node
     */
    void AddSwitch(const std::string& name, Ptr<Node> node);

    /**
     * @param name a switch's name
     * @return its node; stops with a message naming it when there is none
     */
    Ptr<Node> GetSwitch(const std::string& name) const;

    /**
     * @brief Capture every frame each machine's NIC sends and receives (the hosts' carry
     *        their guests' traffic and the migration streams) into `FOLDER/NAME.pcap`,
     *        Ethernet link type, for Wireshark or tshark.
     *
     * A CSMA NIC's own sniffer gives the frames as they go on the wire.  A full-duplex
     * link has none: the frames a machine sends are taken where the switch's port
     * receives them, those it receives where its NIC does, each at its arrival.  Capturing
     * changes nothing in the simulation.
     * @param folder an existing folder
     */
    void EnablePcap(const std::string& folder);

    /// @return the machines' names, in alphabetical order
    std::vector<std::string> GetMachineNames() const;

    /**
     * @brief Put a machine in a partition (TopologyPartition): the process that simulates
     *        it under ns-3's distributed simulator, whose nodes carry it as their system id.
     * @param name a machine's name
     * @param partition its partition
     */
    void SetPartition(const std::string& name, uint32_t partition);

    /**
     * @param name a machine's name
     * @return its partition (0 unless set), whether or not the run is distributed
     */
    uint32_t GetPartition(const std::string& name) const;

    /**
     * @brief Set the address allocator shared by machines and VMs.
     * @param addresses the allocator, positioned at the next free address
     */
    void SetAddressAllocator(const Ipv4AddressHelper& addresses);

    /**
     * @brief Make the testbed a routed fabric's: a VM added gets its address as a /32
     *        host route (HostRouteFabric) instead of an address on the LAN.
     * @param fabric the fabric
     */
    void SetFabric(Ptr<HostRouteFabric> fabric);

    /// @return the routed fabric, or nullptr when the machines share one LAN
    Ptr<HostRouteFabric> GetFabric() const;

    /**
     * @brief Set the next free random stream index, for the stacks of VMs.
     * @param stream the index
     */
    void SetNextStream(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// What the testbed knows of a machine.
    struct Machine
    {
        Ptr<Node> node;            //!< its node
        Ipv4Address address;       //!< its address
        Ptr<NetDevice> nic;        //!< its LAN interface
        Ptr<NetDevice> switchPort; //!< the switch's port it is joined to, if any
    };

    /// @return the machine called @p name; stops with a message when unknown
    const Machine& Get(const std::string& name) const;

    std::map<std::string, Machine> m_machines;    //!< machines by name
    std::map<std::string, Ptr<Node>> m_switches;  //!< switches by name
    std::map<std::string, uint32_t> m_partitions; //!< machines' partitions, if not 0
    Ipv4AddressHelper m_addresses;                //!< next addresses
    int64_t m_nextStream{FIRST_STREAM};           //!< next random stream index
    Ptr<HostRouteFabric> m_fabric;                //!< the routed fabric, if any
};

} // namespace ns3

#endif /* TESTBED_H */
