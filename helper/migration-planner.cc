/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "migration-planner.h"

#include "ns3/log.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MigrationPlanner");

namespace
{

/// @return the index of @p name among @p hosts, or hosts.size()
size_t
FindHost(const std::vector<MigrationPlanner::HostView>& hosts, const std::string& name)
{
    size_t i = 0;
    while (i < hosts.size() && hosts[i].name != name)
    {
        ++i;
    }
    return i;
}

/// @return @p vms ordered by memory, largest first (ties by name)
std::vector<MigrationPlanner::VmView>
LargestFirst(std::vector<MigrationPlanner::VmView> vms)
{
    std::stable_sort(vms.begin(), vms.end(), [](const auto& x, const auto& y) {
        return x.memoryMiB != y.memoryMiB ? x.memoryMiB > y.memoryMiB : x.name < y.name;
    });
    return vms;
}

} // namespace

std::string
MigrationPlanner::PlaceFirstFit(std::vector<VmView>& vms, std::vector<HostView>& hosts)
{
    for (VmView& vm : vms)
    {
        auto host = std::find_if(hosts.begin(), hosts.end(), [&vm](const HostView& h) {
            return h.freeMiB >= vm.memoryMiB;
        });
        if (host == hosts.end())
        {
            return "VM " + vm.name + " (" + std::to_string(int64_t(vm.memoryMiB)) +
                   " MiB) fits on no host";
        }
        host->freeMiB -= vm.memoryMiB;
        vm.host = host->name;
    }
    return "";
}

std::string
MigrationPlanner::PlaceSpread(std::vector<VmView>& vms, std::vector<HostView>& hosts)
{
    size_t next = 0;
    for (VmView& vm : vms)
    {
        size_t tried = 0;
        while (tried < hosts.size() && hosts[next].freeMiB < vm.memoryMiB)
        {
            next = (next + 1) % hosts.size();
            ++tried;
        }
        if (tried == hosts.size())
        {
            return "VM " + vm.name + " (" + std::to_string(int64_t(vm.memoryMiB)) +
                   " MiB) fits on no host";
        }
        hosts[next].freeMiB -= vm.memoryMiB;
        vm.host = hosts[next].name;
        next = (next + 1) % hosts.size();
    }
    return "";
}

std::string
MigrationPlanner::Evacuate(const std::string& host,
                           const std::vector<VmView>& vms,
                           std::vector<HostView> hosts,
                           Time at,
                           MigrationPlan& plan)
{
    plan = MigrationPlan();
    size_t source = FindHost(hosts, host);
    if (source == hosts.size())
    {
        return "unknown host '" + host + "'";
    }
    uint32_t group = hosts[source].group;
    bool partitioned = std::any_of(hosts.begin(), hosts.end(), [group](const HostView& h) {
        return h.group != group;
    });
    hosts.erase(std::remove_if(hosts.begin(),
                               hosts.end(),
                               [&host, group](const HostView& h) {
                                   return h.name == host || h.group != group;
                               }),
                hosts.end());
    std::vector<VmView> leaving;
    for (const VmView& vm : LargestFirst(vms))
    {
        if (vm.host == host)
        {
            leaving.push_back(vm);
        }
    }
    std::string error = PlaceFirstFit(leaving, hosts);
    if (!error.empty())
    {
        return "cannot evacuate " + host + ": " + error +
               (partitioned ? " of partition " + std::to_string(group) : "");
    }
    for (const VmView& vm : leaving)
    {
        plan.Add(vm.name, vm.host, at);
    }
    return "";
}

std::string
MigrationPlanner::Consolidate(const std::vector<VmView>& vms,
                              const std::vector<HostView>& hosts,
                              Time at,
                              MigrationPlan& plan)
{
    plan = MigrationPlan();
    std::map<uint32_t, std::vector<HostView>> groups;
    std::map<std::string, uint32_t> groupOf;
    for (const HostView& host : hosts)
    {
        groups[host.group].push_back(host);
        groupOf[host.name] = host.group;
    }
    for (const auto& [group, members] : groups)
    {
        std::vector<VmView> theirs;
        std::copy_if(vms.begin(),
                     vms.end(),
                     std::back_inserter(theirs),
                     [&groupOf, group = group](const VmView& vm) {
                         auto found = groupOf.find(vm.host);
                         return found != groupOf.end() && found->second == group;
                     });
        ConsolidateGroup(theirs, members, at, plan);
    }
    return "";
}

void
MigrationPlanner::ConsolidateGroup(const std::vector<VmView>& vms,
                                   const std::vector<HostView>& hosts,
                                   Time at,
                                   MigrationPlan& plan)
{
    // Each host's whole capacity for VMs, and what its VMs use now.
    std::vector<HostView> bins = hosts;
    std::map<std::string, double> used;
    for (const VmView& vm : vms)
    {
        used[vm.host] += vm.memoryMiB;
    }
    for (HostView& bin : bins)
    {
        bin.freeMiB += used[bin.name];
    }
    // The fullest hosts first, so that they keep their VMs and the emptiest are freed.
    std::stable_sort(bins.begin(), bins.end(), [&used](const HostView& x, const HostView& y) {
        return used[x.name] > used[y.name];
    });
    // Largest first; among equals, those of the fullest hosts first, so that they fill
    // their own host again and stay.
    std::map<std::string, size_t> rank;
    for (size_t i = 0; i < bins.size(); ++i)
    {
        rank[bins[i].name] = i;
    }
    std::vector<VmView> placed = vms;
    std::stable_sort(placed.begin(), placed.end(), [&rank](const VmView& x, const VmView& y) {
        if (x.memoryMiB != y.memoryMiB)
        {
            return x.memoryMiB > y.memoryMiB;
        }
        return rank[x.host] != rank[y.host] ? rank[x.host] < rank[y.host] : x.name < y.name;
    });
    std::vector<std::string> current;
    for (const VmView& vm : placed)
    {
        current.push_back(vm.host);
    }
    PlaceFirstFit(placed, bins); // every VM fits: the present placement is one
    for (size_t i = 0; i < placed.size(); ++i)
    {
        if (placed[i].host != current[i])
        {
            plan.Add(placed[i].name, placed[i].host, at);
        }
    }
}

std::string
MigrationPlanner::Swap(const std::string& a,
                       const std::string& b,
                       const std::vector<VmView>& vms,
                       const std::vector<HostView>& hosts,
                       Time at,
                       MigrationPlan& plan)
{
    plan = MigrationPlan();
    size_t ia = FindHost(hosts, a);
    size_t ib = FindHost(hosts, b);
    if (ia == hosts.size() || ib == hosts.size())
    {
        return "unknown host '" + (ia == hosts.size() ? a : b) + "'";
    }
    if (ia == ib)
    {
        return "a swap needs two different hosts";
    }
    if (hosts[ia].group != hosts[ib].group)
    {
        return a + " and " + b + " lie in different partitions (" +
               std::to_string(hosts[ia].group) + " and " + std::to_string(hosts[ib].group) +
               "): a migration stays inside one";
    }
    std::vector<std::vector<VmView>> from(2);
    double memory[2] = {0, 0};
    for (const VmView& vm : LargestFirst(vms))
    {
        int side = vm.host == a ? 0 : vm.host == b ? 1 : -1;
        if (side >= 0)
        {
            from[side].push_back(vm);
            memory[side] += vm.memoryMiB;
        }
    }
    // Once its own VMs have left, a host has its free memory plus theirs.
    if (memory[0] > hosts[ib].freeMiB + memory[1] || memory[1] > hosts[ia].freeMiB + memory[0])
    {
        return "the VMs of " + a + " and " + b + " do not fit on each other's host";
    }
    for (size_t i = 0; i < std::max(from[0].size(), from[1].size()); ++i)
    {
        if (i < from[0].size())
        {
            plan.Add(from[0][i].name, b, at);
        }
        if (i < from[1].size())
        {
            plan.Add(from[1][i].name, a, at);
        }
    }
    return "";
}

void
MigrationPlanner::Snapshot(const std::vector<Ptr<Hypervisor>>& hypervisors,
                           std::vector<VmView>& vms,
                           std::vector<HostView>& hosts,
                           Ptr<const Testbed> testbed)
{
    vms.clear();
    hosts.clear();
    for (const Ptr<Hypervisor>& h : hypervisors)
    {
        uint32_t group = testbed ? testbed->GetPartition(h->GetName()) : 0;
        hosts.push_back({h->GetName(), h->GetFreeMemoryMiB(), group});
        for (const Ptr<VirtualMachine>& vm : h->GetVms())
        {
            vms.push_back({vm->GetName(), vm->GetMemoryMiB(), h->GetName()});
        }
    }
}

} // namespace ns3
