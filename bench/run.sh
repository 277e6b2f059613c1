#!/usr/bin/env bash
# Builds the benchmarks, runs JMH, and writes docs/BENCHMARKS.md from the JSON results (one command).
#
#   bench/run.sh            full run for the published figures (about 20 minutes on 2 cores, 6 of them phases 5-6)
#   bench/run.sh --quick    smoke check: every benchmark for about 1.5 s + fork (about 5 minutes; figures unreliable)
#
# Phases 5-6 measure the whole path (Kafka Streams topology): PipelineBench (JMH, TopologyTestDriver) and
# BrokerBench (a main: an in-process broker, steady state, one stream thread), each with the model-only figure
# from the same run. Select them alone with BENCH_FILTER='PipelineBench|BrokerBench'.
#
# Environment: MVN_FLAGS (default "-B -q"; add -o for offline), JAVA (default java),
#              BENCH_FILTER (optional extra JMH include regex, e.g. 'ModelBench'), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=full
[[ "${1:-}" == "--quick" ]] && MODE=quick
JAVA=${JAVA:-java}
OUT=bench/target/results
mkdir -p "$OUT" docs

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn ${MVN_FLAGS:--B -q} -pl bench -am package -DskipTests
fi
JAR=bench/target/benchmarks.jar
JVM_ARGS="--add-modules jdk.incubator.vector -Xms2g -Xmx2g -XX:+UseParallelGC -Dorg.bytedeco.javacpp.cachedir=$HOME/.javacpp/cache"

if [[ $MODE == quick ]]; then
  TIMING=(-f 1 -wi 1 -w 1s -i 1 -r 500ms)   # the Vector API needs C2: at least ~1 s of warm-up
else
  TIMING=(-f 1 -wi 2 -w 750ms -i 3 -r 1s)
fi

[[ -z "${BENCH_FILTER:-}" ]] && rm -f "$OUT"/*.json   # a filtered run keeps the other results
run() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name: $*" >&2
  rm -f "$OUT/$name.json"
  "$JAVA" -jar "$JAR" "${TIMING[@]}" -jvmArgsAppend "$JVM_ARGS${EXTRA_JVM:+ $EXTRA_JVM}" -rf json -rff "$OUT/$name.json" "$@" \
    > "$OUT/$name.log" 2>&1 || { tail -40 "$OUT/$name.log" >&2; exit 1; }
}

has_class() {
  python3 -c 'import sys, zipfile; sys.exit(0 if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).namelist() else 1)' "$JAR" "$1"
}

FILTER=${BENCH_FILTER:-.}
# 1. the reference peak (always: every ratio is to the peak of the same run) and the native copy strategy
run peak 'PeakBench|NativeCopyBench'
# 2. model level (if the module has it): events/s per backend
if [[ $FILTER == . || ModelBench =~ $FILTER ]] && has_class dev/streamgrad/bench/ModelBench.class; then
  run model 'ModelBench'
fi
# 3. kernels per event at the layer sizes (java, vector, native; auto is the same code as vector here)
if [[ $FILTER == . || KernelBench =~ $FILTER ]]; then
  run kernel 'KernelBench.(gemv|backpropUpdate)$' -p backend=java,vector,native -p layer=16x8,128x64,256x784,512x512
fi
# 4. GEMM crossover vector vs native (the KernelThresholds default)
if [[ $FILTER == . || GemmBench =~ $FILTER ]]; then
  run gemm 'GemmBench' -p backend=vector,native
fi

# 5. the whole path through TopologyTestDriver, next to the model alone (same JVM, same events)
if [[ $FILTER == . || PipelineBench =~ $FILTER ]] && has_class dev/streamgrad/bench/PipelineBench.class; then
  mkdir -p bench/target/tmp
  EXTRA_JVM="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Djava.io.tmpdir=$ROOT/bench/target/tmp" run pipeline 'PipelineBench'

fi
# 6. the whole path through a real (in-process) broker: steady state, one stream thread (not JMH: see BrokerBench)
if [[ $FILTER == . || BrokerBench =~ $FILTER ]] && has_class dev/streamgrad/bench/BrokerBench.class; then
  echo "== broker: BrokerBench" >&2
  mkdir -p bench/target/tmp
  if [[ $MODE == quick ]]; then SIZES=(-Dbench.n.small=60000 -Dbench.n.large=3000); else SIZES=(); fi
  # shellcheck disable=SC2086
  "$JAVA" $JVM_ARGS "${SIZES[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Djava.io.tmpdir="$ROOT/bench/target/tmp" \
    -cp "$JAR" dev.streamgrad.bench.BrokerBench "$OUT/broker.json" "${BROKER_FILTER:-.*}" \
    > "$OUT/broker.log" 2>&1 || { tail -40 "$OUT/broker.log" >&2; exit 1; }
fi

CMD="${BENCH_FILTER:+BENCH_FILTER='$BENCH_FILTER' }bench/run.sh${1:+ $1}"
python3 bench/render.py docs/BENCHMARKS.md bench/notes.md "$CMD" "$MODE" "$OUT"/*.json
echo "wrote $ROOT/docs/BENCHMARKS.md" >&2
