#!/usr/bin/env bash
# Start slurmd again on a node stopped by kill-node.sh.
#
#   restart-node.sh nodeN [--state DIR]
#
# With ReturnToService=2 the controller puts a DOWN node back in service as
# soon as it registers with a valid configuration.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
parse_state_arg "$@"
NODE=""
for a in "$@"; do case "$a" in node*) NODE="$a" ;; esac; done
[ -n "$NODE" ] || die "usage: restart-node.sh nodeN [--state DIR]"
need_root
set_paths
start_slurmd "$NODE"
for _ in $(seq 1 30); do
  st=$(sinfo -h -n "$NODE" -o '%t' 2>/dev/null || true)
  case "$st" in idle|mix|alloc) log "$NODE is $st"; exit 0 ;; esac
  sleep 1
done
die "$NODE did not return to service (state: ${st:-?}); see $LOGDIR/slurmd-$NODE.log"
