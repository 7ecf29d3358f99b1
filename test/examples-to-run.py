#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only

# A list of C++ examples to run in order to ensure that they remain buildable and
# runnable over time.  Each tuple in the list contains
#
#     (example_name, do_run, do_valgrind_run).
#
# See test.py for more information.
cpp_examples = [
    ("vm-migration-minimal --memory=32", "True", "True"),
    ("vm-migration-minimal --memory=32 --strategy=ns3::StopAndCopyStrategy", "True", "True"),
    (
        "vm-migration-minimal --memory=32 --testbed=paper --pageWriteRate=20000"
        " --ns3::XenPreCopyStrategy::MaxIterations=5",
        "True",
        "True",
    ),
    (
        "vm-migration-minimal --memory=32 --strategy=ns3::QemuPreCopyStrategy"
        " --ns3::QemuPreCopyStrategy::AutoConverge=true",
        "True",
        "True",
    ),
    (
        "vm-migration-datacenter --topology=star:3 --vms=3 --vmMemory=16 --plan=consolidate"
        " --out=vm-migration-datacenter-out",
        "True",
        "True",
    ),
    (
        "vm-migration-datacenter --topology=leaf-spine:2,2,1 --layer=l3 --linkModel=full-duplex"
        " --vms=2 --vmMemory=16 --plan=swap:host-0-0,host-1-0"
        " --out=vm-migration-datacenter-l3-out",
        "True",
        "True",
    ),
]

# A list of Python examples to run in order to ensure that they remain runnable over
# time.  Each tuple in the list contains
#
#     (example_name, do_run).
#
# See test.py for more information.
python_examples = []
