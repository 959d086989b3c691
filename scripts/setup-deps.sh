#!/bin/sh
# Install, idempotently, every Debian package kdelta needs to build and test.
# Run as root (or through sudo); a second run installs nothing new.
set -eu

PKGS="build-essential pkg-config coccinelle sparse clang libclang-14-dev \
libjansson-dev linux-source-6.1 xz-utils patch git python3 \
bc flex bison libelf-dev libssl-dev chromium \
rpm rpm2cpio parallel"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

# The machine may carry its own Node.js with npm (which conflicts with
# Debian's npm package); only the SARIF validator needs it.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"

if [ -z "$missing" ]; then
	echo "setup-deps: all packages present"
	exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup-deps: installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
