#!/usr/bin/env bash
# Coverage-guided fuzzing of the parser, binder, checks, image reader and engine with AFL++ and SharpFuzz
# (docs/fuzzing.md). Usage: tests/Netflow.Fuzz/fuzz.sh SECONDS [WORK_DIR]
# Exits 1 when AFL++ found a crash or a hang (they are left in WORK_DIR/findings/default/{crashes,hangs}), 2 when
# the fuzzer could not run. Needs afl-fuzz on PATH (Debian: apt-get install afl++).
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:?usage: fuzz.sh SECONDS [WORK_DIR]}
work=${2:-$(mktemp -d -t netflow-fuzz-XXXXXX)}
mkdir -p "$work"
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is not installed (apt-get install afl++)"; exit 2; }

# The target and what it loads, in Release, then instrumented in place (instrumented code runs only under AFL++):
# our three libraries only (Pidgin and QuikGraph are tested by their authors; their coverage would mostly add noise).
dotnet tool restore >/dev/null || exit 2
rm -rf "$work/bin"
dotnet publish tests/Netflow.Fuzz -c Release -o "$work/bin" --nologo -v quiet || exit 2

# Seeds: the committed corpus, plus an image of a small network built now (so that it has the current format version).
rm -rf "$work/seeds" && cp -r tests/Netflow.Fuzz/corpus "$work/seeds"
dotnet "$work/bin/Netflow.Fuzz.dll" seed-image samples/broken/NF4005-flow-expectation-does-not-hold.netflow "$work/seeds/small-network.nfx" || exit 2
for library in Netflow.Language Netflow.Compiler Netflow.Runtime; do
  dotnet tool run sharpfuzz "$work/bin/$library.dll" >/dev/null || exit 2
done


# A resumed run (the same WORK_DIR) continues where the last one stopped.
input="$work/seeds"
[ -d "$work/findings/default/queue" ] && input=-
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
  AFL_AUTORESUME=1 AFL_FAST_CAL=1 DOTNET_TieredPGO=0
# -t: an input that runs longer than 10 s is a hang; -V: stop after SECONDS; timeout guards the start-up too.
timeout --kill-after=30 $((seconds + 300)) afl-fuzz -V "$seconds" -t 10000 -m none -x tests/Netflow.Fuzz/netflow.dict \
  -i "$input" -o "$work/findings" -- dotnet "$work/bin/Netflow.Fuzz.dll" >"$work/afl.log" 2>&1
status=$?
stats="$work/findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  tail -20 "$work/afl.log"; echo "fuzz: afl-fuzz did not start (exit $status)"; exit 2
fi
value() { sed -n "s/^$1 *: *//p" "$stats"; }
crashes=$(find "$work/findings/default/crashes" -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$work/findings/default/hangs" -name 'id:*' 2>/dev/null | wc -l)
echo "fuzz: $(value execs_done) executions in $(value run_time) s, $(value corpus_count) inputs in the queue, $crashes crashes, $hangs hangs (in $work/findings)"
[ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ]
