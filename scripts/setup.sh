#!/usr/bin/env bash
# Makes sure the system packages the build and tests need are present (Debian/Ubuntu).
#   scripts/setup.sh          libpcap-dev, zlib1g-dev, libzstd-dev (build: compressed captures are read through zlib
#                             and libzstd)
#   scripts/setup.sh --test   the same, plus tshark and tcpdump (independent oracles used by the tests), iproute2
#                             and python3 (live capture tests), python3-jsonschema (EVE against Suricata's schema),
#                             python3-scapy (a second, independent MLD encoder),
#                             gzip and zstd (compressed captures made by the tools analysts use), zsh and fish
#                             (each shell parses its completion script), logrotate (docs/live.md's example is run)
# As root it installs them with apt-get; otherwise it prints the exact command to run and fails.
set -euo pipefail

need=()
pkg-config --exists libpcap 2>/dev/null || need+=(libpcap-dev)
pkg-config --exists zlib 2>/dev/null || need+=(zlib1g-dev)
pkg-config --exists libzstd 2>/dev/null || need+=(libzstd-dev)
if [ "${1:-}" = "--test" ]; then
  command -v tshark >/dev/null 2>&1 || need+=(tshark)
  command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
  [ -x /usr/bin/time ] || need+=(time)          # peak-memory checks in the capture hostility tests
  command -v script >/dev/null 2>&1 || need+=(bsdutils)  # a pseudo-terminal for the terminal tests
  command -v ip >/dev/null 2>&1 || need+=(iproute2)      # network namespaces and veth pairs for the live tests
  command -v python3 >/dev/null 2>&1 || need+=(python3)  # kernel IGMP joins in the live tests, benchmark scripts
  # Debian's python3-* packages install for /usr/bin/python3, which the tests call.
  /usr/bin/python3 -c "import jsonschema" >/dev/null 2>&1 || need+=(python3-jsonschema)
  /usr/bin/python3 -c "import scapy.layers.inet6" >/dev/null 2>&1 || need+=(python3-scapy)  # a second MLD encoder
  command -v gzip >/dev/null 2>&1 || need+=(gzip)
  command -v zstd >/dev/null 2>&1 || need+=(zstd)
  [ -x /usr/bin/zsh ] || need+=(zsh)    # the completion scripts are parsed by their own shells
  [ -x /usr/bin/fish ] || need+=(fish)
  [ -x /usr/sbin/logrotate ] || need+=(logrotate)  # the logrotate example of docs/live.md, run against a live capture
fi
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)

if [ ${#need[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "setup: installing ${need[*]} with sudo"
  sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "setup: missing ${need[*]}. Install them first:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
