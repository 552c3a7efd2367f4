#!/usr/bin/env bash
# Builds release binaries of KPsicologia CRM into dist/ for the clinic PCs
# we support: Windows (amd64), Linux (amd64) and macOS (Apple silicon).
# Pure Go (CGO_ENABLED=0), so no C compiler is needed for any target.
#
# Usage: ./build.sh [VERSION]   (default: git describe, or "dev")
set -euo pipefail
cd "$(dirname "$0")"

version="${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}"
ldflags="-s -w -X main.version=${version}"
mkdir -p dist

for target in windows/amd64 linux/amd64 darwin/arm64; do
  goos="${target%/*}"
  goarch="${target#*/}"
  out="dist/kpsicologia-${version}-${goos}-${goarch}"
  [ "$goos" = windows ] && out="${out}.exe"
  echo "building ${out}"
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
    go build -trimpath -ldflags "$ldflags" -o "$out" .
done
ls -l dist
