/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef VM_MIGRATION_EXPERIMENTS_H
#define VM_MIGRATION_EXPERIMENTS_H

/**
 * @defgroup vm-migration-experiments The paper's reproduction
 * @ingroup vm-migration
 *
 * The paper's six experiments as runs of the module (PaperReproduction), the figures the
 * paper measured (PaperFigures), the report that checks its claims (PaperSummary) and the
 * plots (PaperPlots); programs vm-migration-paper and vm-migration-experiment1.  Built on
 * the library, not part of its API.
 */

/**
 * @defgroup vm-migration-tools Tools of the programs
 * @ingroup vm-migration
 *
 * utils/common: what the programs share -- atomic files (AtomicFile), CSV tables
 * (CsvTable), sample statistics (SampleStatistics), gnuplot quoting and rendering
 * (GnuplotQuote, GnuplotRenderer), child processes (ProcessPool), their one exception
 * type (ToolError).  Plain C++ and GSL, no ns-3.
 */

#endif /* VM_MIGRATION_EXPERIMENTS_H */
