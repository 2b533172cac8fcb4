#!/usr/bin/env bash
# Builds and runs thumbkit's libFuzzer targets (clang-14 + libclang-rt-14-dev).
#   bash tests/fuzz/run.sh smoke              each target ~30 s, then replays regressions/ (CI)
#   bash tests/fuzz/run.sh campaign MINUTES   each target MINUTES, two at a time under nice;
#                                             corpora persist in $FUZZ_DIR/corpus/<target>;
#                                             CPU-minutes per run are logged to $FUZZ_DIR/cpu-minutes.tsv
# Environment: FUZZ_BUILD (default build-fuzz), FUZZ_DIR (default $FUZZ_BUILD/fuzz-work),
# FUZZ_JOBS (targets at once, default 2), SMOKE_SECONDS (default 30), FUZZ_TARGETS (a subset),
# FIXTURES (default ../shared/fixtures; seeds are generated from it, never copied into the repo).
# A crash leaves its input in $FUZZ_DIR/artifacts/<target>/; minimise it with
#   build-fuzz/tests/fuzz/thumbkit_fuzz_<target> -minimize_crash=1 -runs=20000 <crash-file>
# and keep the result under tests/fuzz/regressions/ (hardening_test replays every file there).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-smoke}
build=${FUZZ_BUILD:-build-fuzz}
work=${FUZZ_DIR:-$build/fuzz-work}
jobs=${FUZZ_JOBS:-2}
fixtures=${FIXTURES:-$(pwd)/../shared/fixtures}
read -r -a targets <<<"${FUZZ_TARGETS:-probe thumbnail decode decode_jpeg decode_png decode_webp}"
case "$mode" in
  smoke) seconds=${SMOKE_SECONDS:-30} ;;
  campaign) seconds=$(( ${2:?usage: run.sh campaign MINUTES} * 60 )) ;;
  *) echo "usage: $0 smoke | campaign MINUTES" >&2; exit 2 ;;
esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang-14 \
  -DCMAKE_CXX_COMPILER=clang++-14 -DTHUMBKIT_BUILD_FUZZ=ON -DTHUMBKIT_SANITIZE=address,undefined \
  -DBUILD_SHARED_LIBS=OFF -DTHUMBKIT_BUILD_BINDINGS=OFF -DTHUMBKIT_BUILD_CLI=OFF \
  -DTHUMBKIT_BUILD_SERVER=OFF -DTHUMBKIT_BUILD_LAMBDA=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target thumbkit_fuzz >/dev/null

# Seeds: the valid fixtures up to 150 KiB (libFuzzer cuts them to -max_len); thumbnail inputs
# get option prefixes (see ApplyOptions in fuzz_common.h).
seed() {
  local target=$1 dir=$work/seeds/$1 pattern
  rm -rf "$dir" && mkdir -p "$dir"
  case "$target" in
    decode_jpeg) pattern='.*\.jpe?g' ;;
    decode_png) pattern='.*\.png' ;;
    decode_webp) pattern='.*\.webp' ;;
    *) pattern='.*\.(jpe?g|png|webp)' ;;
  esac
  local i=0 f
  while IFS= read -r f; do
    i=$((i + 1))
    if [ "$target" = thumbnail ]; then
      # 7x100 cover, Lanczos3, full decode, same format
      { printf '\x2a\x00\x06\x00'; cat "$f"; } >"$dir/$i-a"
      # 16x16 contain, linear light, shrink-on-load fast, JPEG q33, allow corrupt, no auto-orient
      { printf '\x9b\x06\x1b\x81'; cat "$f"; } >"$dir/$i-b"
      # 64 wide inside, enlarge, shrink-on-load accurate, lossless WebP, keep EXIF
      { printf '\x44\x03\x22\x5f'; cat "$f"; } >"$dir/$i-c"
    else
      cp "$f" "$dir/$i"
    fi
  done < <(find "$fixtures" -type f -size -150k -regextype posix-extended -iregex "$pattern" \
             -not -path '*/bad/*' | sort)
}

run_target() {
  local target=$1 bin="$build/tests/fuzz/thumbkit_fuzz_$1"
  local corpus=$work/corpus/$target artifacts=$work/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  local rc=0 TIMEFORMAT='%U %S' cpu
  # CPU time, not wall time, is what a campaign is judged by (the machine may be shared).
  { time nice -n 10 "$bin" "$corpus" "$work/seeds/$target" -max_total_time="$seconds" \
    -max_len=65536 -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" >"$work/$target.log" 2>&1 || rc=$?; } 2>"$work/$target.time"
  cpu=$(awk '{printf "%.1f", ($1 + $2) / 60}' "$work/$target.time")
  printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$mode" "$target" "$cpu" >>"$work/cpu-minutes.tsv"
  local log=$work/$target.log execs cov
  execs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  cov=$(grep -E '#[0-9]+[[:space:]]+DONE' "$log" | grep -oE 'cov: [0-9]+ ft: [0-9]+' | tail -1)
  echo "$target: exit $rc, ${seconds}s wall, $cpu CPU-min, ${execs:-?} runs, ${cov:-no final stats}"
  return $rc
}

mkdir -p "$work"
for t in "${targets[@]}"; do seed "$t"; done
failed=0
pids=()
for t in "${targets[@]}"; do
  run_target "$t" &
  pids+=($!)
  if [ "${#pids[@]}" -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done

# Every kept reproducer through every target: each must now pass.
shopt -s nullglob
regressions=()
for f in tests/fuzz/regressions/*; do [ "${f##*.}" = md ] || regressions+=("$f"); done
if [ "${#regressions[@]}" -gt 0 ]; then
  for t in "${targets[@]}"; do
    if ! "$build/tests/fuzz/thumbkit_fuzz_$t" -runs=1 "${regressions[@]}" \
      >"$work/$t.replay.log" 2>&1; then
      echo "$t: a regression input fails again (see $work/$t.replay.log)"
      failed=1
    fi
  done
  echo "replayed ${#regressions[@]} regression inputs through ${#targets[@]} targets"
fi
if [ "$failed" != 0 ]; then
  echo "fuzzing found a problem; logs and crash inputs are under $work" >&2
  exit 1
fi
