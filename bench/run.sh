#!/usr/bin/env bash
# rigger vs ansible-playbook on the same lab rigs (issue 6). Needs root (the lab), Linux, java 17,
# ansible-playbook (Debian's ansible-core 2.14), /usr/bin/time and gnuplot (for the plot).
#
#   sudo RIGGER_LAB_ID=3 bench/run.sh                 # 8 full rigs and 64 light rigs, 3 runs each; writes docs/benchmarks.md
#   sudo RIGGER_LAB_ID=3 bench/run.sh --quick         # CI smoke: 2 rigs, 1 run, nothing written outside target/bench
#   sudo RIGGER_LAB_ID=3 bench/run.sh --rigs 8 --runs 5
#
# Options:
#   --rigs "8 64"        rig counts (full rigs up to 8, light rigs above)
#   --runs N             timed runs per tool, mode and rig count (default 3); tools alternate run by run
#   --ansible-big-modes M  what Ansible runs above 8 rigs (default "apply rerun": a 64-rig --check adds 15 min)
#   --ansible-big-runs N   Ansible's runs above 8 rigs (default: --runs; each 64-rig run takes ~5 min)
#   --no-ansible         rigger only (the table then has no ratios)
#   --quick              CI smoke: --rigs 2 --runs 1, Ansible only re-runs, a short floor; results in target/bench
#   --keep               leave the lab up at the end
#   --out FILE           the report (default docs/benchmarks.md; --quick: target/bench/benchmarks.md)
# Results: target/bench/results.csv (one line per timed run), logs of every run in target/bench/logs/.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$here"

rigs_list="8 64"; runs=3; big_modes="apply rerun"; big_runs=""; small_modes="apply rerun check"; ansible=1; quick=0; keep=0; out=""; floor_n=300
while [ $# -gt 0 ]; do
  case "$1" in
    --rigs) rigs_list="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --ansible-big-modes) big_modes="$2"; shift 2 ;;
    --ansible-big-runs) big_runs="$2"; shift 2 ;;
    --no-ansible) ansible=0; shift ;;
    --quick) quick=1; rigs_list=2; runs=1; floor_n=50; small_modes=rerun; shift ;;
    --keep) keep=1; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "bench: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root for the lab (run with sudo)"
[ -n "${RIGGER_LAB_ID:-}" ] || echo "bench: RIGGER_LAB_ID is not set: using lab 0 (set it when others use labs here)" >&2
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time"
if [ "$ansible" = 1 ] && ! command -v ansible-playbook >/dev/null; then
  [ "$quick" = 1 ] || die "ansible-playbook is missing (apt-get install ansible-core), or pass --no-ansible"
  echo "bench: ansible-playbook is missing: smoke runs rigger only" >&2; ansible=0
fi

work="$here/target/bench"
rm -rf "$work"; mkdir -p "$work/logs" "$work/home/.ssh"
csv="$work/results.csv"
echo "rigs,tool,mode,run,wall_s,rss_kb,load1,rc,verified,cpu_s" > "$csv"
[ -n "$out" ] || { [ "$quick" = 1 ] && out="$work/benchmarks.md" || out="$here/docs/benchmarks.md"; }

if [ ! -f target/rigger.jar ] || [ -n "$(find src/main pom.xml -newer target/rigger.jar -print -quit)" ]; then
  echo "bench: building rigger" >&2
  ./mvnw -q -B package -DskipTests
fi
thirty="$here/bench/playbooks/thirty.yml"
one="$here/bench/playbooks/one.yml"
dlrig="$here/playbooks/dl-rig.yml"
key=/var/cache/rigger-lab/lab_ed25519
# rigger keeps its own known_hosts (rigs get new host keys on every `lab up`); Ansible ignores host keys
export RIGGER_JAVA_OPTS="-Duser.home=$work/home ${RIGGER_JAVA_OPTS:-}"
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_PIPELINING=True ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=False \
  ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_LOCALHOST_WARNING=False

load1() { cut -d' ' -f1 /proc/loadavg; }

# on every rig: a shell command, in parallel
on_rigs() {
  local n="$1" cmd="$2" i pids=()
  for i in $(seq 1 "$n"); do
    ssh -n -q -i "$key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
      -o ConnectTimeout=10 "root@$(rig_addr "$i")" "$cmd" & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || die "'$cmd' failed on a rig"; done
}
rig_addr() { awk -v r="rig$1:" '$1 == r { getline; print $2; exit }' "$inv"; }

# verify_recap LOG N CHANGED: every one of N hosts ok, none failed/unreachable, changed=CHANGED ("" = any)
verify_recap() {
  awk -v n="$2" -v want="$3" '
    /PLAY RECAP/ { recap = 1; next }
    recap && / : ok=/ {
      hosts++
      for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      if (v["failed"] != 0 || v["unreachable"] != 0) bad++
      if (want != "" && v["changed"] != want) bad++
    }
    END { exit !(hosts == n && bad == 0) }' "$1"
}

# timed TOOL MODE RUN N LOG -- command...: one timed run, a line in the csv
timed() {
  local tool="$1" mode="$2" run="$3" n="$4" log="$5"; shift 6
  local l s e rc=0 rss want verified
  l=$(load1)
  s=$(date +%s%N)
  /usr/bin/time -v -o "$log.time" "$@" > "$log" 2>&1 || rc=$?
  e=$(date +%s%N)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
  cpu=$(awk -F': ' '/User time|System time/ { c += $2 } END { printf "%.2f", c }' "$log.time")
  case "$mode" in apply) want=30 ;; rerun|check) want=0 ;; *) want="" ;; esac
  [ "$mode" = dlrig_check ] && want=""
  verified=no
  if [ "$mode" = floor_one ] || [ "$mode" = floor_thirty ]; then n=1; fi
  if verify_recap "$log" "$n" "$want"; then verified=yes; fi
  local wall; wall=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
  echo "$n,$tool,$mode,$run,$wall,$rss,$l,$rc,$verified,$cpu" >> "$csv"
  printf 'bench: %-7s %3s rigs %-12s run %s: %7.2f s  cpu %6.2f s  %6d MiB  load %s%s\n' "$tool" "$n" "$mode" "$run" \
    "$wall" "$cpu" $((rss / 1024)) "$l" "$([ "$verified" = yes ] || echo "  NOT VERIFIED (rc $rc, see $log)")" >&2
  [ "$verified" = yes ] || [ "$mode" = dlrig_check ] || die "$tool $mode at $n rigs did not give the expected recap (see $log)"
}

run_tool() { # TOOL N MODE RUN
  local tool="$1" n="$2" mode="$3" run="$4" log="$work/logs/$1-$2-$3-$4.log" pb="$thirty" flags=()
  local invs=(-i "$inv")
  case "$mode" in check) flags=(--check) ;; dlrig_check) pb="$dlrig"; flags=(--check); invs+=(-i "$here/inventory/lab") ;; esac
  [ "$mode" = apply ] && on_rigs "$n" "rm -rf /tmp/bench"
  if [ "$tool" = ansible ]; then
    timed ansible "$mode" "$run" "$n" "$log" -- ansible-playbook "${invs[@]}" -f "$n" "${flags[@]}" "$pb"
  else
    timed rigger "$mode" "$run" "$n" "$log" -- bin/rigger play "$pb" "${invs[@]}" -f "$n" "${flags[@]}"
  fi
}

floor_done=0
for n in $rigs_list; do
  mode=full; light=(); [ "$n" -gt 8 ] && { mode=light; light=(--light); }
  echo "bench: lab up: $n $mode rigs (lab ${RIGGER_LAB_ID:-0})" >&2
  inv=$(lab/lab.sh up --rigs "$n" "${light[@]}" | tail -1)
  [ -f "$inv" ] || die "lab up did not print an inventory path"
  rm -f "$work/home/.ssh/known_hosts"
  on_rigs "$n" true
  # warm-up, untimed: the first play after a build writes rigger's class-data archive; page cache for both
  on_rigs "$n" "rm -rf /tmp/bench"
  bin/rigger play "$thirty" -i "$inv" -f "$n" > "$work/logs/warmup-rigger-$n.log" 2>&1 || die "rigger warm-up failed at $n rigs"

  if [ "$floor_done" = 0 ]; then
    floor_done=1
    echo "bench: floor: $floor_n bare round trips on an open connection to rig1" >&2
    # the same JVM flags as bin/rigger (C1 only, serial GC), so that the per-task figure is the launcher's
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp target/rigger.jar bench/Floor.java "$(rig_addr 1)" "$key" \
      "$work/home/.ssh/known_hosts" "$floor_n" "$inv" "$thirty" "$((quick == 1 ? 2 : 5))" \
      | tee "$work/floor.txt" >&2
    # per-task cost on one rig: (30 tasks - 1 task) / 29, both on converged rigs
    # at least 7 pairs: the difference of two ~1 s runs is noisy on a shared machine
    for r in $(seq 1 $((runs < 7 && quick == 0 ? 7 : runs))); do
      timed rigger floor_one "$r" 1 "$work/logs/rigger-1-one-$r.log" -- bin/rigger play "$one" -i "$inv" -l rig1
      timed rigger floor_thirty "$r" 1 "$work/logs/rigger-1-thirty-$r.log" -- bin/rigger play "$thirty" -i "$inv" -l rig1
    done
  fi

  modes_a="$small_modes"; runs_a="$runs"
  [ "$n" -gt 8 ] && { modes_a="$big_modes"; runs_a="${big_runs:-$runs}"; }
  for r in $(seq 1 "$runs"); do
    # alternate which tool goes first, so that neither always meets the same machine state
    order="ansible rigger"; [ $((r % 2)) = 0 ] && order="rigger ansible"
    for tool in $order; do
      if [ "$tool" = ansible ]; then
        [ "$ansible" = 1 ] && [ "$r" -le "$runs_a" ] || continue
        for m in $modes_a; do run_tool ansible "$n" "$m" "$r"; done
      else
        for m in apply rerun check; do run_tool rigger "$n" "$m" "$r"; done
      fi
    done
  done

  if [ -f "$dlrig" ] && [ "$mode" = full ] && [ "$quick" = 1 ]; then
    echo "bench: --quick: the DL-rig check is left out of the smoke (DlRigPlaybookIT covers the playbook)" >&2
  elif [ -f "$dlrig" ] && [ "$mode" = full ]; then
    echo "bench: converging the DL-rig playbook once (untimed), then timing its --check" >&2
    # inventory/lab points the roles at the lab's stand-ins (NVIDIA repo, Miniforge, pip): the lab has no internet
    bin/rigger play "$dlrig" -i "$inv" -i "$here/inventory/lab" -f "$n" > "$work/logs/dlrig-converge-$n.log" 2>&1 \
      || echo "bench: DL-rig converge failed at $n rigs (see $work/logs/dlrig-converge-$n.log)" >&2
    # Ansible's apt and deb822_repository modules need these Python libraries on the rig (its check mode cannot
    # install them itself); rigger needs neither. Installed once, untimed, from the lab mirror.
    [ "$ansible" = 1 ] && on_rigs "$n" "DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-apt python3-debian >/dev/null"
    for r in $(seq 1 "$runs"); do
      order="ansible rigger"; [ $((r % 2)) = 0 ] && order="rigger ansible"
      for tool in $order; do
        [ "$tool" = ansible ] && [ "$ansible" = 0 ] && continue
        run_tool "$tool" "$n" dlrig_check "$r"
      done
    done
  elif [ ! -f "$dlrig" ]; then
    echo "bench: SKIPPED the DL-rig check: $dlrig is not in this tree" >&2
    echo "$n,skip,dlrig_check,0,,,,,," >> "$csv"
  fi
done

[ "$keep" = 1 ] || lab/lab.sh down > /dev/null
bench/report.sh "$csv" "$work/floor.txt" "$out" "$quick"
