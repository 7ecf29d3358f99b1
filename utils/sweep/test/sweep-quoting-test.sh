#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Values of a plan reach gnuplot and job scripts as data only: grid values made to break
# out of a gnuplot string (newlines, quotes, '!', system(), backquotes, a backslash before a
# newline) are plotted as literal labels and run nothing; an "out" folder with a newline is
# refused by emit instead of being written into the job script.

. "$(dirname "$0")/sweep-test-lib.sh" "$@"

if ! command -v gnuplot >/dev/null; then
    echo "gnuplot not installed: skipped"
    cd / && rm -rf "$WORK"
    exit 77 # CTest's SKIP_RETURN_CODE: reported as skipped, not passed
fi

# Each injected command would create a file whose name starts with PWNED, in the folder
# gnuplot runs in (the plan's results folder) or in the test's folder.
cat >plan.json.in <<'PLAN'
{"program": "@FAKE@", "args": {"sleep": 0},
 "grid": {"memory": [64, 128],
          "tag": ["plain",
                  "x'\n!touch PWNED_NEWLINE\n#",
                  "y'\r!touch PWNED_CR\r#",
                  "q' . system('touch PWNED_SYSTEM') . '",
                  "d\"; system(\"touch PWNED_DQ\"); \"",
                  "b`touch PWNED_BACKQUOTE`",
                  "s'\\\n!touch PWNED_CONTINUED"]},
 "repetitions": 2, "out": "out"}
PLAN
sed "s|@FAKE@|$FAKE|" plan.json.in >plan.json
"$SWEEP" run plan.json 2>run.err
check "run exits 0" [ $? -eq 0 ]
"$SWEEP" aggregate plan.json 2>/dev/null
check "aggregate exits 0" [ $? -eq 0 ]
DIR=$(plan_dir plan.json)

png=$("$SWEEP" plot plan.json --x memory --y total_s --series tag 2>plot.err)
check "plot by series exits 0: $(cat plot.err)" [ $? -eq 0 ]
check "PNG written" [ -s "$png" ]
"$SWEEP" plot plan.json --x tag --y total_s --where memory=64 >/dev/null 2>plot-x.err
check "plot with the values as x tics exits 0: $(cat plot-x.err)" [ $? -eq 0 ]
"$SWEEP" plot plan.json --x memory --y total_s --where $'tag=x\'\n!touch PWNED_NEWLINE\n#' \
    >/dev/null 2>plot-where.err
check "plot with the value in the title (--where) exits 0: $(cat plot-where.err)" [ $? -eq 0 ]

pwned=$(find "$WORK" -name 'PWNED*')
check "no injected command ran (found: ${pwned:-none})" [ -z "$pwned" ]

# Every line of the scripts is one command: none starts with '!', the shell escape.
check "no script line starts with '!'" [ "$(cat "$DIR"/plot-*.gp | grep -c '^ *!')" -eq 0 ]
check "no data line starts with '!' or 'touch'" \
    [ "$(cat "$DIR"/plot-*.dat | grep -c -e '^ *!' -e '^touch')" -eq 0 ]

# The labels are the values, with control characters shown as escapes: draw the series plot
# on gnuplot's text terminal and read its key.
gp=$DIR/plot-total_s-vs-memory-by-tag.gp
sed -e 's/^set terminal .*/set terminal dumb size 250,40/' -e 's/^set output .*/set output "key.txt"/' \
    "$gp" >"$DIR/key.gp"
(cd "$DIR" && gnuplot key.gp) 2>key.err
check "text rendering exits 0: $(cat key.err)" [ $? -eq 0 ]
for label in "tag=plain" \
    "tag=x'\\n!touch PWNED_NEWLINE\\n#" \
    "tag=y'\\r!touch PWNED_CR\\r#" \
    "tag=q' . system('touch PWNED_SYSTEM') . '" \
    "tag=d\"; system(\"touch PWNED_DQ\"); \"" \
    "tag=b\`touch PWNED_BACKQUOTE\`" \
    "tag=s'\\\\n!touch PWNED_CONTINUED"; do
    check "literal label: $label" grep -qF -- "$label" "$DIR/key.txt"
done
pwned=$(find "$WORK" -name 'PWNED*')
check "rerunning the script by hand runs nothing either (found: ${pwned:-none})" [ -z "$pwned" ]

# emit writes the results folder into #SBATCH lines and comments: a newline there would
# start a command, so such an "out" is refused and no script is written.
cat >emit.json <<PLAN
{"program": "$FAKE", "grid": {"memory": [64]}, "repetitions": 1,
 "out": "o\ntouch PWNED_EMIT\n"}
PLAN
for kind in slurm parallel; do
    "$SWEEP" emit "$kind" emit.json >/dev/null 2>emit.err
    check "emit $kind with a newline in out exits 2" [ $? -eq 2 ]
    check "... naming the results folder: $(cat emit.err)" grep -q "results folder of emit.json" emit.err
done
check "no job script written" [ -z "$(find "$WORK" -name 'sweep.sbatch' -o -name 'jobs.txt')" ]

finish
