#!/usr/bin/env bash
# Regenerates docs/performance.md: JMH kernel benchmarks, then whole-epoch figures on MNIST with the
# PyTorch reference measured in the same run (bench/README.md).
#
#   bench/run.sh            the full run (about 10 minutes on 2 cores), writes docs/performance.md
#   bench/run.sh --smoke    a few hundred windows per row, writes bench/target/performance-smoke.md (CI)
#
# Extra arguments go to org.engram.bench.EpochBench (e.g. --no-peer, --no-scaling, --out FILE).
# Needs the bundles installed in the local Maven repository (mvn -B -q install from the root) and
# the MNIST files in data/mnist (./setup-data.sh). The PyTorch reference needs python3 with torch
# (Debian: apt-get install python3-torch), the spiking forward's Brian2 reference python3 with brian2
# (Debian: apt-get install python3-brian); without them the tables say so.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

smoke=false
for arg in "$@"; do
    [ "$arg" = "--smoke" ] && smoke=true
done

mvn -B -q -f bench/pom.xml package -DskipTests
classpath="bench/target/classes:$(cat bench/target/classpath.txt)"

# JMH forks its own JVMs; the smoke run only proves that every benchmark runs
if $smoke; then
    jmh_options=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms)
else
    jmh_options=()
fi
java -cp "$classpath" org.openjdk.jmh.Main "${jmh_options[@]}" -rf csv -rff bench/target/jmh.csv >&2

peer=(--no-peer)
for python in python3 /usr/bin/python3; do
    if command -v "$python" >/dev/null && "$python" -c 'import torch' 2>/dev/null; then
        peer=(--python "$(command -v "$python")")
        break
    fi
done

# Brian2, the spiking network's forward peer (Debian: apt-get install python3-brian)
brian=()
for python in python3 /usr/bin/python3; do
    if command -v "$python" >/dev/null && "$python" -c 'import brian2' 2>/dev/null; then
        brian=(--brian-python "$(command -v "$python")")
        break
    fi
done

extra=()
$smoke || extra=(--full-epochs)
# a 300 MB heap: the issue's limit for one MNIST trial; every row of the report runs under it
java -Xmx300m -cp "$classpath" org.engram.bench.EpochBench --jmh bench/target/jmh.csv "${peer[@]}" "${brian[@]}" "${extra[@]}" "$@"
