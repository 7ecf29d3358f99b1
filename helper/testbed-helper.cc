/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "testbed-helper.h"

#include "ethernet-link-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/bridge-helper.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/double.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/uinteger.h"

namespace ns3
{

TestbedHelper::TestbedHelper()
    : m_linkModel(CSMA),
      m_topology(SWITCHED),
      m_linkRate("100Mbps"),
      m_linkDelay(NanoSeconds(500)),
      m_configureTcp(true),
      m_txQueueLength(1000)
{
}

void
TestbedHelper::SetTxQueueLength(uint32_t packets)
{
    NS_ABORT_MSG_IF(packets == 0, "TestbedHelper: a transmit queue needs room for a packet");
    m_txQueueLength = packets;
}

void
TestbedHelper::SetLinkModel(LinkModel model)
{
    m_linkModel = model;
}

void
TestbedHelper::SetTopology(Topology topology)
{
    m_topology = topology;
}

void
TestbedHelper::SetLinkRate(DataRate rate)
{
    m_linkRate = rate;
}

void
TestbedHelper::SetLinkDelay(Time delay)
{
    m_linkDelay = delay;
}

void
TestbedHelper::SetConfigureTcp(bool configure)
{
    m_configureTcp = configure;
}

void
TestbedHelper::SetGivenAttributes(const std::set<std::string>& given)
{
    m_given = given;
}

void
TestbedHelper::AddMachine(const std::string& name)
{
    m_machines.push_back({name, false, 0, 0});
}

void
TestbedHelper::AddHost(const std::string& name, uint32_t memoryMiB, uint32_t dom0MemoryMiB)
{
    m_machines.push_back({name, true, memoryMiB, dom0MemoryMiB});
}

std::vector<std::string>
TestbedHelper::GetPaperMachineNames()
{
    return {"front-end", "storage", "host1", "host2"};
}

void
TestbedHelper::AddPaperMachines()
{
    AddMachine("front-end");
    AddMachine("storage");
    // Table 1's memory.  XCP 0.5's installer gives dom0 752 MiB (DOM0_MEM), but then
    // host1's 1.5 GB could not hold experiment 1's 1 GB VM: dom0 kept at most 512 MiB.
    AddHost("host1", 1536);
    AddHost("host2", 2048);
}

void
TestbedHelper::ConfigureLinuxTcp(const std::set<std::string>& given)
{
    // What a user gave (a command line's --ns3::Class::Attribute) stands.
    auto set = [&given](const std::string& name, const AttributeValue& value) {
        if (given.count(name) == 0)
        {
            Config::SetDefault(name, value);
        }
    };
    set("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    set("ns3::TcpSocketBase::MinRto", TimeValue(MilliSeconds(200)));
    // Linux keeps the deviation term of the retransmission timeout at tcp_rto_min or more
    // (tcp_rtt_estimator: rttvar = max(mdev_max, tcp_rto_min)), so the timeout is at least
    // the smoothed RTT plus 200 ms (__tcp_set_rto); ns-3 adds max(ClockGranularity,
    // 4 rttvar).  On a LAN both give 200 ms, but behind a standing queue of a few hundred
    // milliseconds ns-3's 1 ms would fire spuriously at every jitter.
    set("ns3::TcpSocketBase::ClockGranularity", TimeValue(MilliSeconds(200)));
    set("ns3::TcpSocket::DataRetries", UintegerValue(15));
    set("ns3::TcpSocket::DelAckTimeout", TimeValue(MilliSeconds(40)));
    set("ns3::TcpSocket::InitialCwnd", UintegerValue(3));
    set("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpCubic"));
    // Nagle's algorithm is on in Linux unless a socket sets TCP_NODELAY: a stream
    // written in pieces still leaves as full-size segments.
    set("ns3::TcpSocket::TcpNoDelay", BooleanValue(false));
    // Linux holds a closed connection in TIME_WAIT for 60 s (TCP_TIMEWAIT_LEN), ns-3 for
    // 2 × 120 s: a connection-per-request client would run out of ports four times sooner.
    set("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(30));
    // Linux 2.6.32 autotunes a connection's buffers up to tcp_wmem[2] and tcp_rmem[2],
    // 4 MiB on hosts with this much memory (tcp_init, net/ipv4/tcp.c).  A bulk flow
    // (the migration stream, netperf's TCP_STREAM) grows to them; ns-3 does not
    // autotune, so every socket gets the maximum.  A request/response connection never
    // holds more than a response, so its buffers' size makes no difference.  Linux
    // advertises a quarter less window than the receive buffer's space, leaving the rest
    // for the buffers' overhead (tcp_win_from_space, tcp_adv_win_scale = 2): a 3 MiB
    // window, which is what ns-3's RcvBufSize bounds.
    set("ns3::TcpSocket::SndBufSize", UintegerValue(4 << 20));
    set("ns3::TcpSocket::RcvBufSize", UintegerValue(3 << 20));
    // Neighbour resolution as Linux's (net/core/neighbour.c).  A resolution sends
    // mcast_solicit = 3 requests, retrans_time = 1 s apart, and fails 1 s after the last
    // (neigh_timer_handler: probes start at ucast_solicit, 3, and fail at
    // neigh_max_probes, 6): ns-3's first request and MaxRetries more.  The next packet
    // to the address then starts a new resolution (__neigh_event_send takes a NUD_FAILED
    // entry back to NUD_INCOMPLETE), where ns-3's ArpCache drops every packet to it for
    // DeadTimeout, 100 s by default: a connection whose first ARP requests were lost in a
    // congested fabric would lose its every SYN retransmission.  Zero: a dead entry has
    // expired by the next packet.
    set("ns3::ArpCache::MaxRetries", UintegerValue(2));
    set("ns3::ArpCache::DeadTimeout", TimeValue(Seconds(0)));
}

int64_t
TestbedHelper::InstallIpv4Stack(const NodeContainer& nodes, int64_t stream, bool globalRouting)
{
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    if (!globalRouting)
    {
        stack.SetRoutingHelper(Ipv4StaticRoutingHelper());
    }
    stack.Install(nodes);
    return stack.AssignStreams(nodes, stream);
}

bool
TestbedHelper::ParseLinkModel(const std::string& name, LinkModel& model)
{
    for (LinkModel candidate : {CSMA, FULL_DUPLEX})
    {
        if (name == LinkModelName(candidate))
        {
            model = candidate;
            return true;
        }
    }
    return false;
}

std::string
TestbedHelper::LinkModelName(LinkModel model)
{
    return model == CSMA ? "csma" : "full-duplex";
}

Ptr<Hypervisor>
TestbedHelper::CreateHypervisor(const std::string& name, uint32_t memoryMiB, uint32_t dom0MemoryMiB)
{
    auto hypervisor = CreateObject<Hypervisor>();
    hypervisor->SetAttribute("Name", StringValue(name));
    hypervisor->SetAttribute("MemoryMiB", UintegerValue(memoryMiB));
    hypervisor->SetAttribute("Dom0MemoryMiB", UintegerValue(dom0MemoryMiB));
    return hypervisor;
}

void
TestbedHelper::InstallMachine(Ptr<Testbed> testbed,
                              Ipv4AddressHelper& addresses,
                              const std::string& name,
                              Ptr<Node> node,
                              Ptr<NetDevice> nic,
                              Ptr<NetDevice> switchPort,
                              Ptr<Hypervisor> hypervisor)
{
    Ptr<NetDevice> ipDevice = nic;
    Ptr<BridgeNetDevice> bridge;
    if (hypervisor)
    {
        // Xen's xenbr0: dom0's address is on the bridge, the NIC its first port.
        bridge = DynamicCast<BridgeNetDevice>(
            BridgeHelper().Install(node, NetDeviceContainer(nic)).Get(0));
        ipDevice = bridge;
    }
    Ipv4Address address = addresses.Assign(NetDeviceContainer(ipDevice)).GetAddress(0);
    if (hypervisor)
    {
        hypervisor->SetAddress(address);
        hypervisor->SetBridge(bridge);
        node->AggregateObject(hypervisor);
    }
    testbed->AddMachine(name, node, address, nic, switchPort);
}

Ptr<Testbed>
TestbedHelper::Install() const
{
    NS_ABORT_MSG_IF(m_machines.empty(), "TestbedHelper: no machines to install");
    NS_ABORT_MSG_IF(m_linkModel == FULL_DUPLEX && m_topology == BUS,
                    "TestbedHelper: the full-duplex link model needs the switched topology");
    if (m_configureTcp)
    {
        ConfigureLinuxTcp(m_given);
    }

    NodeContainer machines(m_machines.size());
    int64_t stream = Testbed::FIRST_STREAM;
    stream += InstallIpv4Stack(machines, stream);

    CsmaHelper csma;
    NetDeviceContainer csmaDevices;
    auto installCsma = [this, &csma, &csmaDevices](const NodeContainer& nodes) {
        NetDeviceContainer devices =
            EthernetLinkHelper::InstallCsma(csma, nodes, m_linkRate, m_linkDelay);
        csmaDevices.Add(devices);
        return devices;
    };

    // One NIC per machine, joined by a bus or through a switch.
    NetDeviceContainer nics;
    NetDeviceContainer switchPorts; // the switch's port of each machine, in order
    if (m_topology == BUS)
    {
        nics = installCsma(machines);
    }
    else
    {
        Ptr<Node> lanSwitch = CreateObject<Node>();
        for (uint32_t i = 0; i < machines.GetN(); ++i)
        {
            NetDeviceContainer pair = m_linkModel == CSMA
                                          ? installCsma(NodeContainer(machines.Get(i), lanSwitch))
                                          : EthernetLinkHelper::InstallFullDuplex(machines.Get(i),
                                                                                  lanSwitch,
                                                                                  m_linkRate,
                                                                                  m_linkDelay);
            nics.Add(pair.Get(0));
            switchPorts.Add(pair.Get(1));
        }
        BridgeHelper().Install(lanSwitch, switchPorts);
    }

    for (uint32_t i = 0; i < nics.GetN(); ++i)
    {
        EthernetLinkHelper::SetTxQueue(nics.Get(i), m_txQueueLength);
    }

    Ptr<Testbed> testbed = CreateObject<Testbed>();
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.0.0");
    for (uint32_t i = 0; i < machines.GetN(); ++i)
    {
        const MachineSpec& spec = m_machines[i];
        Ptr<Hypervisor> hypervisor =
            spec.isHost ? CreateHypervisor(spec.name, spec.memoryMiB, spec.dom0MemoryMiB) : nullptr;
        InstallMachine(testbed,
                       addresses,
                       spec.name,
                       machines.Get(i),
                       nics.Get(i),
                       switchPorts.GetN() > i ? switchPorts.Get(i) : nullptr,
                       hypervisor);
    }
    testbed->SetAddressAllocator(addresses);

    // The CSMA devices' back-off gets fixed streams too, after the stacks'.
    stream += csma.AssignStreams(csmaDevices, stream);
    testbed->SetNextStream(stream);
    return testbed;
}

} // namespace ns3
