#!/usr/bin/env bash
# The main job on a fresh clone: fetch the data, build, list the plugins, then run the quickstart
# study (the paper's XOR network and a short MNIST run, IB-Hebbian against back-propagation), which
# writes metrics, provenance, a summary and plots under runs/ (a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")"
./setup-data.sh
mvn -B -q install -DskipTests
engram=distribution/target/engram/bin/engram
"$engram" plugins
"$engram" run distribution/target/engram/studies/quickstart.yaml
