#!/bin/sh
# Install, once, Microsoft's SARIF multitool from the npm registry into
# build/tools; the tests validate kdelta's SARIF output with it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$top/build/tools
bin=$dest/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -e "$bin" ]; then
	mkdir -p "$dest"
	npm install --prefix "$dest" --no-audit --no-fund --silent \
		@microsoft/sarif-multitool@5.7.0 >/dev/null
fi
# npm does not run the package's postinstall (chmod) without approval.
chmod u+x "$bin"
echo "$bin"
