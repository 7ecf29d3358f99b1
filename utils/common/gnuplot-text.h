/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GNUPLOT_TEXT_H
#define GNUPLOT_TEXT_H

#include <string>

/**
 * @file
 * @ingroup vm-migration-tools
 * Text that goes into a gnuplot script or data file, made safe: the one place the programs'
 * plots (the paper reproduction's, the sweep's) quote what they did not write themselves.
 */

/**
 * @ingroup vm-migration-tools
 * @brief Make text printable on one line: each control character becomes a visible escape.
 *
 * A newline or carriage return would end a gnuplot command (or a .dat record) early, and
 * what follows it would be read as a new one; a tab would split a .dat field.  Escapes as
 * in C (`\n`, `\r`, `\t`, `\xHH` for the others) keep the label showing what the value
 * was.
 *
 * @param text the text (e.g. a CSV cell or a sweep plan's value)
 * @return @p text without bytes below 0x20 and without 0x7f
 */
inline std::string
GnuplotPrintable(const std::string& text)
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (char c : text)
    {
        auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7f)
        {
            out += c;
            continue;
        }
        out += '\\';
        switch (c)
        {
        case '\n':
            out += 'n';
            break;
        case '\r':
            out += 'r';
            break;
        case '\t':
            out += 't';
            break;
        default:
            out += 'x';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        }
    }
    return out;
}

/**
 * @ingroup vm-migration-tools
 * @brief Quote text as a gnuplot string that is data, whatever the text holds.
 *
 * gnuplot runs a line that starts with '!' as a shell command, and expands backquoted
 * commands, @@macros and backslash escapes outside single quotes.  Inside single quotes it expands
 * nothing, and only a doubled quote stands for a quote, so the text cannot leave the
 * string; GnuplotPrintable() keeps it from leaving the line.
 *
 * @param text the text
 * @return @p text, printable, in single quotes with each quote doubled
 */
inline std::string
GnuplotQuote(const std::string& text)
{
    std::string out = "'";
    for (char c : GnuplotPrintable(text))
    {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

#endif /* GNUPLOT_TEXT_H */
