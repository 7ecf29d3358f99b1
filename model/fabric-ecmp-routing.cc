/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fabric-ecmp-routing.h"

#include "ns3/enum.h"
#include "ns3/hash.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FabricEcmpRouting");
NS_OBJECT_ENSURE_REGISTERED(FabricEcmpRouting);

uint64_t FabricEcmpRouting::s_epoch = 1;

TypeId
FabricEcmpRouting::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FabricEcmpRouting")
            .SetParent<Ipv4RoutingProtocol>()
            .SetGroupName("VmMigration")
            .AddConstructor<FabricEcmpRouting>()
            .AddAttribute(
                "Mode",
                "How a router chooses among equal-cost next hops: per flow (a "
                "hash of addresses, protocol and ports, as datacenter switches), "
                "per packet (at random, ns-3's RandomEcmpRouting) or the first.",
                EnumValue(PER_FLOW),
                MakeEnumAccessor(&FabricEcmpRouting::m_mode),
                MakeEnumChecker(PER_FLOW, "per-flow", PER_PACKET, "per-packet", FIRST, "first"));
    return tid;
}

FabricEcmpRouting::FabricEcmpRouting()
    : m_epoch(0),
      m_mode(PER_FLOW),
      m_rand(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

void
FabricEcmpRouting::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_ipv4 = nullptr;
    m_global = nullptr;
    m_table.clear();
    m_cache.clear();
    Ipv4RoutingProtocol::DoDispose();
}

void
FabricEcmpRouting::SetGlobalRouting(Ptr<Ipv4GlobalRouting> routing)
{
    NS_LOG_FUNCTION(this << routing);
    m_global = routing;
    m_epoch = 0;
}

void
FabricEcmpRouting::NotifyRoutesChanged()
{
    ++s_epoch;
}

int64_t
FabricEcmpRouting::AssignStreams(int64_t stream)
{
    m_rand->SetStream(stream);
    return 1;
}

const std::vector<Ipv4RoutingTableEntry>&
FabricEcmpRouting::GetRoutes(Ipv4Address destination)
{
    if (m_epoch != s_epoch)
    {
        // Ipv4GlobalRouting::GetRoute walks its lists: read them once per recomputation.
        m_table.clear();
        m_cache.clear();
        uint32_t n = m_global ? m_global->GetNRoutes() : 0;
        for (uint32_t i = 0; i < n; ++i)
        {
            m_table.push_back(*m_global->GetRoute(i));
        }
        m_epoch = s_epoch;
    }
    auto [it, inserted] = m_cache.try_emplace(destination.Get());
    if (inserted)
    {
        int longest = -1;
        for (const Ipv4RoutingTableEntry& entry : m_table)
        {
            Ipv4Mask mask = entry.GetDestNetworkMask();
            if (!mask.IsMatch(destination, entry.GetDestNetwork()))
            {
                continue;
            }
            int length = mask.GetPrefixLength();
            if (length > longest)
            {
                longest = length;
                it->second.clear();
            }
            if (length == longest)
            {
                it->second.push_back(entry);
            }
        }
    }
    return it->second;
}

Ptr<Ipv4Route>
FabricEcmpRouting::Lookup(Ptr<const Packet> p, const Ipv4Header& header)
{
    const std::vector<Ipv4RoutingTableEntry>& routes = GetRoutes(header.GetDestination());
    if (routes.empty())
    {
        return nullptr;
    }
    size_t choice = 0;
    if (routes.size() > 1 && m_mode == PER_PACKET)
    {
        choice = m_rand->GetInteger(0, routes.size() - 1);
    }
    else if (routes.size() > 1 && m_mode == PER_FLOW)
    {
        // The 5-tuple: both TCP's and UDP's headers begin with the two ports.
        uint8_t key[17] = {};
        uint32_t seed = m_ipv4->GetObject<Node>()->GetId();
        header.GetSource().Serialize(key);
        header.GetDestination().Serialize(key + 4);
        key[8] = header.GetProtocol();
        std::memcpy(key + 9, &seed, sizeof(seed));
        if (p && p->GetSize() >= 4)
        {
            p->CopyData(key + 13, 4);
        }
        choice = Hash32(reinterpret_cast<const char*>(key), sizeof(key)) % routes.size();
    }
    const Ipv4RoutingTableEntry& entry = routes[choice];
    auto route = Create<Ipv4Route>();
    route->SetDestination(header.GetDestination());
    route->SetSource(m_ipv4->GetAddress(entry.GetInterface(), 0).GetLocal());
    route->SetGateway(entry.GetGateway());
    route->SetOutputDevice(m_ipv4->GetNetDevice(entry.GetInterface()));
    return route;
}

Ptr<Ipv4Route>
FabricEcmpRouting::RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = oif ? nullptr : Lookup(p, header);
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
FabricEcmpRouting::RouteInput(Ptr<const Packet> p,
                              const Ipv4Header& header,
                              Ptr<const NetDevice> /* idev */,
                              UnicastForwardCallback ucb,
                              MulticastForwardCallback /* mcb */,
                              LocalDeliverCallback /* lcb */,
                              ErrorCallback /* ecb */)
{
    // Ipv4ListRouting delivers local packets before asking its protocols.
    if (header.GetDestination().IsMulticast() || header.GetDestination().IsBroadcast())
    {
        return false;
    }
    Ptr<Ipv4Route> route = Lookup(p, header);
    if (!route)
    {
        return false;
    }
    ucb(route, p, header);
    return true;
}

void
FabricEcmpRouting::NotifyInterfaceUp(uint32_t /* interface */)
{
}

void
FabricEcmpRouting::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
FabricEcmpRouting::NotifyAddAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
FabricEcmpRouting::NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
FabricEcmpRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_LOG_FUNCTION(this << ipv4);
    m_ipv4 = ipv4;
}

void
FabricEcmpRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit /* unit */) const
{
    *stream->GetStream() << "FabricEcmpRouting: the routes of Ipv4GlobalRouting, mode "
                         << (m_mode == PER_FLOW     ? "per-flow"
                             : m_mode == PER_PACKET ? "per-packet"
                                                    : "first")
                         << "\n";
}

} // namespace ns3
