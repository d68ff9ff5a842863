#!/usr/bin/env bash
# The main job on a fresh clone: fetch the data, build, list the plugins, train the paper's MNIST
# network with the IB-Hebbian rule for one epoch on a subset (a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")"
./setup-data.sh
mvn -B -q install -DskipTests
engram=distribution/target/engram/bin/engram
"$engram" plugins
"$engram" trial --dataset mnist --layers 128:relu-layernorm,64:relu-layernorm,10:linear \
  --rule ib-hebbian --epochs 1 --train-limit 20000 --test-limit 5000
