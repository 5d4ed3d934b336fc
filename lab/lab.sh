#!/bin/bash
# rigger lab: real rigs (OpenSSH, apt, systemd) on one Linux machine, without Docker.
# See lab/README.md and the recipe it implements. Needs root and Linux.
#
#   lab.sh up [--rigs N] [--light] [--keep]   start N rigs (default 4), print the inventory path
#   lab.sh down                               stop everything; leaves no netns, mount, bridge or process
#   lab.sh status                             one line per rig: name address mode state
#   lab.sh reset [RIG]                        fresh filesystem for one rig (or all), restarted
#   lab.sh cut RIG | restore RIG              link down / up ("rig unreachable")
#   lab.sh slow RIG RATE | slow RIG off        throttle traffic towards the rig (tc rate, e.g. 100mbit) / undo
#   lab.sh kill RIG | start RIG               kill all of the rig's processes ("rig crashed") / start it again
#   lab.sh inventory                          print the inventory path
#   lab.sh build                              build (or verify) the cached base image and mirror only
#
# Environment: RIGGER_LAB_CACHE (default /var/cache/rigger-lab), RIGGER_LAB_STATE (default /run/rigger-lab),
#              RIGGER_LAB_PORT (default 8765), RIGGER_LAB_ID (default 0: several labs can run side by side, each
#              with its own bridge labbrID, subnet 10.77.ID.0/24, namespaces, state folder and mirror port).
set -euo pipefail

CACHE=${RIGGER_LAB_CACHE:-/var/cache/rigger-lab}
LAB_ID=${RIGGER_LAB_ID:-0}
case "$LAB_ID" in ''|*[!0-9]*) echo "RIGGER_LAB_ID must be a number 0..9" >&2; exit 2;; esac
if [ "$LAB_ID" -eq 0 ]; then NSP=""; VETHP=veth; DEF_STATE=/run/rigger-lab
else NSP="l${LAB_ID}"; VETHP="l${LAB_ID}v"; DEF_STATE=/run/rigger-lab-$LAB_ID; fi
STATE=${RIGGER_LAB_STATE:-$DEF_STATE}
PORT=${RIGGER_LAB_PORT:-8765}
BRIDGE=labbr$LAB_ID
NET=10.77.$LAB_ID
ns() { printf '%s%s' "$NSP" "$1"; } # a rig's network namespace name
HOST_IP=$NET.1
MIRROR_URL=http://$HOST_IP:$PORT
# What rigs use for the mirror: a name each rig's /etc/hosts maps to its own lab's bridge address, so the
# shared base image and stand-ins do not depend on which lab (RIGGER_LAB_ID) runs them.
RIG_MIRROR_URL=http://lab-mirror:$PORT
BASE=$CACHE/base
KEY=$CACHE/lab_ed25519
MIRROR=$CACHE/mirror
SELF=$(readlink -f "${BASH_SOURCE[0]}")
LAB_DIR=$(dirname "$SELF")
MAX_RIGS=250

# Everything that shapes the base image; its hash is kept in $CACHE/base.stamp.
BASE_INCLUDE=openssh-server,sudo,python3,iproute2,procps,systemd,systemd-sysv,dbus
SUITE=bookworm
BASE_RECIPE_VERSION=3
# Real Debian packages served by the lab mirror (their dependency closure is downloaded with them).
MIRROR_PACKAGES="tmux git build-essential tmuxp jupyter-notebook autossh openssl curl wget ca-certificates
  gnupg rsync unzip htop vim-tiny less cron python3-apt python3-debian
  docker.io python3-pip ntpsec nfs-kernel-server fail2ban unattended-upgrades openjdk-17-jre-headless locales kmod
  bzip2 xz-utils tzdata vim util-linux"
MIRROR_RECIPE_VERSION=3

log() { printf 'lab: %s\n' "$*" >&2; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

need_root() {
  [ "$(uname -s)" = Linux ] || die "the lab needs Linux (this is $(uname -s))"
  [ "$(id -u)" -eq 0 ] || die "the lab needs root (run: sudo $0 $*)"
}

need_tools() {
  local missing=() t
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (install them with: $LAB_DIR/ci-install.sh)"
}

# ---------------------------------------------------------------- upstream mirror (for building only)
upstream_mirror() {
  local f uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk '/^URIs:/ {print $2; exit}' "$f")
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list.d/*.sources (URIs:) or /etc/apt/sources.list (deb)"
  printf '%s\n' "$uri"
}

hash_of() { printf '%s' "$*" | sha256sum | cut -d' ' -f1; }

# ---------------------------------------------------------------- key
ensure_key() {
  mkdir -p "$CACHE"
  if [ ! -f "$KEY" ] || [ ! -f "$KEY.pub" ]; then
    rm -f "$KEY" "$KEY.pub"
    ssh-keygen -q -t ed25519 -N '' -C rigger-lab -f "$KEY"
  fi
  chmod 600 "$KEY"
}

# ---------------------------------------------------------------- base image
base_hash() {
  hash_of "v$BASE_RECIPE_VERSION $SUITE minbase $BASE_INCLUDE $RIG_MIRROR_URL $(cat "$KEY.pub") $(sed -n '/^customize_base()/,/^}/p' "$SELF")"
}

customize_base() {
  local b=$1
  install -d -m 700 "$b/root/.ssh"
  install -m 600 "$KEY.pub" "$b/root/.ssh/authorized_keys"
  mkdir -p "$b/etc/ssh/sshd_config.d"
  printf 'UseDNS no\nPasswordAuthentication no\nPermitRootLogin prohibit-password\nMaxStartups 200\nMaxSessions 64\n' \
    > "$b/etc/ssh/sshd_config.d/lab.conf"
  # Host keys are made per rig (see prepare_rig); the base keeps none.
  rm -f "$b"/etc/ssh/ssh_host_*
  chroot "$b" systemctl enable ssh >/dev/null 2>&1 || true
  # Rigs have no console login to wait for and no hardware.
  chroot "$b" systemctl mask getty@tty1.service console-getty.service systemd-udevd.service \
    systemd-udev-trigger.service systemd-networkd-wait-online.service >/dev/null 2>&1 || true
  rm -f "$b/etc/apt/sources.list" "$b"/etc/apt/sources.list.d/*
  printf 'deb [trusted=yes] %s/ ./\n' "$RIG_MIRROR_URL" > "$b/etc/apt/sources.list.d/lab.list"
  printf 'Acquire::Retries "2";\nAcquire::http::Timeout "20";\n' > "$b/etc/apt/apt.conf.d/90lab"
  rm -rf "$b"/var/lib/apt/lists/* "$b"/var/cache/apt/archives/*.deb
  : > "$b/etc/machine-id"
  printf 'rig\n' > "$b/etc/hostname"
}

build_base() {
  ensure_key
  local want; want=$(base_hash)
  if [ -f "$CACHE/base.stamp" ] && [ "$(cat "$CACHE/base.stamp")" = "$want" ] && [ -x "$BASE/usr/sbin/sshd" ]; then
    return 0
  fi
  need_tools debootstrap
  local mirror; mirror=$(upstream_mirror)
  # Each recipe builds its own folder (base-HASH) and BASE is a symlink swapped atomically: rigs of any lab that
  # still run on an older image keep it (overlay lower layers are never deleted under a mount).
  local dir="$CACHE/base-${want:0:16}"
  if [ -x "$dir/usr/sbin/sshd" ] && [ -f "$dir/.complete" ]; then
    # built already (by another lab, or an earlier recipe switch): just point at it
    ln -sfn "$(basename "$dir")" "$CACHE/base.new" && mv -T "$CACHE/base.new" "$BASE"
    printf '%s\n' "$want" > "$CACHE/base.stamp"
    return 0
  fi
  if grep -q "lowerdir=$dir[,:]" /proc/mounts 2>/dev/null; then
    die "the base image $dir is incomplete but mounted by running rigs; run lab down for every lab, then up"
  fi
  log "building the base image in $dir from $mirror (once; about a minute)"
  local t0=$SECONDS tmp="$CACHE/base.tmp"
  umount_under "$tmp"
  rm -rf "$tmp"
  debootstrap --variant=minbase --include="$BASE_INCLUDE" "$SUITE" "$tmp" "$mirror" > "$CACHE/debootstrap.log" 2>&1 \
    || die "debootstrap failed; see $CACHE/debootstrap.log"
  customize_base "$tmp"
  : > "$tmp/.complete"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  if [ -d "$BASE" ] && [ ! -L "$BASE" ]; then mv "$BASE" "$CACHE/base-old-$(date +%s)"; fi
  ln -sfn "$(basename "$dir")" "$CACHE/base.new" && mv -T "$CACHE/base.new" "$BASE"
  printf '%s\n' "$want" > "$CACHE/base.stamp"
  printf '%s\n' "$((SECONDS - t0))" > "$CACHE/base.seconds"
  log "base image built in $((SECONDS - t0)) s"
  # old images that no rig mounts any more
  local old
  for old in "$CACHE"/base-*; do
    [ -d "$old" ] && [ "$old" != "$dir" ] || continue
    grep -q "lowerdir=$old[,:]" /proc/mounts 2>/dev/null || rm -rf "$old"
  done
}

# The base image folder rigs mount now (BASE is a symlink to it).
base_dir() { readlink -f "$BASE"; }

# ---------------------------------------------------------------- mirror
mirror_hash() { hash_of "v$MIRROR_RECIPE_VERSION $SUITE $MIRROR_PACKAGES"; }

build_mirror() {
  local want; want=$(mirror_hash)
  if [ -f "$CACHE/mirror.stamp" ] && [ "$(cat "$CACHE/mirror.stamp")" = "$want" ] && [ -f "$MIRROR/Packages.gz" ]; then
    return 0
  fi
  local upstream; upstream=$(upstream_mirror)
  log "downloading the mirror packages from $upstream (once; a few minutes)"
  local t0=$SECONDS dl="$CACHE/download"
  umount_under "$dl"
  rm -rf "$dl"   # the pool is kept: labs running now keep being served; new files are added
  mkdir -p "$dl/upper" "$dl/work" "$dl/root" "$MIRROR/pool"
  mount -t overlay overlay -o "lowerdir=$(base_dir),upperdir=$dl/upper,workdir=$dl/work" "$dl/root"
  trap 'umount -l "$dl/root" 2>/dev/null || true' EXIT
  rm -f "$dl/root"/etc/apt/sources.list.d/*
  printf 'deb %s %s main\n' "$upstream" "$SUITE" > "$dl/root/etc/apt/sources.list"
  rm -f "$dl/root/etc/resolv.conf"
  cp -L /etc/resolv.conf "$dl/root/etc/resolv.conf"
  mkdir -p "$dl/archives/partial"
  # shellcheck disable=SC2086
  if ! chroot "$dl/root" apt-get -q -o Acquire::Retries=3 update > "$CACHE/mirror-download.log" 2>&1 \
     || ! chroot "$dl/root" apt-get -q -y -o Acquire::Retries=3 --download-only \
            install $MIRROR_PACKAGES >> "$CACHE/mirror-download.log" 2>&1; then
    die "mirror download failed; see $CACHE/mirror-download.log"
  fi
  # The downloaded .deb files are in the overlay's upper dir (cache of the chroot).
  find "$dl/upper/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec mv -f {} "$MIRROR/pool/" \;
  umount -l "$dl/root"; trap - EXIT
  rm -rf "$dl"
  index_repo "$MIRROR" "rigger lab mirror (real Debian $SUITE packages)"
  printf '%s\n' "$want" > "$CACHE/mirror.stamp"
  printf '%s\n' "$((SECONDS - t0))" > "$CACHE/mirror.seconds"
  log "mirror: $(find "$MIRROR/pool" -name '*.deb' | wc -l) packages, $(du -sh "$MIRROR/pool" | cut -f1), in $((SECONDS - t0)) s"
}

# Packages, Packages.gz and a Release file for a flat repository (deb [trusted=yes] URL ./).
index_repo() {
  local dir=$1 label=$2
  (
    cd "$dir"
    # written beside and renamed, so a lab being served never reads a half-written index
    dpkg-scanpackages --multiversion pool /dev/null > Packages.tmp 2>/dev/null
    gzip -9c Packages.tmp > Packages.gz.tmp
    mv -f Packages.tmp Packages
    mv -f Packages.gz.tmp Packages.gz
    {
      printf 'Origin: rigger-lab\nLabel: %s\nSuite: lab\nCodename: lab\nDate: %s\nArchitectures: amd64 all\n' \
        "$label" "$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S UTC')"
      printf 'SHA256:\n'
      for f in Packages Packages.gz; do printf ' %s %s %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$(stat -c %s "$f")" "$f"; done
    } > Release
  )
}

build_standins() {
  local want; want=$(hash_of "$RIG_MIRROR_URL $(cat "$LAB_DIR/standins.sh")")
  if [ -f "$CACHE/standins.stamp" ] && [ "$(cat "$CACHE/standins.stamp")" = "$want" ] && [ -f "$MIRROR/nvidia/Packages.gz" ]; then
    return 0
  fi
  need_tools dpkg-deb
  log "building the LAB STAND-IN packages (nvidia, conda, pip)"
  MIRROR_URL=$RIG_MIRROR_URL bash "$LAB_DIR/standins.sh" "$MIRROR"
  index_repo "$MIRROR/nvidia" "rigger lab STAND-IN nvidia repo"
  printf '%s\n' "$want" > "$CACHE/standins.stamp"
}

build_all() {
  need_tools ssh-keygen ip mount umount chroot unshare dpkg-scanpackages gzip sha256sum
  mkdir -p "$CACHE"
  exec 8>"$CACHE/.build.lock"
  flock -w 1800 8 || die "another lab build holds $CACHE/.build.lock for over 30 minutes"
  build_base
  build_mirror
  build_standins
  exec 8>&-
}

# ---------------------------------------------------------------- helpers
umount_under() {
  # unmount everything mounted at or below $1 (deepest first)
  local dir=$1 m
  [ -n "$dir" ] || return 0
  while read -r m; do
    [ -n "$m" ] && umount -l "$m" 2>/dev/null || true
  done < <(awk -v d="$dir" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
}

rig_dir() { printf '%s/rigs/%s\n' "$STATE" "$1"; }
rig_num() {
  case "$1" in
    rig[0-9]*) local n=${1#rig}; [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le $MAX_RIGS ] && { echo "$n"; return; } ;;
  esac
  die "no such rig: '$1' (rigs are named rig1..rig$MAX_RIGS)"
}
rig_ip() { printf '%s.%s\n' "$NET" "$(( $1 + 1 ))"; }

# A zombie counts as gone: on some machines PID 1 reaps orphans only every few seconds.
pid_alive() {
  [ -n "${1:-}" ] || return 1
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}
# Whether pid $1 is still the process we recorded: its command line contains $2 (guards against pid reuse).
pid_is() {
  pid_alive "$1" && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}
read_pid() { [ -f "$1" ] && cat "$1" || true; }

wait_gone() { # pid timeout_s
  local end=$((SECONDS + $2))
  while pid_alive "$1" && [ $SECONDS -lt $end ]; do sleep 0.1; done
  ! pid_alive "$1"
}

netns_pids() { # live (non-zombie) processes in the rig's network namespace
  local p
  for p in $(ip netns pids "$(ns "$1")" 2>/dev/null || true); do pid_alive "$p" && printf '%s\n' "$p"; done
  return 0
}

own_pids() { # the rig's recorded pids that are still its own
  local rig=$1 d p
  d=$(rig_dir "$rig")
  p=$(read_pid "$d/pid"); if pid_is "$p" "$d"; then printf '%s\n' "$p"; fi
  p=$(read_pid "$d/sshd.pid")
  if [ -n "$p" ] && [ "$(ip netns identify "$p" 2>/dev/null)" = "$(ns "$rig")" ]; then printf '%s\n' "$p"; fi
  return 0
}

signal_rig() { # SIGKILL to every process of the rig, without waiting
  local p
  for p in $(own_pids "$1") $(ip netns pids "$(ns "$1")" 2>/dev/null || true); do kill -9 "$p" 2>/dev/null || true; done
  return 0
}

kill_rig_processes() {
  local rig=$1 d p own
  d=$(rig_dir "$rig")
  mapfile -t own < <(own_pids "$rig")
  signal_rig "$rig"
  for p in "${own[@]+"${own[@]}"}"; do wait_gone "$p" 10 || true; done
  local end=$((SECONDS + 10))
  while [ -n "$(netns_pids "$rig")" ] && [ $SECONDS -lt $end ]; do
    for p in $(netns_pids "$rig"); do kill -9 "$p" 2>/dev/null || true; done
    sleep 0.1
  done
  rm -f "$d/pid" "$d/sshd.pid"
}

stop_rig() { # [purge] rig
  local purge=""
  [ "$1" = purge ] && { purge=purge; shift; }
  local rig=$1 n d
  n=$(rig_num "$rig"); d=$(rig_dir "$rig")
  kill_rig_processes "$rig"
  umount_under "$d/root"
  ip link del "$VETHP$n" 2>/dev/null || true
  ip netns del "$(ns "$rig")" 2>/dev/null || true
  [ "$purge" = purge ] && rm -rf "$d"
  return 0
}

# ---------------------------------------------------------------- network
ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$HOST_IP/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

setup_net() { # rig n
  local rig=$1 n=$2
  ip link del "$VETHP$n" 2>/dev/null || true
  ip netns del "$(ns "$rig")" 2>/dev/null || true
  ip netns add "$(ns "$rig")"
  ip link add "$VETHP$n" type veth peer name host0 netns "$(ns "$rig")"
  ip link set "$VETHP$n" master "$BRIDGE" up
  ip -n "$(ns "$rig")" addr add "$(rig_ip "$n")/24" dev host0
  ip -n "$(ns "$rig")" link set host0 up
  ip -n "$(ns "$rig")" link set lo up
}

# ---------------------------------------------------------------- rigs
prepare_rig() { # rig n mode keep
  local rig=$1 n=$2 mode=$3 keep=$4 d
  d=$(rig_dir "$rig")
  if [ "$keep" != keep ] || [ ! -d "$d/upper" ]; then
    rm -rf "$d"
  fi
  mkdir -p "$d/upper" "$d/work" "$d/root"
  rm -rf "$d/work"/*
  printf '%s\n' "$mode" > "$d/mode"
  local u="$d/upper"
  if [ ! -f "$u/etc/ssh/ssh_host_ed25519_key" ]; then
    # host keys are kept in the cache per rig name, so a reset or a new lab keeps each rig's identity
    # (known_hosts entries stay valid; a changed key is a real fault, tested as such)
    local hk="$CACHE/hostkeys/$rig"
    if [ ! -f "$hk/ssh_host_ed25519_key" ]; then
      mkdir -p "$hk"
      ssh-keygen -q -t ed25519 -N '' -C "root@$rig" -f "$hk/ssh_host_ed25519_key"
      ssh-keygen -q -t ecdsa -b 256 -N '' -C "root@$rig" -f "$hk/ssh_host_ecdsa_key"
    fi
    mkdir -p "$u/etc/ssh"
    cp -p "$hk"/ssh_host_* "$u/etc/ssh/"
  fi
  printf '%s\n' "$rig" > "$u/etc/hostname"
  printf '127.0.0.1\tlocalhost\n%s\t%s\n%s\tlab-mirror\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$(rig_ip "$n")" "$rig" \
    "$HOST_IP" > "$u/etc/hosts"
  [ -s "$u/etc/machine-id" ] || sha256sum <<<"$rig $RANDOM $(date +%s%N)" | cut -c1-32 > "$u/etc/machine-id"
}

# Runs inside the rig's own mount, UTS and PID namespaces (light rigs): see start_light.
boot_light() { # rigdir rig
  local d=$1 rig=$2 r="$1/root" hostpid _
  # /proc is still the host's here, so /proc/self/stat names this shell by its host pid.
  read -r hostpid _ < /proc/self/stat
  mount -t overlay overlay -o "lowerdir=$(base_dir),upperdir=$d/upper,workdir=$d/work" "$r"
  mount -t proc proc "$r/proc"
  mount -t sysfs -o ro sysfs "$r/sys" 2>/dev/null || true
  mount -t tmpfs -o mode=755,size=16m tmpfs "$r/dev"
  local node
  for node in null zero full random urandom tty; do
    : > "$r/dev/$node"; mount --bind "/dev/$node" "$r/dev/$node"
  done
  mkdir -p "$r/dev/pts" "$r/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$r/dev/pts"
  ln -s pts/ptmx "$r/dev/ptmx"
  ln -s /proc/self/fd "$r/dev/fd"
  ln -s /proc/self/fd/0 "$r/dev/stdin"; ln -s /proc/self/fd/1 "$r/dev/stdout"; ln -s /proc/self/fd/2 "$r/dev/stderr"
  mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
  mount -t tmpfs -o mode=755,size=64m tmpfs "$r/run"
  mkdir -p "$r/run/sshd" "$r/run/lock"
  hostname "$rig"
  printf '%s\n' "$hostpid" > "$d/sshd.pid"
  exec chroot "$r" /usr/sbin/sshd -D -e -o UseDNS=no
}

start_light() { # rig n
  local rig=$1 n=$2 d
  d=$(rig_dir "$rig")
  rm -f "$d/sshd.pid"
  setsid ip netns exec "$(ns "$rig")" unshare --uts --mount --pid --propagation private --fork \
    "$SELF" _boot "$d" "$rig" > "$d/log" 2>&1 < /dev/null 8>&- 9>&- &
  printf '%s\n' "$!" > "$d/pid"
}

start_full() { # rig n
  local rig=$1 n=$2 d
  d=$(rig_dir "$rig")
  mount -t overlay overlay -o "lowerdir=$(base_dir),upperdir=$d/upper,workdir=$d/work" "$d/root"
  setsid systemd-nspawn --quiet --register=no --keep-unit -b -D "$d/root" -M "$rig" \
    --network-namespace-path="/run/netns/$(ns "$rig")" > "$d/log" 2>&1 < /dev/null 8>&- 9>&- &
  printf '%s\n' "$!" > "$d/pid"
}

start_rig() { # rig n mode keep
  local rig=$1 n=$2 mode=$3 keep=${4:-fresh}
  stop_rig "$rig"
  prepare_rig "$rig" "$n" "$mode" "$keep"
  setup_net "$rig" "$n"
  if [ "$mode" = full ]; then start_full "$rig" "$n"; else start_light "$rig" "$n"; fi
}

link_up() { # rig -> 0 when host0 in the rig is administratively up
  local flags
  flags=$(ip -n "$(ns "$1")" -o link show host0 2>/dev/null | sed -n 's/^[^<]*<\([^>]*\)>.*/\1/p')
  case ",$flags," in *,UP,*) return 0 ;; *) return 1 ;; esac
}

# Starts rigs a few at a time (each start is a dozen short commands; the machine may have 2 cores).
start_many() { # mode keep rig...
  local mode=$1 keep=$2; shift 2
  each_rig start_one "$mode" "$keep" -- "$@"
}
start_one() { start_rig "$3" "$(rig_num "$3")" "$1" "$2"; }

# Runs FUNCTION ARGS... RIG for each rig, a few at a time; dies naming the rigs where it failed.
each_rig() { # function arg... -- rig...
  local fn=$1 args=(); shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do args+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  local par=$(( $(nproc) * 2 )) rig pids=() failed=()
  for rig in "$@"; do
    ( "$fn" "${args[@]+"${args[@]}"}" "$rig" ) &
    pids+=("$!:$rig")
    if [ ${#pids[@]} -ge "$par" ]; then
      wait "${pids[0]%%:*}" || failed+=("${pids[0]#*:}")
      pids=("${pids[@]:1}")
    fi
  done
  for rig in "${pids[@]+"${pids[@]}"}"; do wait "${rig%%:*}" || failed+=("${rig#*:}"); done
  [ ${#failed[@]} -eq 0 ] || die "$fn failed for: ${failed[*]} (see the messages above)"
}

rig_running() { # rig -> 0 if its process lives and its netns exists
  local d; d=$(rig_dir "$1")
  [ -e "/run/netns/$(ns "$1")" ] && pid_is "$(read_pid "$d/pid")" "$d"
}

# Waits until sshd on every given rig answers with its banner.
wait_ssh() { # timeout rig...
  local timeout=$1; shift
  local end=$((SECONDS + timeout)) rig pending
  pending=("$@")
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for rig in "${pending[@]}"; do
      if ! banner "$(rig_ip "$(rig_num "$rig")")"; then
        rig_running "$rig" || die "$rig stopped while starting; see $(rig_dir "$rig")/log"
        still+=("$rig")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    [ $SECONDS -lt $end ] || die "sshd did not answer within ${timeout}s on: ${pending[*]} (logs: $STATE/rigs/RIG/log)"
    sleep 0.2
  done
}

banner() { # ip -> 0 when an SSH banner comes back
  local line
  line=$(timeout 2 bash -c "exec 3<>/dev/tcp/$1/22 && head -c 4 <&3" 2>/dev/null) || return 1
  [ "$line" = SSH- ]
}

# ---------------------------------------------------------------- mirror server
start_server() {
  local pidf="$STATE/http.pid" p
  p=$(read_pid "$pidf")
  if pid_is "$p" http.server && banner_http; then return 0; fi
  stop_server
  local py=/usr/bin/python3
  [ -x "$py" ] || py=$(command -v python3) || die "python3 is missing (it serves the mirror; run $LAB_DIR/ci-install.sh)"
  setsid "$py" -m http.server --bind "$HOST_IP" --directory "$MIRROR" "$PORT" > "$STATE/http.log" 2>&1 < /dev/null 8>&- 9>&- &
  printf '%s\n' "$!" > "$pidf"
  local end=$((SECONDS + 15))
  until banner_http; do
    [ $SECONDS -lt $end ] || die "the mirror server did not start on $MIRROR_URL; see $STATE/http.log"
    pid_is "$(read_pid "$pidf")" http.server || die "the mirror server stopped at once; see $STATE/http.log"
    sleep 0.1
  done
}

banner_http() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST_IP/$PORT && printf 'HEAD /Release HTTP/1.0\r\n\r\n' >&3 && head -c 12 <&3" 2>/dev/null | grep -q '^HTTP/'
}

stop_server() {
  local p; p=$(read_pid "$STATE/http.pid")
  if pid_is "$p" http.server; then kill "$p" 2>/dev/null || true; wait_gone "$p" 5 || kill -9 "$p" 2>/dev/null || true; fi
  rm -f "$STATE/http.pid"
  # A server of an earlier run whose pid file was lost: find it by its exact command line.
  for p in $(pgrep -f -- "-m http.server --bind $HOST_IP --directory $MIRROR $PORT\$" || true); do
    kill "$p" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------- inventory
write_inventory() {
  local inv="$STATE/inventory.yml" tmp rig n
  tmp="$inv.tmp"
  {
    printf '# rigger lab inventory (written by lab.sh up)\n'
    printf 'all:\n  vars:\n    lab_mirror_url: %s\n    lab_nvidia_repo_url: %s/nvidia/\n' "$MIRROR_URL" "$MIRROR_URL"
    printf '    lab_conda_installer_url: %s/conda/Miniforge3-Linux-x86_64.sh\n    lab_pip_index_url: %s/pip/simple/\n' \
      "$MIRROR_URL" "$MIRROR_URL"
    printf '  children:\n    rigs:\n      hosts:\n'
    for rig in $(rig_names); do
      n=$(rig_num "$rig")
      printf '        %s:\n          ansible_host: %s\n          ansible_user: root\n' "$rig" "$(rig_ip "$n")"
      printf '          ansible_ssh_private_key_file: %s\n' "$KEY"
      printf '          lab_mode: %s\n' "$(cat "$(rig_dir "$rig")/mode" 2>/dev/null || echo light)"
    done
  } > "$tmp"
  mv "$tmp" "$inv"
}

rig_names() { # rigs that have a state dir, in numeric order
  [ -d "$STATE/rigs" ] || return 0
  find "$STATE/rigs" -mindepth 1 -maxdepth 1 -name 'rig*' -printf '%f\n' | sort -V
}

# ---------------------------------------------------------------- cleanup
cleanup_all() {
  local rig n rigs
  mapfile -t rigs < <( (rig_names; ip netns list 2>/dev/null | awk '{print $1}' | sed -n "s/^${NSP}\(rig[0-9][0-9]*\)$/\1/p") | sort -u )
  for rig in "${rigs[@]+"${rigs[@]}"}"; do signal_rig "$rig"; done
  each_rig stop_rig purge -- "${rigs[@]+"${rigs[@]}"}"
  # veth ends whose namespace is gone already
  for n in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^${VETHP}[0-9]+$" || true); do
    if [ "$(ip -o link show "$n" 2>/dev/null | grep -c "master $BRIDGE")" -gt 0 ]; then ip link del "$n" 2>/dev/null || true; fi
  done
  stop_server
  umount_under "$STATE"
  umount_under "$CACHE/download"
  ip link del "$BRIDGE" 2>/dev/null || true
}

# ---------------------------------------------------------------- commands
cmd_up() {
  local rigs=4 mode=full keep=fresh
  while [ $# -gt 0 ]; do
    case "$1" in
      --rigs) [ $# -ge 2 ] || die "--rigs needs a number"; rigs=$2; shift 2 ;;
      --rigs=*) rigs=${1#--rigs=}; shift ;;
      --light) mode=light; shift ;;
      --full) mode=full; shift ;;
      --keep) keep=keep; shift ;;
      *) die "up: unknown option '$1' (usage: up [--rigs N] [--light] [--keep])" ;;
    esac
  done
  [[ "$rigs" =~ ^[0-9]+$ ]] && [ "$rigs" -ge 1 ] && [ "$rigs" -le $MAX_RIGS ] || die "--rigs must be 1..$MAX_RIGS, not '$rigs'"
  need_root up
  [ "$mode" = light ] || need_tools systemd-nspawn
  build_all
  mkdir -p "$STATE/rigs"
  exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another lab command holds $STATE/.lock"
  local t0=$SECONDS
  sysctl -qw net.ipv4.ip_forward=0 >/dev/null 2>&1 || true
  ensure_bridge
  start_server
  local rig n started=() want=()
  for n in $(seq 1 "$rigs"); do
    rig=rig$n; want+=("$rig")
    if rig_running "$rig" && [ "$(cat "$(rig_dir "$rig")/mode" 2>/dev/null)" = "$mode" ]; then
      continue
    fi
    started+=("$rig")
  done
  start_many "$mode" "$keep" "${started[@]+"${started[@]}"}"
  # rigs beyond N, and namespaces of an earlier run that are not ours any more
  for rig in $( (rig_names; ip netns list 2>/dev/null | awk '{print $1}' | sed -n "s/^${NSP}\(rig[0-9][0-9]*\)$/\1/p") | sort -u ); do
    n=$(rig_num "$rig")
    [ "$n" -le "$rigs" ] || stop_rig purge "$rig"
  done
  local timeout=30; [ "$mode" = full ] && timeout=$((60 + rigs * 10))
  wait_ssh "$timeout" "${want[@]}"
  write_inventory
  log "up: ${#want[@]} $mode rigs (${#started[@]} started) in $((SECONDS - t0)) s; mirror $MIRROR_URL"
  printf '%s\n' "$STATE/inventory.yml"
}

cmd_down() {
  need_root down
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another lab command holds $STATE/.lock"
  cleanup_all
  exec 9>&-
  rm -rf "$STATE"
  log "down: no rig, namespace, mount, bridge or server left"
}

cmd_status() {
  local rig n state any=0
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    printf 'bridge %s %s/24 up\n' "$BRIDGE" "$HOST_IP"
  else
    printf 'bridge %s absent\n' "$BRIDGE"
  fi
  if pid_is "$(read_pid "$STATE/http.pid")" http.server; then printf 'mirror %s up\n' "$MIRROR_URL"; else printf 'mirror %s down\n' "$MIRROR_URL"; fi
  for rig in $(rig_names); do
    any=1; n=$(rig_num "$rig")
    if ! rig_running "$rig"; then state=stopped
    elif ! link_up "$rig"; then state=cut
    elif banner "$(rig_ip "$n")"; then state=running
    else state=starting
    fi
    printf '%s %s %s %s\n' "$rig" "$(rig_ip "$n")" "$(cat "$(rig_dir "$rig")/mode" 2>/dev/null || echo '?')" "$state"
  done
  [ $any -eq 1 ] || printf 'no rigs\n'
  [ -f "$STATE/inventory.yml" ] && printf 'inventory %s\n' "$STATE/inventory.yml"
  return 0
}

rig_arg() { # validates a rig argument that must exist
  [ $# -ge 1 ] || die "name a rig (rig1..rigN)"
  local n; n=$(rig_num "$1")
  [ -d "$(rig_dir "$1")" ] || die "$1 is not part of the lab (run: lab.sh up --rigs $n)"
}

with_lock() {
  mkdir -p "$STATE"
  exec 9>"$STATE/.lock"
  flock -w 600 9 || die "another lab command holds $STATE/.lock"
}

cmd_reset() {
  need_root reset
  with_lock
  local rigs=()
  if [ $# -ge 1 ]; then rig_arg "$1"; rigs=("$1"); else mapfile -t rigs < <(rig_names); fi
  local rig mode
  for rig in "${rigs[@]}"; do
    mode=$(cat "$(rig_dir "$rig")/mode" 2>/dev/null || echo full)
    start_rig "$rig" "$(rig_num "$rig")" "$mode" fresh
  done
  [ ${#rigs[@]} -eq 0 ] || wait_ssh 120 "${rigs[@]}"
  log "reset: ${rigs[*]:-no rigs}"
}

cmd_cut() { need_root cut; rig_arg "$@"; ip -n "$(ns "$1")" link set host0 down; log "$1: link down"; }
cmd_restore() { need_root restore; rig_arg "$@"; ip -n "$(ns "$1")" link set host0 up; log "$1: link up"; }

cmd_slow() { # RIG RATE|off: shapes the host side of the rig's link (traffic towards the rig)
  need_root slow; rig_arg "$@"
  [ $# -ge 2 ] || die "usage: lab.sh slow RIG RATE (e.g. 100mbit) | lab.sh slow RIG off"
  local dev; dev=$VETHP$(rig_num "$1")
  if [ "$2" = off ]; then
    tc qdisc del dev "$dev" root 2>/dev/null || true; log "$1: link at full speed"
  else
    [[ "$2" =~ ^[0-9]+[kmg]?bit$ ]] || die "rate must look like 100mbit, 512kbit or 1gbit, not '$2'"
    tc qdisc replace dev "$dev" root tbf rate "$2" burst 256kb latency 400ms; log "$1: link throttled to $2"
  fi
}

cmd_kill() {
  need_root kill; rig_arg "$@"; with_lock
  kill_rig_processes "$1"
  umount_under "$(rig_dir "$1")/root"
  log "$1: killed (filesystem kept; lab.sh start $1 brings it back)"
}

cmd_start() {
  need_root start; rig_arg "$@"; with_lock
  local mode; mode=$(cat "$(rig_dir "$1")/mode" 2>/dev/null || echo full)
  if rig_running "$1"; then log "$1: already running"; return 0; fi
  start_rig "$1" "$(rig_num "$1")" "$mode" keep
  wait_ssh 120 "$1"
  log "$1: started"
}

main() {
  local cmd=${1:-}; [ $# -gt 0 ] && shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    reset) cmd_reset "$@" ;;
    cut) cmd_cut "$@" ;;
    restore) cmd_restore "$@" ;;
    slow) cmd_slow "$@" ;;
    kill) cmd_kill "$@" ;;
    start) cmd_start "$@" ;;
    inventory) printf '%s\n' "$STATE/inventory.yml" ;;
    key) printf '%s\n' "$KEY" ;;
    build) need_root build; build_all; log "cache ready in $CACHE" ;;
    _boot) boot_light "$@" ;;
    ""|-h|--help|help) sed -n '2,16p' "$SELF" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '$cmd' (commands: up down status reset cut restore slow kill start inventory key build)" ;;
  esac
}

main "$@"
