#!/usr/bin/env bash
# Check a running local cluster (start-cluster.sh, >= 2 nodes):
#  1. a 4-task job array runs on both nodes, a dependent job runs afterwards;
#  2. node failure: a 2-task --requeue array, node1 killed while its task runs,
#     the task is requeued onto another node and completes. Prints timings.
#
#   verify-cluster.sh [--state DIR] [--skip-failure] [--slurmd-only]
#
# --slurmd-only kills only slurmd on node1 (orphaned job processes survive);
# the default kills every process of node1 (see kill-node.sh).
# node1 is restarted at the end. Exit status 0 = all checks passed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
SKIP_FAILURE=0; KILL_ARGS=()
parse_state_arg "$@"
for a in "$@"; do
  case "$a" in
    --skip-failure) SKIP_FAILURE=1 ;;
    --slurmd-only) KILL_ARGS+=(--slurmd-only) ;;
  esac
done
need_root
set_paths
OUT="$STATE/out/verify-$$"
mkdir -p "$OUT"
fail() { echo "FAIL: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }

wait_gone() {  # jobid timeout
  local end=$(( $(date +%s) + $2 ))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ "$(date +%s)" -lt "$end" ] || fail "job $1 still queued after $2 s"
    sleep 1
  done
}

# jobcomp/filetxt line for an array task: NodeList and JobState
comp_field() {  # arrayjob taskid field
  grep "ArrayJobId=$1 ArrayTaskId=$2 " "$LOGDIR/jobcomp.txt" | tail -1 \
    | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# --------------------------------------------------------------- 1. array
echo "== job array spread + dependency"
A=$(sbatch --parsable --array=0-3 -o "$OUT/arr_%A_%a.out" \
      --wrap 'hostname; echo $SLURM_ARRAY_TASK_ID; sleep 5')
D=$(sbatch --parsable --dependency=afterany:"$A" -o "$OUT/dep_%j.out" \
      --wrap 'echo dependent ran on $(hostname) at $(date +%s.%N)')
wait_gone "$A" 120; wait_gone "$D" 60
hosts=""
last_end=0
for t in 0 1 2 3; do
  f="$OUT/arr_${A}_$t.out"
  [ -f "$f" ] || fail "missing $f"
  h=$(sed -n 1p "$f"); id=$(sed -n 2p "$f")
  [ "$id" = "$t" ] || fail "task $t printed id '$id'"
  st=$(comp_field "$A" "$t" JobState); nl=$(comp_field "$A" "$t" NodeList)
  [ "$st" = COMPLETED ] || fail "task $t state $st"
  [ "$nl" = "$h" ] || fail "task $t: hostname $h but NodeList $nl"
  echo "  task $t ran on $h ($st)"
  hosts="$hosts $h"
  e=$(comp_field "$A" "$t" EndTime); e=$(date -d "$e" +%s)
  [ "$e" -gt "$last_end" ] && last_end=$e
done
n_hosts=$(echo $hosts | tr ' ' '\n' | sort -u | wc -l)
[ "$n_hosts" -ge 2 ] || fail "array ran on only one node:$hosts"
ds=$(grep "^JobId=$D " "$LOGDIR/jobcomp.txt" | tr ' ' '\n' | sed -n 's/^StartTime=//p')
[ "$(date -d "$ds" +%s)" -ge "$last_end" ] || fail "dependent job started before array ended"
echo "  array used $n_hosts nodes; dependent job $D: $(cat "$OUT"/dep_"$D".out)"

[ "$SKIP_FAILURE" = 1 ] && { echo "PASS (failure scenario skipped)"; exit 0; }
[ "$(configured_nodes)" -ge 2 ] || { echo "PASS (failure scenario needs >= 2 nodes)"; exit 0; }

# ----------------------------------------------------------- 2. node kill
echo "== node failure + requeue (kill ${KILL_ARGS[*]:-all processes of} node1)"
R=$(sbatch --parsable --requeue --open-mode=append --array=0-1 -o "$OUT/req_%A_%a.out" \
      --wrap 'echo start $(hostname) restart=${SLURM_RESTART_COUNT:-0} $(date +%s.%N); sleep 40; echo end $(hostname) $(date +%s.%N)')
# wait until one task runs on node1
victim=""
for _ in $(seq 1 60); do
  victim=$(squeue -h -r -j "$R" -t R -o '%i %N' | awk '$2=="node1"{print $1}')
  [ -n "$victim" ] && break
  sleep 0.5
done
[ -n "$victim" ] || fail "no task of $R started on node1"
sleep 3
"$HERE/kill-node.sh" node1 "${KILL_ARGS[@]}" --state "$STATE"
T0=$(now)
t_nr=""; t_down=""; t_pd=""; t_run=""; t_done=""; newnode=""
prev=""
while :; do
  ns=$(sinfo -h -n node1 -o '%t' 2>/dev/null || true)
  js=$(squeue -h -j "$victim" -o '%t %N %r' 2>/dev/null || true)
  line="node1=$ns $victim=[$js]"
  if [ "$line" != "$prev" ]; then echo "  +$(elapsed "$T0" "$(now)")s $line"; prev="$line"; fi
  [ -z "$t_nr" ] && [[ "$ns" == *'*' ]] && t_nr=$(now)
  [ -z "$t_down" ] && [[ "$ns" == down* ]] && t_down=$(now)
  [ -z "$t_pd" ] && [[ "$js" == PD* ]] && t_pd=$(now)
  if [ -z "$t_run" ] && [ -n "$t_pd" ] && [[ "$js" == R* ]]; then
    t_run=$(now); newnode=$(echo "$js" | awk '{print $2}')
  fi
  if [ -z "$js" ]; then t_done=$(now); break; fi
  awk -v e="$(elapsed "$T0" "$(now)")" 'BEGIN{exit !(e < 400)}' || fail "timeout in failure scenario"
  sleep 0.5
done
wait_gone "$R" 120
[ -n "$t_down" ] || fail "node1 never marked DOWN"
[ -n "$t_pd" ] || fail "task $victim was not requeued"
[ -n "$t_run" ] || fail "requeued task never restarted"
[ "$newnode" != node1 ] || fail "requeued task restarted on node1"
tid=${victim#*_}
last="$OUT/req_${R}_$tid.out"
echo "  outputs:"; for f in "$OUT"/req_"$R"_*; do echo "    $(basename "$f"): $(tr '\n' ' ' < "$f")"; done
[ "$(grep -c '^start ' "$last")" -ge 2 ] || fail "task $tid did not run twice ($last)"
grep -q '^end ' "$last" || fail "requeued task did not finish ($last)"
for t in 0 1; do
  st=$(comp_field "$R" "$t" JobState)
  [ "$st" = COMPLETED ] || fail "task $t of $R ended $st"
done
echo "  timings after SIGKILL: not-responding +$(elapsed "$T0" "${t_nr:-$t_down}")s," \
     "DOWN +$(elapsed "$T0" "$t_down")s, requeued +$(elapsed "$T0" "$t_pd")s," \
     "restarted on $newnode +$(elapsed "$T0" "$t_run")s, finished +$(elapsed "$T0" "$t_done")s"
if [ "${#KILL_ARGS[@]}" -gt 0 ]; then
  orphans=$(ip netns pids "${NS_PREFIX}node1" | tr '\n' ' ')
  echo "  processes still in node1's namespace (orphaned job): ${orphans:-none}"
fi
"$HERE/restart-node.sh" node1 --state "$STATE"
echo PASS
