#!/bin/sh
# Installs everything lab/lab.sh needs on a fresh Debian 12 machine. Run as root.
set -eu
if [ "$(id -u)" -ne 0 ]; then
  echo "ci-install.sh: must run as root (it calls apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
  debootstrap systemd-container openssh-client dpkg-dev iproute2 python3 \
  util-linux mount procps ca-certificates gzip coreutils
