/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef VM_MIGRATION_H
#define VM_MIGRATION_H

/**
 * @defgroup vm-migration Virtual-machine migration
 *
 * Live (Xen 3.4's iterative pre-copy) and non-live (stop-and-copy) migration of Xen
 * virtual machines between hypervisors, over real ns-3 TCP between the hosts' dom0
 * stacks, so that the page stream shares the LAN packet by packet with the guests'
 * traffic.  The model: hypervisors (Hypervisor) with their CPUs shared as Xen's credit
 * scheduler shares them, VMs (VirtualMachine) with their memory and write models, the
 * migration's sender, receiver and strategies (MigrationManager, MigrationStrategy),
 * Xen's I/O path (netback, the hosts' transmit queues), and the paper's workloads (a web
 * server with Apache's limits, Faban-like and ab-like clients, netperf).  The helpers
 * build the testbed (TestbedHelper), install workloads (WorkloadHelper) and run a whole
 * scenario (MigrationScenario).  See doc/vm-migration.rst.
 */

/**
 * @defgroup vm-migration-tests Tests of vm-migration
 * @ingroup vm-migration
 * @ingroup tests
 *
 * Unit tests of each mechanism against hand computations, system tests of whole
 * migrations against independent recursions and the closed-loop MVA, and tests of the
 * programs' input handling and outputs.
 */

#endif /* VM_MIGRATION_H */
