/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * @file
 * Many VMs on a datacenter topology and a migration plan that moves them.
 *
 *   vm-migration-datacenter [--topology=fat-tree:4] [--layer=l2 | l3] [--vms=16] [--vmMemory=256]
 *       [--placement=spread | first-fit]
 *       [--pageWriteRate=0] [--plan=evacuate:HOST | consolidate | swap:HOST,HOST | FILE]
 *       [--concurrent=0] [--strategy=pre-copy] [--out=datacenter-out]
 *       [--linkRate=100Mbps] [--linkModel=csma | full-duplex | point-to-point]
 *       [--workload=idle] [--loadedVms=0] [--partitions=1] [--mpi]
 *
 * A generated topology is built as --layer says: l2 (the default), a switched network
 * whose spanning tree blocks the redundant links, or l3, a routed fabric (each switch a
 * router, per-flow ECMP, each VM's address a host route that follows it after the
 * routing's convergence time, ns3::HostRouteFabric::ConvergenceTime); its links between
 * routers cannot be csma there (--linkModel=full-duplex).  A file is built as its own
 * `layer` says.  The VMs are placed round robin
 * (spread) or first fit by memory over the hosts in the topology's order, each writing
 * --pageWriteRate pages per second.  With --workload, the first --loadedVms VMs (0: all)
 * run it, driven from one client machine (`clients`, added beside the first host of a
 * generated topology; a file's first client machine), and the run lasts the clients'
 * ramp-up, steady state and ramp-down (the workload's attributes).  The plan runs from
 * 1 s (under load, from the end of the ramp-up), at most --concurrent migrations at once
 * (0: no limit).
 *
 * --partitions=N splits an l3 topology into N partitions by pod (TopologyPartition: the
 * links between partitions become point-to-point); each migration must stay inside one,
 * and the policies keep them there (an evacuation's targets are in the host's partition;
 * consolidation packs each partition on its own; a swap across partitions is refused).
 * With --mpi, ns-3's distributed simulator runs one partition in each of N processes
 * (`mpirun -np N vm-migration-datacenter --partitions=N --mpi ...`; only in a build with
 * ns-3's mpi module); without it, one process simulates them all, with the same results.
 * The first process writes the outputs.
 *
 * Writes under --out: topology.dot (what was simulated), migrations.csv and rounds.csv
 * (every migration and round), plan.csv (each planned migration's outcome),
 * plan-summary.csv (makespan, total downtime, bytes), timeseries.csv (the clients'
 * requests per second and response times), plan.plt, a gnuplot script of the
 * migrations over time (one bar per migration, its downtime marked): `gnuplot plan.plt`
 * draws plan.png, and throughput.plt, the service throughput over time (the requests per
 * second of all the VMs' clients, from timeseries.csv, the migrations' downtimes marked
 * below): `gnuplot throughput.plt` draws throughput.png.
 */

#include "ns3/core-module.h"
#include "ns3/vm-migration-module.h"

#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

using namespace ns3;

namespace
{

/// Program name in messages.
const std::string PROGRAM = "vm-migration-datacenter";

/**
 * @brief The hosts of @p testbed, in its machines' order (the placement's order).
 * @param testbed the testbed
 * @return its Xen hosts
 */
std::vector<Ptr<Hypervisor>>
GetHosts(Ptr<Testbed> testbed)
{
    std::vector<Ptr<Hypervisor>> hosts;
    for (const std::string& name : testbed->GetMachineNames())
    {
        if (Ptr<Hypervisor> host = testbed->FindHypervisor(name))
        {
            hosts.push_back(host);
        }
    }
    return hosts;
}

/// First random stream of the loaded VMs' page writes (10 per VM).
constexpr int64_t DIRTY_STREAM = 500000;

/**
 * @brief Add the machine the clients run on, `clients`, beside the first host.
 * @param graph a generated topology
 */
void
AddClients(TopologyGraph& graph)
{
    for (TopologyEdge e : boost::make_iterator_range(boost::edges(graph)))
    {
        TopologyVertex a = boost::source(e, graph);
        TopologyVertex b = boost::target(e, graph);
        TopologyVertex host = graph[a].role == TopologyMachine::HOST ? a : b;
        if (graph[host].role == TopologyMachine::HOST)
        {
            TopologyMachine clients;
            clients.name = "clients";
            clients.role = TopologyMachine::CLIENT;
            TopologyVertex v = boost::add_vertex(clients, graph);
            TopologyLink link = graph[e];
            boost::add_edge(v, host == a ? b : a, link, graph);
            return;
        }
    }
}

/**
 * @brief Make the plan @p spec names, for the VMs as they are placed now.
 * @param spec evacuate:HOST | consolidate | swap:HOST,HOST | a .csv or .json file
 * @param testbed the testbed: its hosts, and its partitions (a policy keeps each
 *        migration inside one)
 * @param at when the plan's migrations may start
 * @param [out] plan the plan
 * @return "" or what is wrong, naming --plan
 */
std::string
MakePlan(const std::string& spec, Ptr<Testbed> testbed, Time at, MigrationPlan& plan)
{
    std::vector<MigrationPlanner::VmView> vms;
    std::vector<MigrationPlanner::HostView> free;
    MigrationPlanner::Snapshot(GetHosts(testbed), vms, free, testbed);
    std::string why;
    if (spec.rfind("evacuate:", 0) == 0)
    {
        why = MigrationPlanner::Evacuate(spec.substr(9), vms, free, at, plan);
    }
    else if (spec == "consolidate")
    {
        why = MigrationPlanner::Consolidate(vms, free, at, plan);
    }
    else if (spec.rfind("swap:", 0) == 0 && spec.find(',') != std::string::npos)
    {
        std::string pair = spec.substr(5);
        std::string a = pair.substr(0, pair.find(','));
        why = MigrationPlanner::Swap(a, pair.substr(a.size() + 1), vms, free, at, plan);
    }
    else
    {
        why = MigrationPlan::Read(spec, plan);
    }
    return why.empty() ? "" : "--plan: " + why;
}

/**
 * @brief A gnuplot script of the plan's migrations over time.
 * @param runner the plan's outcomes
 * @return the script (its data inline), drawing plan.png
 */
std::string
FormatGanttScript(const MigrationPlanRunner& runner)
{
    std::ostringstream plt;
    plt << "# The plan's migrations over time: one bar per migration (start to release),\n"
           "# its downtime in red.  Draw with: gnuplot plan.plt\n"
           "set terminal pngcairo size 900,500\nset output 'plan.png'\n"
           "set xlabel 'time (s)'\nset ylabel 'migration'\nset key top left\n"
           "$migrations << EOD\n";
    size_t row = 0;
    for (const auto& o : runner.GetOutcomes())
    {
        ++row;
        if (o.started)
        {
            const MigrationRecord& r = o.record;
            plt << row << " " << r.start.GetSeconds() << " " << r.end.GetSeconds() << " "
                << r.suspended.GetSeconds() << " " << r.resumed.GetSeconds() << " \"" << r.vm
                << "\"\n";
        }
    }
    plt << "EOD\n"
           "plot $migrations using 2:1:($3-$2):(0) with vectors nohead lw 6 lc 'steelblue' "
           "title 'migration', \\\n"
           "     $migrations using 4:1:($5-$4):(0) with vectors nohead lw 6 lc 'red' "
           "title 'downtime'\n";
    return plt.str();
}

/**
 * @brief A gnuplot script of the service throughput over time, read from timeseries.csv.
 * @param runner the plan's outcomes, whose downtimes are marked
 * @return the script, drawing throughput.png
 */
std::string
FormatThroughputScript(const MigrationPlanRunner& runner)
{
    std::ostringstream plt;
    plt << "# The service throughput over time: the requests per second that completed,\n"
           "# summed over the VMs' clients (timeseries.csv), each migration's downtime in\n"
           "# red below.  Draw with: gnuplot throughput.plt\n"
           "set terminal pngcairo size 900,500\nset output 'throughput.png'\n"
           "set xlabel 'time (s)'\nset ylabel 'requests/s'\nset key top right\n"
           "set datafile separator ','\nset yrange [-1:*]\n"
           "$downtimes << EOD\n";
    for (const auto& o : runner.GetOutcomes())
    {
        if (o.started && o.record.resumed > o.record.suspended)
        {
            plt << o.record.suspended.GetSeconds() << "," << o.record.resumed.GetSeconds() << "\n";
        }
    }
    plt << "EOD\n"
           "plot 'timeseries.csv' skip 1 using ($1+0.5):2 with linespoints pt 7 ps 0.5 "
           "lc 'steelblue' title 'throughput (requests/s)', \\\n"
           "     $downtimes using 1:(-0.5):($2-$1):(0) with vectors nohead lw 6 lc 'red' "
           "title 'downtime'\n";
    return plt.str();
}

/// What the processes of a run gathered in the first (all of it, in a run of one).
struct Gathered
{
    std::vector<MigrationRecord> migrations;  //!< every migration, by start then VM
    std::vector<MigrationRoundRecord> rounds; //!< every round, by start, VM, round
    std::string timeseries;                   //!< the clients' process's timeseries.csv
    uint64_t served{0};                       //!< requests served
    uint64_t failed{0};                       //!< requests failed
};

/**
 * @brief Decode the lines of @p text and append them to @p records.
 * @param text lines of one kind of record
 * @param decode MigrationRecordCodec's decoder of that kind
 * @param [in,out] records the records so far
 * @return "" or the first line that is not such a record
 */
template <typename Record>
std::string
AppendDecoded(const std::string& text,
              std::optional<Record> (*decode)(const std::string&),
              std::vector<Record>& records)
{
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
    {
        std::optional<Record> record = decode(line);
        if (!record)
        {
            return "an unreadable record: " + line;
        }
        records.push_back(*record);
    }
    return "";
}

/**
 * @brief Gather the records of every process of the run in the first, and the runner's
 * outcomes into the first's runner.
 * @param runner this process's plan runner
 * @param manager this process's migration manager
 * @param requests this process's request log
 * @param stopped when this process's simulation stopped
 * @param clientsId the partition of the clients' machine
 * @param [out] gathered in the first process, everything
 * @return "" or what a process sent that could not be read
 */
std::string
GatherPartitions(MigrationPlanRunner& runner,
                 Ptr<MigrationManager> manager,
                 const RequestLog& requests,
                 Time stopped,
                 uint32_t clientsId,
                 Gathered& gathered)
{
    std::string migrations;
    for (const MigrationRecord& r : manager->GetRecords())
    {
        migrations += MigrationRecordCodec::Encode(r) + "\n";
    }
    std::string rounds;
    for (const MigrationRoundRecord& r : manager->GetRounds())
    {
        rounds += MigrationRecordCodec::Encode(r) + "\n";
    }
    RequestSummary summary = requests.Summarize(Seconds(0), stopped + NanoSeconds(1));
    std::vector<std::string> outcomes = PartitionExchange::Gather(runner.EncodeOutcomes());
    std::vector<std::string> allMigrations = PartitionExchange::Gather(migrations);
    std::vector<std::string> allRounds = PartitionExchange::Gather(rounds);
    std::vector<std::string> timeseries =
        PartitionExchange::Gather(requests.FormatTimeseries(stopped));
    std::vector<std::string> counts = PartitionExchange::Gather(
        std::to_string(summary.ok) + " " + std::to_string(summary.requests - summary.ok));
    for (size_t i = 0; i < allMigrations.size(); ++i)
    {
        std::string why = i > 0 ? runner.MergeOutcomes(outcomes[i]) : "";
        why = why.empty() ? AppendDecoded(allMigrations[i],
                                          &MigrationRecordCodec::DecodeMigration,
                                          gathered.migrations)
                          : why;
        why = why.empty()
                  ? AppendDecoded(allRounds[i], &MigrationRecordCodec::DecodeRound, gathered.rounds)
                  : why;
        if (!why.empty())
        {
            return "process " + std::to_string(i) + " sent " + why;
        }
        uint64_t served = 0;
        uint64_t failed = 0;
        std::istringstream(counts[i]) >> served >> failed;
        gathered.served += served;
        gathered.failed += failed;
        if (i == clientsId || (i == 0 && clientsId >= allMigrations.size()))
        {
            gathered.timeseries = timeseries[i];
        }
    }
    // One order, whichever process ran what.
    std::stable_sort(gathered.migrations.begin(),
                     gathered.migrations.end(),
                     [](const MigrationRecord& a, const MigrationRecord& b) {
                         return std::tie(a.start, a.vm) < std::tie(b.start, b.vm);
                     });
    std::stable_sort(gathered.rounds.begin(),
                     gathered.rounds.end(),
                     [](const MigrationRoundRecord& a, const MigrationRoundRecord& b) {
                         return std::tie(a.start, a.vm, a.round) < std::tie(b.start, b.vm, b.round);
                     });
    return "";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string topology = "fat-tree:4";
    std::string layerName = "l2";
    uint32_t vms = 16;
    double vmMemory = 256;
    double pageWriteRate = 0;
    std::string placementName = "spread";
    std::string planSpec = "consolidate";
    uint32_t concurrent = 0;
    std::string strategy = "pre-copy";
    std::string out = "datacenter-out";
    std::string linkRate = "100Mbps";
    std::string linkModel = "csma";
    std::string workloadName = "idle";
    uint32_t loadedVms = 0;
    uint32_t partitions = 1;
    bool mpi = false;
    CommandLine cmd(__FILE__);
    StrictOptions options;
    options.Add(cmd,
                "topology",
                "fat-tree:K | leaf-spine:L,S,H | star:N | FILE.dot | FILE.graphml (its own "
                "layer)",
                topology);
    options.Add(cmd,
                "layer",
                "Generated topologies: l2 (switched, spanning tree) | l3 (routed, ECMP)",
                layerName);
    options.Add(cmd, "vms", "VMs, each with --vmMemory", vms, 1, 100000);
    options.Add(cmd,
                "placement",
                "Where the VMs boot: spread (round robin) | first-fit (by memory)",
                placementName);
    options.Add(cmd, "vmMemory", "Each VM's memory (MiB)", vmMemory, 1, 1 << 20);
    options.Add(cmd,
                "pageWriteRate",
                "Each VM's page writes per second",
                pageWriteRate,
                0,
                DirtyPageModel::MAX_PAGE_WRITE_RATE);
    options.Add(cmd,
                "plan",
                "evacuate:HOST | consolidate | swap:HOST,HOST | FILE.csv | FILE.json",
                planSpec);
    options.Add(cmd, "concurrent", "Most migrations at once (0: no limit)", concurrent, 0, 100000);
    options.Add(cmd,
                "strategy",
                MigrationHelper::GetStrategyNames() + " | a strategy's TypeId name",
                strategy);
    options.Add(cmd, "out", "Folder of the output files", out);
    options.Add(cmd, "linkRate", "Generated topologies: every link's rate", linkRate);
    options.Add(cmd,
                "workload",
                "What the VMs run: idle | http | sampleweb | olio | netperf | ab, or a "
                "Workload's TypeId name (its attributes: --ns3::SampleWebWorkload::Users=...)",
                workloadName);
    options.Add(cmd,
                "loadedVms",
                "How many VMs (the first) run --workload, the others idle (0: all)",
                loadedVms,
                0,
                100000);
    options.Add(cmd,
                "linkModel",
                "Generated topologies: csma | full-duplex | point-to-point",
                linkModel);
    options.Add(cmd,
                "partitions",
                "Split an l3 topology into this many partitions by pod (1: none)",
                partitions,
                1,
                4096);
    options.Add(cmd,
                "mpi",
                "Simulate each partition in its own process (mpirun -np PARTITIONS; ns-3 "
                "built with its mpi module)",
                mpi);
    cmd.Parse(argc, argv);
    const std::set<std::string> given = TestbedPreset::AttributesGiven(argc, argv);
    if (!options.GetError().empty())
    {
        return StrictOptions::Refuse(PROGRAM, options.GetError());
    }
    if (mpi)
    {
        // Before the first node: the simulator is made then.
        std::string why = PartitionExchange::Enable(&argc, &argv, partitions);
        if (!why.empty())
        {
            PartitionExchange::Disable();
            return StrictOptions::Refuse(PROGRAM, "--mpi: " + why);
        }
    }
    TypeId strategyType;
    if (!MigrationHelper::LookupStrategy(strategy, strategyType))
    {
        return StrictOptions::Refuse(PROGRAM,
                                     "--strategy: unknown strategy '" + strategy + "' (" +
                                         MigrationHelper::GetStrategyNames() + " | a TypeId name)");
    }
    Ptr<Workload> workload = Workload::Create(workloadName);
    if (!workload)
    {
        return StrictOptions::Refuse(PROGRAM,
                                     "--workload: unknown workload '" + workloadName + "' (" +
                                         Workload::GetNames() + ")");
    }
    bool loaded = workload->GetName() != "idle";
    const std::vector<std::string> outputs = {"timeseries.csv",
                                              "topology.dot",
                                              "migrations.csv",
                                              "rounds.csv",
                                              "plan.csv",
                                              "plan-summary.csv",
                                              "plan.plt",
                                              "throughput.plt"};
    std::string why = OutputFolder::Check(out, {outputs.begin(), outputs.end()});

    TopologyGraph graph;
    if (why.empty())
    {
        bool file = topology.find('.') != std::string::npos;
        TopologyLink link;
        std::optional<TopologyLink::Model> model = TopologyLink::ParseModel(linkModel);
        std::string rateError = TopologyReader::ParseRate(linkRate, link.rate);
        std::optional<TopologyProperties::Layer> layer = TopologyProperties::ParseLayer(layerName);
        if (!layer)
        {
            why = "--layer: unknown layer '" + layerName + "' (l2 | l3)";
        }
        else if (*layer == TopologyProperties::L3 && !file && model && *model == TopologyLink::CSMA)
        {
            why = "--layer=l3: the links between routers cannot be csma (ns-3.37's global "
                  "routing loses equal-cost paths behind a shared link); give "
                  "--linkModel=full-duplex";
        }
        else if (!model)
        {
            why = "--linkModel: unknown link model '" + linkModel +
                  "' (csma | full-duplex | point-to-point)";
        }
        else if (!rateError.empty())
        {
            why = "--linkRate: '" + linkRate + "' " + rateError;
        }
        else
        {
            link.model = *model;
            why = file ? TopologyReader::Read(topology, graph)
                       : TopologyGenerator::Make(topology, graph, link);
            why = why.empty() ? "" : "--topology: " + why;
        }
        if (why.empty() && !file)
        {
            // The generators describe fat-trees and leaf-spines as routed (l3) fabrics;
            // --layer says how this run builds them.
            graph[boost::graph_bundle].layer = *layer;
            AddClients(graph);
        }
        std::string split = why.empty() ? TopologyPartition::ByPod(graph, partitions) : "";
        why = split.empty() ? why : "--partitions: " + split;
    }
    Ptr<Testbed> testbed;
    if (why.empty())
    {
        TopologyHelper helper;
        helper.SetSpanningTree(true);
        helper.SetGivenAttributes(given); // the command line's TCP attributes stand
        why = helper.Install(graph, testbed);
    }
    std::string clients;
    for (TopologyVertex v : boost::make_iterator_range(boost::vertices(graph)))
    {
        if (clients.empty() && graph[v].role == TopologyMachine::CLIENT)
        {
            clients = graph[v].name;
        }
    }
    if (why.empty() && loaded && clients.empty())
    {
        why = "--workload: the topology has no client machine for the clients";
    }
    RequestLog requests(workload->GetOperations());
    Time end;
    std::vector<Ptr<Hypervisor>> hosts =
        testbed ? GetHosts(testbed) : std::vector<Ptr<Hypervisor>>();
    if (why.empty())
    {
        std::vector<MigrationPlanner::VmView> placement;
        std::vector<MigrationPlanner::VmView> none;
        std::vector<MigrationPlanner::HostView> free;
        MigrationPlanner::Snapshot(hosts, none, free);
        for (uint32_t i = 1; i <= vms; ++i)
        {
            placement.push_back({"vm" + std::to_string(i), vmMemory, ""});
        }
        why = placementName == "spread" ? MigrationPlanner::PlaceSpread(placement, free)
              : placementName == "first-fit"
                  ? MigrationPlanner::PlaceFirstFit(placement, free)
                  : "--placement: unknown placement '" + placementName + "' (spread | first-fit)";
        why = why.empty() || why.rfind("--", 0) == 0 ? why : "--vms: " + why;
        for (size_t i = 0; why.empty() && i < placement.size(); ++i)
        {
            auto vm = CreateObject<VirtualMachine>();
            vm->SetAttribute("Name", StringValue(placement[i].name));
            vm->SetAttribute("MemoryMiB", DoubleValue(vmMemory));
            vm->GetDirtyPageModel()->SetAttribute("PageWriteRate", DoubleValue(pageWriteRate));
            bool runsWorkload = loaded && (loadedVms == 0 || i < loadedVms);
            if (runsWorkload)
            {
                WorkloadHelper(workload).ConfigureGuest(vm);
                vm->GetDirtyPageModel()->AssignStreams(DIRTY_STREAM + 10 * int64_t(i));
            }
            testbed->AddVm(placement[i].host, vm);
            if (runsWorkload)
            {
                end =
                    std::max(end,
                             WorkloadHelper(workload).Install(testbed, vm, clients, requests).end);
            }
        }
    }
    MigrationPlan plan;
    if (why.empty())
    {
        // Under load the plan starts once the clients have ramped up.
        why = MakePlan(planSpec, testbed, loaded ? workload->GetRampUp() : Seconds(1), plan);
    }
    MigrationHelper migration;
    migration.SetStrategyType(strategyType.GetName());
    auto runner = CreateObject<MigrationPlanRunner>();
    runner->SetAttribute("MaxConcurrent", UintegerValue(concurrent));
    if (why.empty())
    {
        why = runner->Install(plan, testbed, migration);
        why = why.empty() ? "" : "--plan: " + why;
    }
    if (!why.empty())
    {
        Simulator::Destroy();
        PartitionExchange::Disable();
        return StrictOptions::Refuse(PROGRAM, why);
    }

    bool first = PartitionExchange::GetSystemId() == 0; // the process that writes
    if (first)
    {
        std::cout << hosts.size() << " hosts, " << vms << " VMs, " << plan.GetEntries().size()
                  << " migrations planned" << std::endl;
    }
    if (loaded)
    {
        Simulator::Stop(end); // the clients' end; idle, the plan's end ends the run
    }
    Simulator::Run();
    Gathered all;
    uint32_t clientsId = clients.empty() ? UINT32_MAX : testbed->GetNode(clients)->GetSystemId();
    why = GatherPartitions(*runner,
                           migration.GetManager(),
                           requests,
                           Simulator::Now(),
                           clientsId,
                           all);
    if (first && why.empty())
    {
        std::ostringstream dot;
        TopologyWriter::WriteDot(dot, graph);
        why = OutputFolder::Replace(
            out,
            {{"topology.dot", dot.str()},
             {"migrations.csv", MigrationMonitor::FormatMigrations(all.migrations)},
             {"rounds.csv", MigrationMonitor::FormatRounds(all.rounds)},
             {"plan.csv", runner->FormatCsv()},
             {"plan-summary.csv", runner->FormatSummaryCsv()},
             {"plan.plt", FormatGanttScript(*runner)},
             {"throughput.plt", FormatThroughputScript(*runner)},
             {"timeseries.csv", all.timeseries}});
        why = why.empty() ? "" : "--out: " + why;
    }
    MigrationPlanRunner::Summary s = runner->GetSummary();
    Time stopped = Simulator::Now();
    Simulator::Destroy();
    PartitionExchange::Disable();
    if (!why.empty())
    {
        return StrictOptions::Refuse(PROGRAM, why);
    }
    if (!first)
    {
        return 0;
    }
    std::cout << s.completed << " completed, " << s.failed << " failed, " << s.unfinished
              << " unfinished; makespan " << s.makespan.GetSeconds() << " s, total downtime "
              << s.totalDowntime.GetSeconds() << " s, " << s.bytes << " bytes; files in " << out
              << std::endl;
    if (loaded)
    {
        std::cout << all.served << " requests served, " << all.failed << " failed, over "
                  << stopped.GetSeconds() << " s" << std::endl;
    }
    return 0;
}
