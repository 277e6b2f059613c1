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
#              BENCH_FILTER (optional extra JMH include regex, e.g. 'ModelBench'; 'Optimizers' selects phase 7, the
#              optimisers per event, and 'PyTorch' phase 8, bench/pytorch_bench.py), SKIP_BUILD=1,
#              BENCH_TIMING (JMH timing flags), MODEL_ARGS (extra JMH arguments of the ModelBench phase),
#              TORCH_SECONDS, TORCH_REPEAT (pytorch_bench.py: seconds per measurement, repeats),
#              REPLICATED_ARGS (phase 9, BENCH_FILTER=ReplicatedBench: the replicated mode; not in the default run).
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
# BENCH_TIMING overrides the JMH timing (a loaded machine starves the JIT: e.g. '-f 1 -wi 3 -w 2s -i 3 -r 1s')
[[ -n "${BENCH_TIMING:-}" ]] && read -ra TIMING <<< "$BENCH_TIMING"

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
  # shellcheck disable=SC2086
  run model 'ModelBench' -p optimizer=sgd ${MODEL_ARGS:-}   # MODEL_ARGS: extra JMH arguments, e.g. '-p backend=auto'
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

# 7. per-event learning with each optimiser (auto), in one JMH run: every ratio to SGD is within one run
if [[ $FILTER == . || Optimizers =~ $FILTER ]]; then
  run optim 'ModelBench.learn$' -p backend=auto -p optimizer=sgd,momentum,nesterov,adagrad,rmsprop,adam \
    -p shape=8-16-1,64-128-10,784-256-10,784-512-512-10
fi
# 8. PyTorch's per-event SGD and Adam on the same shapes (Debian's python3-torch), if it is installed
if [[ $FILTER == . || PyTorch =~ $FILTER ]] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "== pytorch: bench/pytorch_bench.py" >&2
  rm -f "$OUT/pytorch.json"
  /usr/bin/python3 bench/pytorch_bench.py --seconds "${TORCH_SECONDS:-3}" --repeat "${TORCH_REPEAT:-3}" \
    --optimizers sgd,adam --json "$OUT/pytorch.json" > "$OUT/pytorch.log" 2>&1 || { tail -20 "$OUT/pytorch.log" >&2; exit 1; }
fi

# 9. optional, only with BENCH_FILTER=ReplicatedBench: the replicated mode (one model, 4 partitions, 1 vs 2 stream
#    threads, a real in-process broker; see ReplicatedBench). Its JSON goes to bench/target/replicated.json, outside
#    the rendered results, and docs/BENCHMARKS.md is not regenerated by this phase alone: its figures are copied by
#    hand (REPLICATED_ARGS: extra JVM -D flags, e.g. '-Dbench.n.small=400000 -Dbench.every.small=5000').
if [[ ${BENCH_FILTER:-} =~ Replicated ]] && has_class dev/streamgrad/bench/ReplicatedBench.class; then
  echo "== replicated: ReplicatedBench" >&2
  mkdir -p bench/target/tmp
  # shellcheck disable=SC2086
  "$JAVA" $JVM_ARGS ${REPLICATED_ARGS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.io.tmpdir="$ROOT/bench/target/tmp" -cp "$JAR" dev.streamgrad.bench.ReplicatedBench \
    bench/target/replicated.json > bench/target/replicated.log 2>&1 || { tail -40 bench/target/replicated.log >&2; exit 1; }
  grep '^BENCH' bench/target/replicated.log >&2
  if [[ $BENCH_FILTER == ReplicatedBench ]]; then
    echo "wrote bench/target/replicated.json (docs/BENCHMARKS.md left as it is)" >&2
    exit 0
  fi
fi

CMD="${BENCH_TIMING:+BENCH_TIMING='$BENCH_TIMING' }${MODEL_ARGS:+MODEL_ARGS='$MODEL_ARGS' }${BENCH_FILTER:+BENCH_FILTER='$BENCH_FILTER' }bench/run.sh${1:+ $1}"
python3 bench/render.py docs/BENCHMARKS.md bench/notes.md "$CMD" "$MODE" "$OUT"/*.json
echo "wrote $ROOT/docs/BENCHMARKS.md" >&2
