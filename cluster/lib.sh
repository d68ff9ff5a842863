# Shared settings and helpers for the local Slurm test cluster.
# Sourced by start-cluster.sh, stop-cluster.sh, kill-node.sh, restart-node.sh.
# shellcheck shell=bash

ENGRAM_SLURM_STATE="${ENGRAM_SLURM_STATE:-/tmp/engram-slurm}"

SUBNET_PREFIX="10.77.0"          # private /24 used only on this machine
HOST_ADDR="${SUBNET_PREFIX}.1"   # root namespace (clients) on the bridge
CTL_ADDR="${SUBNET_PREFIX}.10"   # slurmctld namespace
NODE_ADDR_BASE=10                # nodeN -> ${SUBNET_PREFIX}.$((10+N))
BRIDGE=engbr0
NS_PREFIX=engram-                # namespaces: engram-ctl, engram-node1, ...

die()  { echo "ERROR: $*" >&2; exit 1; }
log()  { echo "[cluster] $*"; }

need_root() { [ "$(id -u)" = 0 ] || die "must run as root"; }

node_addr() { echo "${SUBNET_PREFIX}.$((NODE_ADDR_BASE + $1))"; }

# Parse --state DIR out of "$@" (other args are left to the caller).
parse_state_arg() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --state) ENGRAM_SLURM_STATE="$2"; shift 2 ;;
      --state=*) ENGRAM_SLURM_STATE="${1#--state=}"; shift ;;
      *) shift ;;
    esac
  done
}

set_paths() {
  STATE="$ENGRAM_SLURM_STATE"
  SLURM_CONF_FILE="$STATE/etc/slurm.conf"
  MUNGE_DIR="$STATE/munge"
  MUNGE_SOCKET="$MUNGE_DIR/munge.socket"
  LOGDIR="$STATE/log"
  export SLURM_CONF="$SLURM_CONF_FILE"
}

# Number of nodes the existing config was written for (0 if none).
configured_nodes() {
  [ -f "$STATE/nodes.count" ] && cat "$STATE/nodes.count" || echo 0
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
pidfile_alive() { [ -f "$1" ] && pid_alive "$(cat "$1" 2>/dev/null)"; }

slurmd_pidfile() { echo "$STATE/nodes/$1/slurmd.pid"; }
slurmctld_pidfile() { echo "$STATE/ctld/slurmctld.pid"; }

# Run "$@" inside network namespace $1 with its own UTS namespace (hostname
# $2) and mount namespace (our hosts file bind-mounted on /etc/hosts).
# nsenter is used instead of `ip netns exec` because the latter remounts /sys,
# hiding /sys/fs/cgroup, and slurmd 22.05 refuses to start without it.
run_in_ns() {
  local ns="$1" hn="$2"; shift 2
  nsenter --net="/run/netns/$ns" unshare --mount --uts --propagation slave \
    sh -c 'mount --bind "$0" /etc/hosts && hostname "$1" && shift && exec "$@"' \
    "$STATE/etc/hosts" "$hn" "$@"
}

# Start slurmd for node name $1 (e.g. node1) inside its namespace, with its
# own UTS namespace so `hostname` inside jobs prints the node name.
start_slurmd() {
  local node="$1" ns="${NS_PREFIX}$1"
  [ -e "/run/netns/$ns" ] || die "namespace $ns missing (run start-cluster.sh)"
  if pidfile_alive "$(slurmd_pidfile "$node")"; then
    log "slurmd $node already running (pid $(cat "$(slurmd_pidfile "$node")"))"
    return 0
  fi
  mkdir -p "$STATE/nodes/$node/spool"
  run_in_ns "$ns" "$node" /usr/sbin/slurmd -f "$SLURM_CONF_FILE" -N "$node" \
    || die "slurmd $node failed to start; see $LOGDIR/slurmd-$node.log"
  log "started slurmd $node in netns $ns"
}

start_slurmctld() {
  local ns="${NS_PREFIX}ctl"
  if pidfile_alive "$(slurmctld_pidfile)"; then
    log "slurmctld already running (pid $(cat "$(slurmctld_pidfile)"))"
    return 0
  fi
  run_in_ns "$ns" ctl /usr/sbin/slurmctld -f "$SLURM_CONF_FILE" \
    || die "slurmctld failed to start; see $LOGDIR/slurmctld.log"
  log "started slurmctld in netns $ns"
}

log_tails() {
  local f
  for f in "$LOGDIR"/*.log; do
    [ -f "$f" ] || continue
    echo "----- tail $f" >&2
    tail -n 25 "$f" >&2
  done
}
