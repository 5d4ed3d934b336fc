#!/usr/bin/env bash
# Turns bench/run.sh's results into a table (stdout) and a report with a PNG plot.
#   bench/report.sh RESULTS.csv FLOOR.txt OUT.md [QUICK=0|1]
# The analysis (why a target is missed) is kept by hand in bench/analysis.md and appended to the report.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
csv="$1"; floor="$2"; out="$3"; quick="${4:-0}"
png="${out%.md}.png"
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# medians: rigs tool mode median_wall n maxrss_kb minload maxload median_cpu
awk -F, 'function median(list,   n, a, i, j, t) { n = split(substr(list, 2), a, " "); if (n == 0) return ""
           for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
           return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR > 1 && $9 == "yes" { k = $1 " " $2 " " $3; v[k] = v[k] " " $5; c[k]++
           if ($10 != "") cpu[k] = cpu[k] " " $10
           if ($6 > rss[k]) rss[k] = $6
           if (!(k in lo) || $7 < lo[k]) lo[k] = $7; if ($7 > hi[k]) hi[k] = $7 }
  END { for (k in v) { cm = median(cpu[k])
          printf "%s %.3f %d %d %s %s %s\n", k, median(v[k]), c[k], rss[k], lo[k], hi[k], (cm == "" ? "-" : sprintf("%.2f", cm)) } }' \
  "$csv" | sort -k1,1n -k2,2 -k3,3 > "$tmp/med"

med() { awk -v r="$1" -v t="$2" -v m="$3" '$1 == r && $2 == t && $3 == m { print $4 }' "$tmp/med"; }
cnt() { awk -v r="$1" -v t="$2" -v m="$3" '$1 == r && $2 == t && $3 == m { print $5 }' "$tmp/med"; }
cpu() { awk -v r="$1" -v t="$2" -v m="$3" '$1 == r && $2 == t && $3 == m && $9 != "-" { print $9 }' "$tmp/med"; }
rss() { awk -v r="$1" -v t="$2" -v m="$3" '$1 == r && $2 == t && $3 == m { printf "%d", $6 / 1024 }' "$tmp/med"; }
maxrss() { awk -v r="$1" -v t="$2" '$1 == r && $2 == t && $6 > x { x = $6 } END { printf "%d", x / 1024 }' "$tmp/med"; }
cell() { # median runs fallback
  if [ -z "$1" ]; then echo "$3"; elif [ "$2" = 1 ]; then echo "$1 s (1 run)"; else echo "$1 s ($2 runs)"; fi; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.1f", a / b }'; }

rigs=$(awk -F, 'NR > 1 && $2 != "skip" && $3 !~ /^floor/ { print $1 }' "$csv" | sort -nu | tr '\n' ' ')
loads=$(awk -F, 'NR > 1 && $7 != "" { print $7 }' "$csv" | sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%s / %s / %s", a[1], a[int((NR + 1) / 2)], a[NR] }')
ansible_v=$(ansible-playbook --version 2>/dev/null | head -1 || true)
java_v=$(java -version 2>&1 | head -1)

{
  echo "| rigs | playbook, mode | Ansible median | rigger median | speed-up (Ansible ÷ rigger) | controller CPU Ansible / rigger | peak RSS Ansible / rigger |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  for n in $rigs; do
    for m in apply rerun check dlrig_check; do
      r=$(med "$n" rigger "$m"); a=$(med "$n" ansible "$m")
      [ -n "$r$a" ] || continue
      case "$m" in apply) label="30 tasks, first apply" ;; rerun) label="30 tasks, re-run (changed=0)" ;;
        check) label="30 tasks, --check" ;; *) label="DL-rig, --check" ;; esac
      ca=$(cpu "$n" ansible "$m"); cr=$(cpu "$n" rigger "$m")
      printf '| %s | %s | %s | %s | %s | %s / %s | %s / %s MiB |\n' "$n" "$label" \
        "$(cell "$a" "$(cnt "$n" ansible "$m")" "not run")" "$(cell "$r" "$(cnt "$n" rigger "$m")" "–")" \
        "$(div "$a" "$r")${a:+×}" "${ca:-–}${ca:+ s}" "${cr:-–}${cr:+ s}" "$(rss "$n" ansible "$m")" "$(rss "$n" rigger "$m")" | sed 's/|  \/ /| – \/ /'; :
    done
  done
} > "$tmp/table"
if grep -q ',skip,dlrig_check' "$csv"; then
  echo "" >> "$tmp/table"
  echo "**DL-rig check: SKIPPED** — playbooks/dl-rig.yml was not in the tree when this ran." >> "$tmp/table"
fi

f_sh=$(awk '$2 == "persistent_shell" { print $3 }' "$floor" 2>/dev/null || true)
f_ex=$(awk '$2 == "exec_channel" { print $3 }' "$floor" 2>/dev/null || true)
f_st=$(awk '$2 == "persistent_shell_stat" { print $3 }' "$floor" 2>/dev/null || true)
f_sftp=$(awk '$2 == "sftp_stat" { print $3 }' "$floor" 2>/dev/null || true)
one=$(awk '$2 == "rigger" && $3 == "floor_one" { print $4 }' "$tmp/med")
thirty=$(awk '$2 == "rigger" && $3 == "floor_thirty" { print $4 }' "$tmp/med")
f_task=$(awk '$2 == "rigger_task" { print $3 }' "$floor" 2>/dev/null || true)
f_task_mean=$(awk '$2 == "rigger_task" { print $4 }' "$floor" 2>/dev/null || true)
per_proc=$(awk -v a="$thirty" -v b="$one" 'BEGIN { if (a != "" && b != "") printf "%.2f", (a - b) * 1000 / 29 }')
# the per-task cost: measured inside one run (interval between task results on the rig) when Floor did it;
# else the difference of whole runs, which JVM start-up noise swamps
per_task=${f_task:-$per_proc}
per_mult=$(awk -v p="$per_task" -v f="$f_sh" 'BEGIN { if (p != "" && f > 0) printf "%.1f", p / f }')

{
  echo "| bare round trip on an open SSH connection (\`true\`, median) | |"
  echo "|---|---:|"
  echo "| rigger's persistent shell (one \`/bin/sh\` per host, framed) | ${f_sh:-–} ms |"
  echo "| a new exec channel per command (TCP_NODELAY) | ${f_ex:-–} ms |"
  echo "| the persistent shell, one \`stat\` of two files (one process started on the rig: a file task's inspection through the shell, e.g. under sudo) | ${f_st:-–} ms |"
  echo "| one SFTP \`lstat\` on the connection's SFTP channel (no process: a file task's inspection as the login user) | ${f_sftp:-–} ms |"
  echo "| rigger, 1 rig: 30-task re-run / 1-task run (medians) | ${thirty:-–} s / ${one:-–} s |"
  echo "| rigger, 1 rig, whole runs: ((30-task re-run − 1-task run) ÷ 29) | ${per_proc:-–} ms |"
  if [ -n "$f_task" ]; then
    echo "| **rigger's cost per task** (30-task re-run on rig1 through the library: median interval between task results; mean ${f_task_mean} ms) | **${per_task} ms = ${per_mult:-–} × the round trip** |"
  else
    echo "| **rigger's cost per task** ((30-task − 1-task) ÷ 29) | **${per_task:-–} ms = ${per_mult:-–} × the round trip** |"
  fi
} > "$tmp/floor"

# the plot: time vs rigs, both tools, one line per mode
for t in ansible rigger; do
  for m in apply rerun check; do
    awk -v t="$t" -v m="$m" '$2 == t && $3 == m { print $1, $4 }' "$tmp/med" > "$tmp/$t-$m.dat"
  done
done
plots=""
for t in ansible rigger; do
  for m in apply rerun check; do
    [ -s "$tmp/$t-$m.dat" ] || continue
    pt=7; [ "$t" = rigger ] && pt=5
    lt=1; [ "$m" = rerun ] && lt=2; [ "$m" = check ] && lt=3
    color='#c0392b'; [ "$t" = rigger ] && color='#1f6fb2'
    plots="$plots${plots:+, }'$tmp/$t-$m.dat' using 1:2 with linespoints lw 2 pt $pt dt $lt lc rgb '$color' title '$t $m'"
  done
done
if [ -n "$plots" ] && command -v gnuplot >/dev/null; then
  gnuplot <<EOF
set terminal pngcairo size 900,560 font "Sans,11"
set output '$png'
set title "30-task playbook: wall time vs rigs (median; 2 shared cores, load1 ${loads:-?})"
set xlabel 'rigs'
set ylabel 'seconds (log scale)'
set logscale xy
set xtics ($(echo $rigs | tr ' ' ','))
set xrange [$(echo $rigs | awk '{ print $1 / 2 ":" $NF * 2 }')]
set grid
set key top left
plot $plots
EOF
elif [ -n "$plots" ]; then
  echo "bench: gnuplot is missing (apt-get install gnuplot-nox): no plot" >&2
fi

now=$(date -u '+%Y-%m-%d %H:%M UTC')
{
  echo "# Benchmarks: rigger vs ansible-playbook"
  echo ""
  echo "Measured by \`bench/run.sh\` on $now, on the same lab rigs for both tools, runs alternating between"
  echo "the tools; medians. Controller: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)),"
  echo "which also run every lab rig (and anything else on this machine): load average (1 min) at the start of the runs"
  echo "min / median / max = **${loads:-?}**. Absolute times are noisy; the ratios come from the same run."
  echo "$ansible_v (pipelining on, forks = rigs, host key checking off, python3 given); rigger $(bin/rigger --version 2>/dev/null | head -1 | awk '{ print $2 }'), $java_v."
  echo "Rigs: up to 8 full rigs (systemd-nspawn), above 8 light rigs (sshd alone), all on this machine."
  echo ""
  echo "## 30-task playbook (bench/playbooks/thirty.yml: 10 × file + lineinfile + copy under /tmp/bench)"
  echo ""
  echo "First apply starts from a removed /tmp/bench on every rig; the re-run and \`--check\` must report"
  echo "changed=0 on every rig (checked from the PLAY RECAP of both tools; a run that does not is an error)."
  echo ""
  cat "$tmp/table"
  echo ""
  [ -f "$png" ] && echo "![wall time vs rigs]($(basename "$png"))" && echo ""
  echo "Controller CPU is user + system seconds of the tool and its children on this machine (\`/usr/bin/time\`;"
  echo "for Ansible its ssh clients included), a measure that the machine's load hardly changes."
  echo "Peak RSS is \`/usr/bin/time -v\`'s maximum resident set size: for rigger the one JVM; for Ansible the"
  echo "largest single process (each of its forks is a separate Python process of about that size)."
  echo ""
  echo "## The floor"
  echo ""
  cat "$tmp/floor"
  echo ""
  echo "## Targets"
  echo ""
  lo=""; hi=""
  for n in $rigs; do [ -z "$lo" ] && lo=$n; hi=$n; done
  for m in apply rerun check; do
    a=$(med "$lo" ansible "$m"); r=$(med "$lo" rigger "$m")
    [ -n "$a" ] && [ -n "$r" ] || continue
    x=$(div "$a" "$r")
    awk -v x="$x" 'BEGIN { exit !(x >= 25) }' && v=met || v="MISSED ($x× of 25×)"
    echo "- $m at $lo rigs: rigger ≥ 25× faster than Ansible: **$x×** — $v"
  done
  if [ "$lo" != "$hi" ]; then
    for m in apply rerun check; do
      a=$(med "$lo" rigger "$m"); b=$(med "$hi" rigger "$m")
      [ -n "$a" ] && [ -n "$b" ] || continue
      x=$(div "$b" "$a")
      awk -v x="$x" 'BEGIN { exit !(x <= 2) }' && v=met || v="MISSED (${x}× of 2×)"
      cx=$(div "$(cpu "$hi" rigger "$m")" "$(cpu "$lo" rigger "$m")")
      echo "- $m: rigger at $hi rigs ≤ 2× its time at $lo: **${x}×** ($b s vs $a s; its controller CPU: ${cx}×) — $v"
    done
  fi
  if [ -n "$per_mult" ]; then
    awk -v x="$per_mult" 'BEGIN { exit !(x <= 2) }' && v=met || v="MISSED ($per_mult× of 2×)"
    echo "- per-task cost ≤ 2× the bare round trip: **$per_task ms = $per_mult×** — $v"
  fi
  m=$(maxrss "$hi" rigger)
  [ "$m" -le 300 ] && v=met || v="MISSED ($m MiB of 300)"
  echo "- controller peak RSS at $hi rigs ≤ 300 MiB: **$m MiB** — $v"
  echo ""
  if [ -f "$here/bench/analysis.md" ]; then cat "$here/bench/analysis.md"; echo ""; fi
  echo "## Raw results"
  echo ""
  echo "Every timed run (wall seconds, peak RSS KiB, load1 at its start, exit code, recap verified):"
  echo ""
  echo '```'
  cat "$csv"
  echo '```'
} > "$out"

echo ""
echo "== bench: medians (load1 min/median/max ${loads:-?}) =="
cat "$tmp/table"
echo ""
cat "$tmp/floor"
echo ""
sed -n '/^## Targets/,/^## /p' "$out" | grep '^- ' || true
echo ""
echo "bench: report written to $out${png:+ (plot $png)}"
