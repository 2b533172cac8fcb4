#!/usr/bin/env bash
# ABI stability check: builds libthumbkit with debug info, dumps its ABI with abi-dumper and
# compares it with the ABI recorded for this SOVERSION (cmake/abi/thumbkit-SOVERSION.abi.dump)
# using abi-compliance-checker. A binary-incompatible change must bump SOVERSION.
#   check_abi.sh SOURCE_DIR WORK_DIR SOVERSION [--record]
set -euo pipefail
src=$1 work=$2 soversion=$3 mode=${4:-check}
baseline="$src/cmake/abi/thumbkit-$soversion.abi.dump"

for tool in abi-dumper abi-compliance-checker; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (.ci/install-deps)"; exit 1; }
done

rm -rf "$work" && mkdir -p "$work"
cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="-Og -g" \
  -DCMAKE_CXX_FLAGS="-Og -g" -DTHUMBKIT_BUILD_TESTS=OFF -DTHUMBKIT_BUILD_CLI=OFF \
  -DTHUMBKIT_BUILD_BINDINGS=OFF -DTHUMBKIT_BUILD_SERVER=OFF -DTHUMBKIT_BUILD_LAMBDA=OFF \
  >"$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$work/build" -j"${JOBS:-2}" --target thumbkit >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; exit 1; }
abi-dumper "$work/build/lib/libthumbkit.so" -o "$work/current.abi.dump" -lver current \
  >"$work/dump.log" 2>&1 || { cat "$work/dump.log"; exit 1; }

if [ "$mode" = "--record" ]; then
  mkdir -p "$(dirname "$baseline")"
  cp "$work/current.abi.dump" "$baseline"
  echo "recorded the ABI of SOVERSION $soversion in $baseline"
  exit 0
fi
if [ ! -f "$baseline" ]; then
  echo "FAIL: no ABI recorded for SOVERSION $soversion. After a deliberate SOVERSION bump, run:"
  echo "  bash tests/abi/check_abi.sh . build-abi $soversion --record"
  exit 1
fi
# The dumps hold every type the debug info reaches, the library's own included; callers only see
# tk_ctx as an opaque pointer, so its layout and the tk:: internals behind it are not ABI.
if ! abi-compliance-checker -l thumbkit -binary -old "$baseline" -new "$work/current.abi.dump" \
    -skip-internal-types '(^struct tk_ctx$|tk::)' \
    -report-path "$work/report.html" >"$work/compare.log" 2>&1; then
  cat "$work/compare.log"
  echo "FAIL: the ABI changed incompatibly without a SOVERSION bump (report: $work/report.html)"
  exit 1
fi
grep -E "Binary compatibility|problems" "$work/compare.log"
