#!/usr/bin/env bash
# Installs thumbkit (shared, then static) into throwaway prefixes and builds the programs in app/
# against each install from outside the tree, with find_package and with pkg-config, then runs
# them on fixtures. For the shared install it also checks the exported symbols.
#
# usage: run_consumers.sh SOURCE_DIR WORK_DIR FIXTURE...
#   Environment: CMAKE (cmake to use), CC / CXX (compilers for every build), JOBS (default 2).
set -euo pipefail

if [[ $# -lt 3 ]]; then
  echo "usage: $0 SOURCE_DIR WORK_DIR FIXTURE..." >&2
  exit 2
fi
src=$(cd "$1" && pwd)
work=$2
shift 2
fixtures=("$@")
app="$src/tests/consumer/app"
cmake=${CMAKE:-cmake}
cc=${CC:-cc}
cxx=${CXX:-c++}
jobs=${JOBS:-2}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "== $*"; }
# Runs a command with its output kept in a log, shown only when it fails (the nested build is
# long and ctest shows the whole output on failure).
quiet() {
  local log="$work/last.log"
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    fail "command failed: $*"
  fi
}

for f in "${fixtures[@]}"; do
  [[ -r "$f" ]] || fail "fixture not readable: $f"
done
command -v pkg-config >/dev/null || fail "pkg-config not found"
command -v nm >/dev/null || fail "nm not found"

# A fresh work dir each run, removed on success; kept on failure for a look.
[[ -n "$work" && "$work" != / ]] || fail "bad WORK_DIR: '$work'"
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
cleanup() {
  local rc=$?
  if [[ $rc -eq 0 ]]; then rm -rf "$work"; else echo "(work dir kept: $work)" >&2; fi
}
trap cleanup EXIT

run_consumer() {  # run_consumer LABEL EXE
  local label=$1 exe=$2 f
  for f in "${fixtures[@]}"; do
    "$exe" "$f" || fail "$label: consumer failed on $f"
  done
}

# Shared installs must be found through the prefix, never through a build tree or the system.
check_links_prefix() {  # check_links_prefix LABEL EXE PREFIX
  local label=$1 exe=$2 prefix=$3 line
  line=$(ldd "$exe" | grep libthumbkit || true)
  [[ "$line" == *"$prefix/"* ]] || fail "$label: libthumbkit not resolved from $prefix: '$line'"
}
check_static() {  # check_static LABEL EXE
  if ldd "$2" | grep -q libthumbkit; then
    fail "$1: needs libthumbkit.so, expected the static library linked in"
  fi
}

check_symbols() {  # check_symbols LIBRARY HEADER
  local lib=$1 header=$2 bad
  # nm -D prints "ADDR T tk_x@@THUMBKIT_0.1"; the version node itself is an "A" symbol.
  local syms
  syms=$(nm -D --defined-only "$lib" | awk '{print $3}' | { grep -vx 'THUMBKIT_0\.1' || true; })
  [[ -n "$syms" ]] || fail "$lib exports no symbols"
  bad=$(grep -v '^tk_[A-Za-z0-9_]*@@THUMBKIT_0\.1$' <<<"$syms" || true)
  [[ -z "$bad" ]] || fail "$lib exports symbols outside tk_*@@THUMBKIT_0.1:"$'\n'"$bad"
  # Redundant with the above, but names the usual leaks explicitly should the pattern change.
  bad=$(grep -Ei 'hwy|jpeg|png|webp|lcms|cms[A-Z_]|^_Z|std' <<<"$syms" || true)
  [[ -z "$bad" ]] || fail "$lib leaks dependency or C++ symbols:"$'\n'"$bad"
  # Exactly the functions the installed header declares THUMBKIT_EXPORT, no more, no fewer.
  local declared exported
  declared=$(grep 'THUMBKIT_EXPORT' "$header" | grep -o 'tk_[a-z0-9_]*(' | tr -d '(' | sort -u)
  exported=$(sort -u <<<"${syms//@@THUMBKIT_0.1/}")
  [[ "$declared" == "$exported" ]] ||
    fail "$lib exports differ from $header (< header only, > library only):"$'\n'"$(
      diff <(echo "$declared") <(echo "$exported") | grep '^[<>]')"
  echo "$(wc -l <<<"$syms") symbols exported, all tk_*@@THUMBKIT_0.1, as declared in thumbkit.h"
}

for kind in shared static; do
  if [[ $kind == shared ]]; then shared=ON; else shared=OFF; fi
  dir="$work/$kind"
  prefix="$dir/prefix"

  step "$kind: build and install thumbkit into $prefix"
  quiet "$cmake" -S "$src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DBUILD_SHARED_LIBS=$shared \
    -DTHUMBKIT_BUILD_TESTS=OFF -DTHUMBKIT_BUILD_CLI=OFF -DTHUMBKIT_BUILD_BENCH=OFF \
    -DCMAKE_INSTALL_PREFIX="$prefix"
  quiet "$cmake" --build "$dir/build" -j"$jobs"
  quiet "$cmake" --install "$dir/build"
  # The consumers must see only the install, so the build tree goes before they are built.
  rm -rf "$dir/build"

  pc=$(find "$prefix" -name thumbkit.pc -print -quit)
  [[ -n "$pc" ]] || fail "$kind: no thumbkit.pc installed under $prefix"
  libdir=$(dirname "$(dirname "$pc")")

  step "$kind: find_package(thumbkit) consumers"
  for lang in C CXX; do
    b="$dir/cmake-$lang"
    quiet "$cmake" -S "$app" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCONSUMER_LANGUAGE=$lang \
      -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    grep -q "^thumbkit_DIR:PATH=$prefix/" "$b/CMakeCache.txt" ||
      fail "$kind: find_package did not pick the install in $prefix"
    quiet "$cmake" --build "$b" -j"$jobs"
    run_consumer "$kind cmake $lang" "$b/consumer"
  done

  step "$kind: pkg-config consumer"
  pcpath="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  pcflags=(--cflags --libs)
  [[ $kind == static ]] && pcflags=(--static --cflags --libs)
  PKG_CONFIG_PATH=$pcpath pkg-config --exists --print-errors thumbkit ||
    fail "$kind: pkg-config cannot use $pc"
  read -r -a flags <<<"$(PKG_CONFIG_PATH=$pcpath pkg-config "${pcflags[@]}" thumbkit)"
  echo "pkg-config ${pcflags[*]} thumbkit: ${flags[*]}"
  mkdir -p "$dir/pc-app"
  quiet "$cc" -std=c99 -Wall -Werror -o "$dir/pc-app/consumer_c" "$app/consumer.c" "${flags[@]}"
  quiet "$cxx" -std=c++11 -Wall -Werror -o "$dir/pc-app/consumer_cpp" "$app/consumer.cpp" \
    "${flags[@]}"

  for lang in C CXX; do
    if [[ $lang == C ]]; then exe=consumer_c; else exe=consumer_cpp; fi
    if [[ $kind == shared ]]; then
      # CMake gives its executables an RPATH; the pkg-config ones find the library like any
      # user program would, through LD_LIBRARY_PATH.
      check_links_prefix "$kind cmake $lang" "$dir/cmake-$lang/consumer" "$prefix"
      LD_LIBRARY_PATH="$libdir" check_links_prefix "$kind pkg-config $exe" \
        "$dir/pc-app/$exe" "$prefix"
      LD_LIBRARY_PATH="$libdir" run_consumer "$kind pkg-config $exe" "$dir/pc-app/$exe"
    else
      check_static "$kind cmake $lang" "$dir/cmake-$lang/consumer"
      check_static "$kind pkg-config $exe" "$dir/pc-app/$exe"
      run_consumer "$kind pkg-config $exe" "$dir/pc-app/$exe"
    fi
  done

  if [[ $kind == shared ]]; then
    step "shared: exported symbols of libthumbkit.so"
    check_symbols "$(readlink -f "$libdir/libthumbkit.so")" "$prefix/include/thumbkit/thumbkit.h"
  fi
done
echo "consumer_install: all consumers built and ran against the shared and static installs"
