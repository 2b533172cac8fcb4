#!/usr/bin/env bash
# Installs thumbkit (the default shared + static install, then a static-only one) into throwaway
# prefixes and builds the programs in app/ against each from outside the tree, with find_package
# and with pkg-config, linking shared and static, then runs them on fixtures. For the shared
# library it also checks the exported symbols.
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

# A consumer built both ways, against the install in PREFIX: find_package (C and C++ projects)
# and pkg-config (cc and c++), linking LINK=shared or static, each run on every fixture.
build_consumers() {  # build_consumers LABEL PREFIX LINK
  local label=$1 prefix=$2 link=$3 out="$work/$1-$3" lang b exe pc libdir
  pc=$(find "$prefix" -name thumbkit.pc -print -quit)
  [[ -n "$pc" ]] || fail "$label: no thumbkit.pc installed under $prefix"
  libdir=$(dirname "$(dirname "$pc")")

  step "$label: find_package(thumbkit) consumers linking $link"
  for lang in C CXX; do
    b="$out/cmake-$lang"
    quiet "$cmake" -S "$app" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCONSUMER_LANGUAGE=$lang \
      -DCONSUMER_LINK=$link -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    grep -q "^thumbkit_DIR:PATH=$prefix/" "$b/CMakeCache.txt" ||
      fail "$label: find_package did not pick the install in $prefix"
    quiet "$cmake" --build "$b" -j"$jobs"
    run_consumer "$label cmake $lang $link" "$b/consumer"
  done

  step "$label: pkg-config consumers linking $link"
  local pcpath="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" pcflags=(--cflags --libs)
  [[ $link == static ]] && pcflags=(--static --cflags --libs)
  PKG_CONFIG_PATH=$pcpath pkg-config --exists --print-errors thumbkit ||
    fail "$label: pkg-config cannot use $pc"
  local flags
  read -r -a flags <<<"$(PKG_CONFIG_PATH=$pcpath pkg-config "${pcflags[@]}" thumbkit)"
  # With libthumbkit.so beside libthumbkit.a the linker prefers the .so; a static user names
  # the archive, as with any library installed both ways.
  if [[ $link == static && -e "$libdir/libthumbkit.so" ]]; then
    flags=("${flags[@]/#-lthumbkit/-l:libthumbkit.a}")
  fi
  echo "pkg-config ${pcflags[*]} thumbkit: ${flags[*]}"
  mkdir -p "$out/pc-app"
  quiet "$cc" -std=c99 -Wall -Werror -o "$out/pc-app/consumer_c" "$app/consumer.c" "${flags[@]}"
  quiet "$cxx" -std=c++11 -Wall -Werror -o "$out/pc-app/consumer_cpp" "$app/consumer.cpp" \
    "${flags[@]}"

  for lang in C CXX; do
    if [[ $lang == C ]]; then exe=consumer_c; else exe=consumer_cpp; fi
    if [[ $link == shared ]]; then
      # CMake gives its executables an RPATH; the pkg-config ones find the library like any
      # user program would, through LD_LIBRARY_PATH.
      check_links_prefix "$label cmake $lang" "$out/cmake-$lang/consumer" "$prefix"
      LD_LIBRARY_PATH="$libdir" check_links_prefix "$label pkg-config $exe" \
        "$out/pc-app/$exe" "$prefix"
      LD_LIBRARY_PATH="$libdir" run_consumer "$label pkg-config $exe" "$out/pc-app/$exe"
    else
      check_static "$label cmake $lang" "$out/cmake-$lang/consumer"
      check_static "$label pkg-config $exe" "$out/pc-app/$exe"
      run_consumer "$label pkg-config $exe" "$out/pc-app/$exe"
    fi
  done
}

# "default": the usual install, libthumbkit.so and libthumbkit.a together; "static-only":
# BUILD_SHARED_LIBS=OFF, where thumbkit::thumbkit itself is static; "minimal": without WebP and
# lcms2 (the Conan recipe's with_webp=False, with_lcms=False).
for kind in default static-only minimal; do
  options=(-DBUILD_SHARED_LIBS=ON)
  [[ $kind == static-only ]] && options=(-DBUILD_SHARED_LIBS=OFF)
  [[ $kind == minimal ]] && options+=(-DTHUMBKIT_INSTALL_STATIC=OFF -DTHUMBKIT_WITH_WEBP=OFF
                                      -DTHUMBKIT_WITH_LCMS=OFF)
  dir="$work/$kind"
  prefix="$dir/prefix"

  step "$kind: build and install thumbkit into $prefix (${options[*]})"
  quiet "$cmake" -S "$src" -B "$dir/build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" "${options[@]}" \
    -DTHUMBKIT_BUILD_TESTS=OFF -DTHUMBKIT_BUILD_CLI=OFF -DTHUMBKIT_BUILD_BENCH=OFF \
    -DTHUMBKIT_BUILD_SERVER=OFF -DTHUMBKIT_BUILD_LAMBDA=OFF -DCMAKE_INSTALL_PREFIX="$prefix"
  quiet "$cmake" --build "$dir/build" -j"$jobs"
  quiet "$cmake" --install "$dir/build"
  # The consumers must see only the install, so the build tree goes before they are built.
  rm -rf "$dir/build"

  case $kind in
    default)
      libdir=$(dirname "$(find "$prefix" -name libthumbkit.a -print -quit)")
      [[ -e "$libdir/libthumbkit.so" && -e "$libdir/libthumbkit.a" ]] ||
        fail "default install lacks libthumbkit.so or libthumbkit.a in $libdir"
      build_consumers "$kind" "$prefix" shared
      build_consumers "$kind" "$prefix" static
      step "shared: exported symbols of libthumbkit.so"
      check_symbols "$(readlink -f "$libdir/libthumbkit.so")" "$prefix/include/thumbkit/thumbkit.h"
      ;;
    static-only)
      [[ -z "$(find "$prefix" -name 'libthumbkit.so*' -print -quit)" ]] ||
        fail "static-only install has a libthumbkit.so"
      build_consumers "$kind" "$prefix" static
      ;;
    minimal)
      lib=$(find "$prefix" -name 'libthumbkit.so' -print -quit)
      ! ldd "$lib" | grep -Eq 'libwebp|liblcms2' || fail "minimal build links libwebp or lcms2"
      ! grep -Eq 'webp|lcms' "$(dirname "$lib")/pkgconfig/thumbkit.pc" ||
        fail "minimal build's thumbkit.pc requires webp or lcms2"
      step "minimal: find_package consumer on JPEG and PNG; WebP answers TK_ERR_UNSUPPORTED"
      b="$dir/cmake-C"
      quiet "$cmake" -S "$app" -B "$b" -DCMAKE_BUILD_TYPE=Release -DCONSUMER_LANGUAGE=C \
        -DCMAKE_C_COMPILER="$cc" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
      quiet "$cmake" --build "$b"
      for f in "${fixtures[@]}"; do
        if [[ $f == *.webp ]]; then
          if out=$("$b/consumer" "$f" 2>&1); then fail "minimal: WebP decoded: $out"; fi
          [[ $out == *TK_ERR_UNSUPPORTED*THUMBKIT_WITH_WEBP=OFF* ]] ||
            fail "minimal: unexpected answer for WebP: $out"
          echo "$out"
        else
          "$b/consumer" "$f" || fail "minimal: consumer failed on $f"
        fi
      done
      ;;
  esac
done
echo "consumer_install: C and C++ consumers (find_package and pkg-config) built and ran against" \
  "the shared and static libraries of one install, a static-only and a minimal install"
