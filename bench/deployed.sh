#!/usr/bin/env bash
# The whole path in a deployment's shape (DeploymentBench): the broker (kafka.Kafka from the application's shaded
# jar, after StorageTool format), the Apicurio Registry that infra/apicurio-registry builds, and the application as
# 'streamgrad run' starts it, each in its own JVM; next to a passthrough application (PassthroughApp: decode the
# LabeledEvent, encode a Prediction, produce; no model) on the same broker, guarantee and wire format, and the
# model-only figure. Writes bench/target/results/deployed.json and prints one BENCH line per case.
#
#   bench/deployed.sh                    every case: {single_object, registry} x {exactly_once_v2, at_least_once}
#                                        x {8-16-1, 784-256-10} x {streamgrad, passthrough}
#   bench/deployed.sh '8-16-1'           cases whose name matches a regex (app/format/guarantee/shape)
#
# Environment: SKIP_BUILD=1, MVN_FLAGS (default "-B -q"), JAVA (default java), BENCH_OPTS (JVM -D options of the
# driver, e.g. "-Dbench.n.small=300000 -Dbench.jfr=true -Dbench.extra=commit.interval.ms=1000"; see DeploymentBench).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn ${MVN_FLAGS:--B -q} -pl infra/apicurio-registry,deploy,bench -am package -DskipTests
fi
REGISTRY=infra/apicurio-registry/runner/streamgrad-apicurio-registry-0.1.0-SNAPSHOT-runner.jar
[[ -f $REGISTRY ]] || { echo "no $REGISTRY: registry cases skipped" >&2; REGISTRY=-; }
mkdir -p bench/target/results
# shellcheck disable=SC2086
# the Vector API module: the model-only figure is measured in this JVM and must use the kernels the application does
"$JAVA" --add-modules jdk.incubator.vector ${BENCH_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp bench/target/benchmarks.jar \
  dev.streamgrad.bench.DeploymentBench deploy/target/streamgrad.jar bench/target/benchmarks.jar "$REGISTRY" \
  bench/target/results/deployed.json "${1:-.*}"
