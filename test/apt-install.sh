#!/usr/bin/env bash
# Install Debian packages: with apt-get as root, sudo apt-get otherwise.
# The one place that knows how; callers decide what is missing.
#
#   test/apt-install.sh PACKAGE...        DEPS_DRY_RUN=1 only prints
set -euo pipefail
[ $# -gt 0 ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
	# Plain `sudo apt-get`: sudoers often forbid setting variables such as
	# DEBIAN_FRONTEND, and these packages ask no questions anyway.
	apt=(sudo apt-get)
else
	echo "relnav: need $*, but not root and sudo is not installed." >&2
	echo "relnav: as root run: apt-get update && apt-get install $*" >&2
	exit 1
fi

echo "relnav: installing missing packages: $*"
if [ "${DEPS_DRY_RUN:-0}" = 1 ]; then
	echo "relnav: (dry run) ${apt[*]} update -q"
	echo "relnav: (dry run) ${apt[*]} install -y -q --no-install-recommends $*"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -q
"${apt[@]}" install -y -q --no-install-recommends "$@"
