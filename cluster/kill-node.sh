#!/usr/bin/env bash
# Simulate the failure of one compute node of the local cluster.
#
#   kill-node.sh nodeN [--slurmd-only] [--state DIR]
#
# Default: SIGKILL every process in the node's network namespace -- slurmd,
# its slurmstepd(s) and the job processes they started -- like a machine that
# lost power. (All namespaces share one PID space, so `ip netns pids` is how
# the node's processes are told apart from the other nodes'.)
# --slurmd-only: SIGKILL just slurmd. Running jobs' slurmstepd and task
# processes survive as orphans and go on running (see README).
# Bring the node back with restart-node.sh nodeN.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
NODE=""; ONLY=0
parse_state_arg "$@"
while [ $# -gt 0 ]; do
  case "$1" in
    --slurmd-only) ONLY=1; shift ;;
    --state) shift 2 ;;
    --state=*) shift ;;
    node*) NODE="$1"; shift ;;
    *) die "usage: kill-node.sh nodeN [--slurmd-only] [--state DIR]" ;;
  esac
done
[ -n "$NODE" ] || die "usage: kill-node.sh nodeN [--slurmd-only] [--state DIR]"
need_root
set_paths
ns="${NS_PREFIX}$NODE"
[ -e "/run/netns/$ns" ] || die "no namespace $ns"
if [ "$ONLY" = 1 ]; then
  pf=$(slurmd_pidfile "$NODE")
  pidfile_alive "$pf" || die "slurmd $NODE is not running"
  pids=$(cat "$pf")
else
  pids=$(ip netns pids "$ns" | tr '\n' ' ')
fi
[ -n "${pids// /}" ] || die "no processes in $ns"
kill -KILL $pids
log "$(date +%T.%3N) SIGKILL sent to $NODE: pids $pids"
