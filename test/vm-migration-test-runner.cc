/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Runs the registered ns-3 test suites; CTest calls it once per suite (--suite=NAME).

#include "ns3/test.h"

int
main(int argc, char* argv[])
{
    return ns3::TestRunner::Run(argc, argv);
}
