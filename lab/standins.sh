#!/bin/bash
# Builds the lab's LAB STAND-IN artifacts into MIRROR (argument 1):
#   MIRROR/nvidia/   a flat apt repo of small .deb files carrying NVIDIA's package names
#   MIRROR/conda/    Miniforge3-Linux-x86_64.sh (+ .sha256), a stand-in installer
#   MIRROR/pip/      a PEP 503 simple index of tiny wheels
# None of these is the real thing: they let roles run their logic (repo set-up, install, version pin,
# verification, PATH wiring) against believable names and outputs. Every one says "LAB STAND-IN".
set -euo pipefail
MIRROR=$1
URL=${MIRROR_URL:?MIRROR_URL must be set}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

rm -rf "$MIRROR/nvidia" "$MIRROR/conda" "$MIRROR/pip"
mkdir -p "$MIRROR/nvidia/pool" "$MIRROR/conda" "$MIRROR/pip/simple"

# deb NAME VERSION ARCH DEPENDS EXTRA-CONTROL DESCRIPTION ; files come from $WORK/NAME_VERSION/
deb() {
  local name=$1 version=$2 arch=$3 depends=$4 extra=$5 desc=$6
  local root="$WORK/${name}_$version"
  mkdir -p "$root/DEBIAN" "$root/usr/share/doc/$name"
  printf 'LAB STAND-IN built by rigger lab/standins.sh; not the real %s.\n' "$name" > "$root/usr/share/doc/$name/LAB-STAND-IN"
  {
    printf 'Package: %s\nVersion: %s\nArchitecture: %s\nMaintainer: rigger lab <lab@rigger.invalid>\n' "$name" "$version" "$arch"
    printf 'Section: lab\nPriority: optional\n'
    [ -n "$depends" ] && printf 'Depends: %s\n' "$depends"
    [ -n "$extra" ] && printf '%s\n' "$extra"
    printf 'Description: LAB STAND-IN: %s\n This package was built by the rigger lab to stand in for the real one.\n' "$desc"
    printf ' It installs no driver, library or compiler; it only makes the names and outputs believable.\n'
  } > "$root/DEBIAN/control"
  dpkg-deb --root-owner-group -Zgzip -b "$root" "$MIRROR/nvidia/pool/${name}_${version}_${arch}.deb" >/dev/null
}

# ---------------------------------------------------------------- cuda-keyring
r="$WORK/cuda-keyring_1.1-1"
mkdir -p "$r/etc/apt/sources.list.d" "$r/usr/share/keyrings"
printf '# LAB STAND-IN for NVIDIA cuda-keyring: points apt at the rigger lab stand-in repo\ndeb [trusted=yes] %s/nvidia/ ./\n' "$URL" \
  > "$r/etc/apt/sources.list.d/cuda-debian12-x86_64.list"
printf 'LAB STAND-IN: not a key. The lab repo is trusted=yes.\n' > "$r/usr/share/keyrings/cuda-archive-keyring.gpg"
deb cuda-keyring 1.1-1 all "" "" "NVIDIA CUDA repository keyring and apt source"
cp "$MIRROR/nvidia/pool/cuda-keyring_1.1-1_all.deb" "$MIRROR/nvidia/cuda-keyring_1.1-1_all.deb"

# ---------------------------------------------------------------- cuda-toolkit-12-6 (two versions, for pinning)
toolkit() { # version build-date cuda-build release-version
  local v=$1 r="$WORK/cuda-toolkit-12-6_$1"
  mkdir -p "$r/usr/local/cuda-12.6/bin" "$r/etc/profile.d"
  cat > "$r/usr/local/cuda-12.6/bin/nvcc" <<EOF
#!/bin/sh
# LAB STAND-IN for NVIDIA nvcc (rigger lab): prints the version of CUDA $4, compiles nothing.
case "\${1:-}" in
  --version|-V)
    echo "nvcc: NVIDIA (R) Cuda compiler driver"
    echo "Copyright (c) 2005-2024 NVIDIA Corporation"
    echo "Built on $2"
    echo "Cuda compilation tools, release 12.6, V$4"
    echo "Build $3"
    ;;
  *) echo "nvcc: LAB STAND-IN, cannot compile (only --version works)" >&2; exit 1 ;;
esac
EOF
  chmod 755 "$r/usr/local/cuda-12.6/bin/nvcc"
  printf '{\n   "cuda" : { "name" : "CUDA SDK", "version" : "%s" }\n}\n' "$4" > "$r/usr/local/cuda-12.6/version.json"
  ln -sfn cuda-12.6 "$r/usr/local/cuda"
  deb cuda-toolkit-12-6 "$v" amd64 "" "Provides: cuda-toolkit-12" "CUDA Toolkit 12.6 meta-package (nvcc that only prints its version)"
}
toolkit 12.6.2-1 Wed_Aug_14_10:10:22_PDT_2024 cuda_12.6.r12.6/compiler.34714021_0 12.6.68
toolkit 12.6.3-1 Thu_Sep_12_02:18:05_PDT_2024 cuda_12.6.r12.6/compiler.34841621_0 12.6.77

# ---------------------------------------------------------------- nvidia-smi (driver 550, proprietary and open)
smi() { # dir driver-version
  mkdir -p "$1/usr/bin"
  cat > "$1/usr/bin/nvidia-smi" <<'EOF'
#!/bin/sh
# LAB STAND-IN for nvidia-smi (rigger lab): two pretend GPUs, no driver behind them.
DRIVER=@DRIVER@
CUDA=12.4
gpu_field() { # index field
  case "$2" in
    index) echo "$1" ;;
    name|gpu_name) echo "NVIDIA A100-SXM4-80GB" ;;
    uuid|gpu_uuid) [ "$1" = 0 ] && echo "GPU-5f3c6a2e-1b7d-4c1e-9a55-0d2b7c41e001" || echo "GPU-8a1d7e40-3c2f-4f6b-b1e2-7e90c52fa002" ;;
    driver_version) echo "$DRIVER" ;;
    memory.total) echo "81920 MiB" ;;
    memory.used) echo "1 MiB" ;;
    memory.free) echo "81050 MiB" ;;
    utilization.gpu) echo "0 %" ;;
    utilization.memory) echo "0 %" ;;
    temperature.gpu) [ "$1" = 0 ] && echo 31 || echo 33 ;;
    power.draw) echo "61.05 W" ;;
    power.limit) echo "400.00 W" ;;
    pci.bus_id) [ "$1" = 0 ] && echo "00000000:07:00.0" || echo "00000000:0F:00.0" ;;
    compute_cap) echo "8.0" ;;
    count) echo 2 ;;
    persistence_mode) echo "Enabled" ;;
    serial) [ "$1" = 0 ] && echo "1650122004001" || echo "1650122004002" ;;
    *) return 1 ;;
  esac
}
query=""; format="csv"
for a in "$@"; do
  case "$a" in
    --query-gpu=*) query=${a#--query-gpu=} ;;
    --format=*) format=${a#--format=} ;;
    -L|--list-gpus)
      echo "GPU 0: NVIDIA A100-SXM4-80GB (UUID: $(gpu_field 0 uuid))"
      echo "GPU 1: NVIDIA A100-SXM4-80GB (UUID: $(gpu_field 1 uuid))"
      exit 0 ;;
    --version)
      echo "NVIDIA-SMI version  : $DRIVER"; echo "NVML version        : ${DRIVER%%.*}.127"
      echo "DRIVER version      : $DRIVER"; echo "CUDA Version        : $CUDA"; exit 0 ;;
    -h|--help) echo "nvidia-smi (LAB STAND-IN): supports no arguments, -L, --version, --query-gpu=F1,F2 --format=csv[,noheader][,nounits]"; exit 0 ;;
  esac
done
if [ -n "$query" ]; then
  noheader=0; nounits=0
  case ",$format," in *,noheader,*) noheader=1 ;; esac
  case ",$format," in *,nounits,*) nounits=1 ;; esac
  fields=$(echo "$query" | tr ',' ' ')
  if [ $noheader = 0 ]; then
    out=""; for f in $fields; do out="${out:+$out, }$f"; done; echo "$out"
  fi
  for i in 0 1; do
    out=""
    for f in $fields; do
      v=$(gpu_field "$i" "$f") || { echo "Field \"$f\" is not a valid field to query." >&2; exit 2; }
      if [ $nounits = 1 ]; then v=${v% MiB}; v=${v% %}; v=${v% W}; fi
      out="${out:+$out, }$v"
    done
    echo "$out"
  done
  exit 0
fi
cat <<TABLE
$(LC_ALL=C date '+%a %b %e %H:%M:%S %Y')
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI $DRIVER             Driver Version: $DRIVER     CUDA Version: $CUDA     |
|-----------------------------------------+------------------------+----------------------+
| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |
| Fan  Temp   Perf          Pwr:Usage/Cap |           Memory-Usage | GPU-Util  Compute M. |
|                                         |                        |               MIG M. |
|=========================================+========================+======================|
|   0  NVIDIA A100-SXM4-80GB          On  |   00000000:07:00.0 Off |                    0 |
| N/A   31C    P0             61W /  400W |       1MiB /  81920MiB |      0%      Default |
|                                         |                        |             Disabled |
+-----------------------------------------+------------------------+----------------------+
|   1  NVIDIA A100-SXM4-80GB          On  |   00000000:0F:00.0 Off |                    0 |
| N/A   33C    P0             61W /  400W |       1MiB /  81920MiB |      0%      Default |
|                                         |                        |             Disabled |
+-----------------------------------------+------------------------+----------------------+

+-----------------------------------------------------------------------------------------+
| Processes:                                                                              |
|  GPU   GI   CI        PID   Type   Process name                              GPU Memory |
|        ID   ID                                                               Usage      |
|=========================================================================================|
|  No running processes found                                                             |
+-----------------------------------------------------------------------------------------+
TABLE
EOF
  sed -i "s/@DRIVER@/$2/" "$1/usr/bin/nvidia-smi"
  chmod 755 "$1/usr/bin/nvidia-smi"
}
smi "$WORK/nvidia-driver-550_550.127.08-1" 550.127.08
deb nvidia-driver-550 550.127.08-1 amd64 "" "Provides: nvidia-driver
Conflicts: nvidia-open
Replaces: nvidia-open" "NVIDIA driver metapackage, branch 550 (nvidia-smi with two pretend GPUs)"
smi "$WORK/nvidia-open_550.127.08-1" 550.127.08
deb nvidia-open 550.127.08-1 amd64 "" "Provides: nvidia-driver
Conflicts: nvidia-driver-550
Replaces: nvidia-driver-550" "NVIDIA open kernel module driver, branch 550 (nvidia-smi with two pretend GPUs)"

# ---------------------------------------------------------------- cuDNN 9
r="$WORK/libcudnn9-cuda-12_9.5.1.17-1"
mkdir -p "$r/usr/lib/x86_64-linux-gnu"
printf 'LAB STAND-IN: not a shared library\n' > "$r/usr/lib/x86_64-linux-gnu/libcudnn.so.9.5.1"
ln -sfn libcudnn.so.9.5.1 "$r/usr/lib/x86_64-linux-gnu/libcudnn.so.9"
deb libcudnn9-cuda-12 9.5.1.17-1 amd64 "" "" "cuDNN runtime libraries for CUDA 12"
r="$WORK/libcudnn9-dev-cuda-12_9.5.1.17-1"
mkdir -p "$r/usr/include/x86_64-linux-gnu"
printf '/* LAB STAND-IN cudnn_version.h (rigger lab) */\n#define CUDNN_MAJOR 9\n#define CUDNN_MINOR 5\n#define CUDNN_PATCHLEVEL 1\n#define CUDNN_VERSION (CUDNN_MAJOR * 10000 + CUDNN_MINOR * 100 + CUDNN_PATCHLEVEL)\n' \
  > "$r/usr/include/x86_64-linux-gnu/cudnn_version_v9.h"
deb libcudnn9-dev-cuda-12 9.5.1.17-1 amd64 "libcudnn9-cuda-12 (= 9.5.1.17-1)" "" "cuDNN development headers for CUDA 12"
mkdir -p "$WORK/cudnn9-cuda-12_9.5.1.17-1"
deb cudnn9-cuda-12 9.5.1.17-1 amd64 "libcudnn9-cuda-12 (= 9.5.1.17-1), libcudnn9-dev-cuda-12 (= 9.5.1.17-1)" "" "cuDNN 9 for CUDA 12 meta-package"

# ---------------------------------------------------------------- Miniforge stand-in installer
cat > "$MIRROR/conda/Miniforge3-Linux-x86_64.sh" <<'EOF'
#!/bin/sh
# LAB STAND-IN for the Miniforge3 installer (rigger lab). Honours -b (batch), -p PREFIX, -u (update),
# and lays down a minimal PREFIX/bin/conda. It installs no Python and no packages.
PREFIX="$HOME/miniforge3"; BATCH=0; UPDATE=0
while getopts "bhp:uf" opt; do
  case "$opt" in
    b) BATCH=1 ;;
    p) PREFIX=$OPTARG ;;
    u|f) UPDATE=1 ;;
    h) echo "usage: $0 [-b] [-u] [-p PREFIX]  (LAB STAND-IN Miniforge3 installer)"; exit 0 ;;
    *) exit 2 ;;
  esac
done
if [ "$BATCH" = 0 ]; then echo "LAB STAND-IN installer: only batch mode (-b) is supported" >&2; exit 2; fi
if [ -e "$PREFIX" ] && [ "$UPDATE" = 0 ]; then
  echo "ERROR: File or directory already exists: '$PREFIX'" >&2
  echo "If you want to update an existing installation, use the -u option." >&2
  exit 1
fi
echo "PREFIX=$PREFIX"
echo "Unpacking payload ..."
mkdir -p "$PREFIX/bin" "$PREFIX/etc/profile.d" "$PREFIX/envs" "$PREFIX/conda-meta" "$PREFIX/pkgs" || exit 1
cat > "$PREFIX/bin/conda" <<'CONDA'
#!/bin/sh
# LAB STAND-IN conda (rigger lab): version, info, env list/create/remove, run; installs nothing real.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VERSION=24.9.2
case "${1:-}" in
  --version|-V) echo "conda $VERSION" ;;
  info)
    case "${2:-}" in
      --base) echo "$ROOT" ;;
      --envs|-e) "$0" env list ;;
      *) echo "     active environment : None"; echo "       conda version : $VERSION (LAB STAND-IN)"; echo "    base environment : $ROOT" ;;
    esac ;;
  env)
    case "${2:-}" in
      list) echo "# conda environments:"; echo "#"; echo "base                     $ROOT"
            for e in "$ROOT"/envs/*/; do [ -d "$e" ] && printf '%-24s %s\n' "$(basename "$e")" "${e%/}"; done ;;
      remove) shift 2; while [ $# -gt 0 ]; do case "$1" in -n|--name) rm -rf "$ROOT/envs/$2"; shift 2 ;; *) shift ;; esac; done ;;
      *) echo "conda env: LAB STAND-IN supports list and remove" >&2; exit 2 ;;
    esac ;;
  create)
    shift; name=""
    while [ $# -gt 0 ]; do case "$1" in -n|--name) name=$2; shift 2 ;; *) shift ;; esac; done
    [ -n "$name" ] || { echo "conda create: -n NAME is required" >&2; exit 2; }
    mkdir -p "$ROOT/envs/$name/bin" "$ROOT/envs/$name/conda-meta"
    echo "LAB STAND-IN environment" > "$ROOT/envs/$name/conda-meta/history"
    echo "# To activate this environment, use"; echo "#     \$ conda activate $name" ;;
  run)
    shift; while [ $# -gt 0 ]; do case "$1" in -n|--name) shift 2 ;; --no-capture-output|--live-stream) shift ;; *) break ;; esac; done
    exec "$@" ;;
  shell.bash|shell.posix) echo "export CONDA_EXE='$ROOT/bin/conda'; export PATH='$ROOT/bin':\"\$PATH\"" ;;
  init) echo "no change     (LAB STAND-IN conda init does nothing)" ;;
  *) echo "conda (LAB STAND-IN $VERSION): supports --version, info, env list|remove, create -n, run, shell.bash" >&2; exit 2 ;;
esac
CONDA
chmod 755 "$PREFIX/bin/conda"
printf 'export CONDA_EXE="%s/bin/conda"\nexport PATH="%s/bin:$PATH"\n' "$PREFIX" "$PREFIX" > "$PREFIX/etc/profile.d/conda.sh"
echo "LAB STAND-IN Miniforge3 24.9.2-0" > "$PREFIX/conda-meta/history"
echo "installation finished."
EOF
chmod 755 "$MIRROR/conda/Miniforge3-Linux-x86_64.sh"
(cd "$MIRROR/conda" && sha256sum Miniforge3-Linux-x86_64.sh > Miniforge3-Linux-x86_64.sh.sha256)

# ---------------------------------------------------------------- pip simple index (PEP 503)
python3 - "$MIRROR/pip" <<'EOF'
import base64, hashlib, os, sys, zipfile
root = sys.argv[1]
project = "lab-standin-demo"
module = "lab_standin_demo"
os.makedirs(os.path.join(root, "packages"), exist_ok=True)
links = []
for version in ("1.0.0", "1.1.0"):
    whl = f"{module}-{version}-py3-none-any.whl"
    info = f"{module}-{version}.dist-info"
    files = {
        f"{module}/__init__.py": f'"""LAB STAND-IN package built by the rigger lab."""\n__version__ = "{version}"\n',
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {project}\nVersion: {version}\nSummary: LAB STAND-IN: tiny wheel served by the rigger lab pip index\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: rigger-lab\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for name, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{name},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = "\n".join(record) + "\n"
    path = os.path.join(root, "packages", whl)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            zi = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            z.writestr(zi, text)
    sha = hashlib.sha256(open(path, "rb").read()).hexdigest()
    links.append(f'<a href="../../packages/{whl}#sha256={sha}">{whl}</a><br/>')
os.makedirs(os.path.join(root, "simple", project), exist_ok=True)
with open(os.path.join(root, "simple", project, "index.html"), "w") as f:
    f.write("<!DOCTYPE html>\n<html><body>\n<!-- LAB STAND-IN pip index -->\n" + "\n".join(links) + "\n</body></html>\n")
with open(os.path.join(root, "simple", "index.html"), "w") as f:
    f.write(f'<!DOCTYPE html>\n<html><body>\n<!-- LAB STAND-IN pip index -->\n<a href="{project}/">{project}</a><br/>\n</body></html>\n')
EOF
