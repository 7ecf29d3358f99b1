/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TESTBED_HELPER_H
#define TESTBED_HELPER_H

#include "testbed.h"

#include "ns3/data-rate.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * @ingroup vm-migration
 * @brief Builds a testbed: machines and Xen hosts on one Ethernet LAN.
 *
 * Nothing here assumes two hosts: add machines and hosts, then Install.  The LAN
 * is either switched (a bridge node as the switch, one link per machine; the
 * default) or one shared bus.  Two link models:
 * - `csma`: ns-3's CsmaNetDevice/CsmaChannel, a half-duplex bus per link (data and
 *   ACKs of a flow share it).  The device adds the 14-byte header and 4-byte FCS;
 *   its inter-frame gap is widened from 12 to 20 byte times to charge the 8-byte
 *   preamble and start delimiter too.
 * - `full-duplex`: SimpleNetDevice/SimpleChannel pairs, one direction independent
 *   of the other, as switched full-duplex Ethernet.  SimpleNetDevice charges only
 *   the IP packet, so its rate is scaled by 1500/1538: a full-size frame takes
 *   exactly its Ethernet time (1500 bytes of IP, 14 header, 4 FCS, 8 preamble and
 *   12 inter-frame gap).  Smaller frames are charged a little less than Ethernet
 *   would (an ACK on an idle reverse direction, which delays no data).  Switched
 *   only.
 * A host's NIC and its VMs' virtual NICs are ports of a bridge on the host (Xen's
 * xenbr0) that carries dom0's address.
 *
 * Install also sets ns-3's TCP defaults to what the testbed's Linux 2.6.32 kernels
 * did (see ConfigureLinuxTcp), unless told not to.
 */
class TestbedHelper
{
  public:
    /// How each link is modelled.
    enum LinkModel
    {
        CSMA,        //!< ns-3 CSMA, half duplex
        FULL_DUPLEX, //!< point-to-point pairs, full duplex
    };

    /// How the machines are joined.
    enum Topology
    {
        SWITCHED, //!< a link per machine to a bridge node acting as the switch
        BUS,      //!< one shared CSMA bus
    };

    TestbedHelper();

    /**
     * @param model the link model
     */
    void SetLinkModel(LinkModel model);
    /**
     * @param topology the topology
     */
    void SetTopology(Topology topology);
    /**
     * @param rate the links' bit rate (100 Mb/s by default)
     */
    void SetLinkRate(DataRate rate);
    /**
     * @param delay the links' propagation delay (0.5 us, 100 m of cable, by default)
     */
    void SetLinkDelay(Time delay);
    /**
     * @param configure whether Install sets Linux-like TCP defaults (true by default)
     */
    void SetConfigureTcp(bool configure);
    /**
     * @param given attributes a user set, by full name ("ns3::TcpSocket::RcvBufSize", as
     *        TestbedPreset::AttributesGiven lists a command line's): Install's Linux TCP
     *        defaults leave them as they are
     */
    void SetGivenAttributes(const std::set<std::string>& given);

    /**
     * @brief Set the transmit queue of every machine's NIC (not the switch's ports).
     *
     * Linux gives an Ethernet device a txqueuelen of 1000 packets (ether_setup) under
     * pfifo_fast, whose three bands share that limit; all the testbed's traffic is of
     * ordinary priority (band 1), so the queue is a 1000-packet FIFO.  On a host the
     * NIC is a port of the bridge: dom0's own traffic (the migration stream) and every
     * guest's traffic leave through it.  The switch's ports keep ns-3's 100 frames
     * (the paper does not name the switch).
     * @param packets the queue's length (default 1000)
     */
    void SetTxQueueLength(uint32_t packets);

    /**
     * @brief Add a machine without a hypervisor (front-end, storage, load generator).
     * @param name its name
     */
    void AddMachine(const std::string& name);

    /**
     * @brief Add a Xen host.
     * @param name its name
     * @param memoryMiB its physical memory
     * @param dom0MemoryMiB memory kept by Xen and dom0
     */
    void AddHost(const std::string& name, uint32_t memoryMiB, uint32_t dom0MemoryMiB = 512);

    /**
     * @brief Build the testbed.
     * @return the testbed
     */
    Ptr<Testbed> Install() const;

    /**
     * @brief The paper's testbed (its Table 1): front-end, storage (NFS and load
     *        generator), host1 (1.5 GB, the source) and host2 (2 GB, the target).
     */
    void AddPaperMachines();

    /// @return the names AddPaperMachines gives the paper's machines
    static std::vector<std::string> GetPaperMachineNames();

    /**
     * @brief Set ns-3's TCP defaults to those of the testbed's Linux 2.6.32 hosts:
     * segment size 1448 (Ethernet), minimum RTO 200 ms, 15 data retransmissions,
     * delayed-ACK timeout 40 ms, initial window 3 segments, CUBIC, Nagle's algorithm on;
     * and ns-3's ARP to Linux's neighbour resolution: 3 requests 1 s apart (ArpCache
     * MaxRetries 2), and a packet to an address whose resolution failed starts a new one
     * (ArpCache DeadTimeout 0).
     * @param given attributes, by full name, left as they are: those a user set
     */
    static void ConfigureLinuxTcp(const std::set<std::string>& given = {});

    /**
     * @brief Give nodes the testbed's IPv4 stack and fix its random streams (ARP's request
     *        jitter, global routing's), so that a run does not depend on what else the
     *        process simulated before.  No IPv6: the testbed's LAN carried IPv4 only.
     * @param nodes the machines or VMs
     * @param stream the first random stream index to use
     * @param globalRouting whether the nodes take part in global routing (static routing
     *        first, then global, as ns-3's InternetStackHelper sets it); without, static
     *        routing alone: a machine or VM of a routed fabric, which reaches the rest
     *        through its default route
     * @return the number of streams used
     */
    static int64_t InstallIpv4Stack(const NodeContainer& nodes,
                                    int64_t stream,
                                    bool globalRouting = true);

    /**
     * @brief Make a Xen host's hypervisor, for InstallMachine.
     * @param name the host's name
     * @param memoryMiB its physical memory
     * @param dom0MemoryMiB memory kept by Xen and dom0
     * @return the hypervisor
     */
    static Ptr<Hypervisor> CreateHypervisor(const std::string& name,
                                            uint32_t memoryMiB,
                                            uint32_t dom0MemoryMiB);

    /**
     * @brief Put a machine on the LAN and record it in the testbed: its address on its
     *        NIC, or, for a Xen host, on a bridge (xenbr0) whose first port is the NIC, the
     *        hypervisor aggregated to its node with that bridge and address.
     * @param testbed the testbed
     * @param addresses the LAN's address allocator
     * @param name the machine's name
     * @param node its node, with an IPv4 stack
     * @param nic its LAN interface
     * @param switchPort the switch's port it is joined to (none on a bus)
     * @param hypervisor its hypervisor, attributes set, or nullptr when it is not a host
     */
    static void InstallMachine(Ptr<Testbed> testbed,
                               Ipv4AddressHelper& addresses,
                               const std::string& name,
                               Ptr<Node> node,
                               Ptr<NetDevice> nic,
                               Ptr<NetDevice> switchPort,
                               Ptr<Hypervisor> hypervisor);

    /**
     * @param name "csma" or "full-duplex"
     * @param model set to the model named
     * @return whether the name is known
     */
    static bool ParseLinkModel(const std::string& name, LinkModel& model);

    /**
     * @param model a link model
     * @return its name
     */
    static std::string LinkModelName(LinkModel model);

  private:
    /// A machine to build.
    struct MachineSpec
    {
        std::string name;       //!< its name
        bool isHost;            //!< whether it runs Xen
        uint32_t memoryMiB;     //!< physical memory (hosts)
        uint32_t dom0MemoryMiB; //!< dom0's memory (hosts)
    };

    LinkModel m_linkModel;               //!< link model
    Topology m_topology;                 //!< topology
    DataRate m_linkRate;                 //!< link rate
    Time m_linkDelay;                    //!< link delay
    bool m_configureTcp;                 //!< set Linux TCP defaults
    std::set<std::string> m_given;       //!< attributes a user set, which those leave
    uint32_t m_txQueueLength;            //!< machines' NIC transmit queues (packets)
    std::vector<MachineSpec> m_machines; //!< machines to build
};

} // namespace ns3

#endif /* TESTBED_HELPER_H */
