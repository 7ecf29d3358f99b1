/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GNUPLOT_RENDERER_H
#define GNUPLOT_RENDERER_H

#include <string>

/**
 * @ingroup vm-migration-tools
 * @brief Draws a gnuplot script's PNG, atomically: the one place the programs run gnuplot.
 *
 * A script NAME.gp written for this renderer refers to its files by name only and sets its
 * output with `if (!exists("outfile")) outfile = 'NAME.png'`: by hand, `gnuplot NAME.gp`
 * in its folder draws NAME.png; from here "outfile" points it at NAME.png.tmp, renamed to
 * NAME.png once gnuplot has succeeded, so that a reader never sees half a figure.
 */
class GnuplotRenderer
{
  public:
    /**
     * @brief Run `gnuplot -d NAME.gp` in @p dir and rename the PNG into place.
     *
     * `-d` leaves out the user's gnuplot start-up file: the figure depends only on the
     * script.  On failure the temporary PNG is removed and gnuplot's messages (their last
     * 2,000 characters) explain it.
     * @param dir the folder of the script
     * @param name the script's file name without ".gp"
     * @throws ToolError naming the script when gnuplot cannot run or fails
     */
    static void Draw(const std::string& dir, const std::string& name);
};

#endif /* GNUPLOT_RENDERER_H */
