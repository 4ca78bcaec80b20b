#!/usr/bin/env bash
# Installs the Debian packages the test tiers need when they are missing:
# chromium (site tier), docker.io (docker and cluster tiers), busybox-static
# (the docker tier's locally built image). Never downloads a browser itself.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /bin/busybox ] || missing+=(busybox-static)
if [ ${#missing[@]} -eq 0 ]; then
  echo "ci: debian packages present (chromium, docker.io, busybox-static)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "ci: missing ${missing[*]} and not root; install them with apt-get" >&2
  exit 1
fi
echo "ci: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
