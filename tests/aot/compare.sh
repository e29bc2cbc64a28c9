#!/usr/bin/env bash
# tests/aot/compare.sh AOT_BINARY JIT_DLL: runs every command case with the Native AOT binary and with the JIT build
# (dotnet JIT_DLL) and compares standard output, standard error, exit code and written files byte for byte
# (docs/performance.md, "Start-up"). Needs dot (Graphviz) for the render cases.
set -u
aot=$1; jit=$2
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
same=0; diff=0
run() { # name args...
  local name=$1; shift
  for which in aot jit; do
    local d=$out/$which/$name; mkdir -p $d/o
    local args=("${@//@OUT@/$d/o}")
    if [ $which = aot ]; then "$aot" "${args[@]}" >$d/stdout 2>$d/stderr; else dotnet "$jit" "${args[@]}" >$d/stdout 2>$d/stderr; fi
    echo $? >$d/rc
  done
  # written files are compared too; the output directory's own path differs, so compare after replacing it
  for f in stdout stderr; do sed -i "s#$out/aot/$name/o#OUT#g; s#$out/jit/$name/o#OUT#g" $out/{aot,jit}/$name/$f; done
  if diff -r $out/aot/$name $out/jit/$name >/dev/null; then same=$((same+1)); else diff=$((diff+1)); echo "DIFFERS: $name"; diff -r $out/aot/$name $out/jit/$name | head -5; fi
}
s=samples/ibm-cloud-hybrid
for f in text json sarif; do run check-$f check $s --format $f; done
run check-timings-noop check $s
run check-mistakes check samples/mistakes
run check-mistakes-json check samples/mistakes --format json
for b in samples/broken/*; do
  case $b in *.golden) continue;; esac
  n=$(basename $b)
  run broken-$n check $b
  run broken-json-$n check $b --format json
  run broken-flows-$n flows $b
done
for v in samples/variants/*/; do n=$(basename $v); run variant-flows-$n flows $v; run variant-check-$n check $v; done
run flows-text flows $s
run flows-json flows $s --format json
run trace-web trace $s --from ibm-cloud.iks.web-1 --to db.vcs.example.com:5432
run trace-json trace $s --from ibm-cloud.iks.web-1 --to db.vcs.example.com:5432 --format json
run trace-udp trace $s --from ibm-cloud.iks.web-1 --to 8.8.8.8 --proto udp
run trace-ambiguous trace $s --from web --to 10.0.0.1
run trace-bad trace $s --from nosuch --to 10.0.0.1
run trace-bad-prefix trace $s --from internet.user --to 10.1.1.1/24
run trace-bad-ports trace $s --from internet.user --to host:443:1
run trace-icmp-port trace $s --from internet.user --to 10.0.0.1:80 --proto icmp
run reach-bad-port reach $s --port udp/0
run build build $s -o @OUT@/network.nfx
aot_img=$out/aot/build/o/network.nfx
run flows-image flows $aot_img
run flows-image-json flows $aot_img --format json
run reach-image reach $aot_img
run reach reach $s
run reach-json reach $s --format json
run reach-port reach $s --from '*web*' --port tcp/5432,icmp
run render-dot render $s --format dot -o @OUT@/all.dot
run render-stdout render $s
run render-svg render $s --format svg -o @OUT@/
run render-flow render $s --flow internet-to-iks-web-same-worker --format svg -o @OUT@/f.svg
run render-png render $s --format png -o @OUT@/p.png
run explain explain NF0001
run explain-3 explain NF2001
run explain-bad explain NF9999
run lab-help lab --help
run lab-up-dry lab up $s --dry-run
run help --help
run version --version
run none
run unknown-command nosuch
run missing-file check /nonexistent
run flows-bad-image flows README.md
echo "same: $same, differ: $diff (outputs in $out)"
[ $diff -eq 0 ]
