#!/usr/bin/env bash
# Stop the local Slurm cluster started by start-cluster.sh and remove its
# namespaces, links and /etc/netns entries.
#
#   stop-cluster.sh [--state DIR] [--purge]
#
# --purge also deletes the state directory (config, logs, job output, key).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
PURGE=0
parse_state_arg "$@"
for a in "$@"; do [ "$a" = --purge ] && PURGE=1; done
need_root
set_paths

# 1. every process living in one of our namespaces: slurmctld, slurmd,
#    slurmstepd and job processes (SIGTERM, then SIGKILL).
our_ns() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^${NS_PREFIX}" || true; }
ns_pids() { local ns; for ns in $(our_ns); do ip netns pids "$ns" 2>/dev/null; done; }
pids=$(ns_pids)
if [ -n "$pids" ]; then
  log "stopping $(echo $pids | wc -w) process(es) in namespaces"
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 20); do
    [ -z "$(ns_pids)" ] && break
    sleep 0.5
  done
  pids=$(ns_pids); [ -n "$pids" ] && kill -KILL $pids 2>/dev/null || true
fi
# daemons that were started from pid files (in case a namespace is gone)
for pf in "$STATE/ctld/slurmctld.pid" "$STATE"/nodes/*/slurmd.pid; do
  [ -f "$pf" ] || continue
  p=$(cat "$pf" 2>/dev/null); pid_alive "$p" && kill -KILL "$p" 2>/dev/null
  rm -f "$pf"
done

# 2. private munged
if pidfile_alive "$MUNGE_DIR/munged.pid"; then
  kill -TERM "$(cat "$MUNGE_DIR/munged.pid")" 2>/dev/null || true
  for _ in $(seq 1 10); do pidfile_alive "$MUNGE_DIR/munged.pid" || break; sleep 0.3; done
  pidfile_alive "$MUNGE_DIR/munged.pid" && kill -KILL "$(cat "$MUNGE_DIR/munged.pid")"
  log "stopped munged"
fi
rm -f "$MUNGE_DIR/munged.pid" "$MUNGE_SOCKET" "$MUNGE_SOCKET.lock"

# 3. namespaces, veths, bridge, /etc/netns entries
for ns in $(our_ns); do ip netns del "$ns" && log "removed netns $ns"; done
for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^engv-' || true); do
  ip link del "$l" 2>/dev/null || true
done
ip link show "$BRIDGE" >/dev/null 2>&1 && ip link del "$BRIDGE" && log "removed bridge $BRIDGE"
# /run/netns was created by `ip netns add`; remove it only if empty
# (namespace files may take a moment to disappear).
# `ip netns add` also bind-mounts /run/netns onto itself: unmount that first.
for _ in 1 2 3 4 5 6; do
  [ -d /run/netns ] || break
  [ -z "$(ls -A /run/netns 2>/dev/null)" ] || { sleep 0.5; continue; }
  mountpoint -q /run/netns && umount /run/netns 2>/dev/null
  rmdir /run/netns 2>/dev/null && break
  sleep 0.5
done

if [ "$PURGE" = 1 ]; then
  rm -rf "$STATE" && log "removed $STATE"
fi
log "stopped"
