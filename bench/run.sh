#!/usr/bin/env bash
# thumbkit beside its peers (sharp, Pillow, libvips), in one run on this machine, as ratios.
#
#   bash bench/run.sh            # from the repository root, with ../shared beside it
#
# Builds thumbkit-bench and the CLI into build-bench (Release, THUMBKIT_BUILD_BENCH=ON), installs
# sharp 0.35.5 into a scratch folder outside the repository when missing ($BENCH_SCRATCH, default
# /tmp/thumbkit-bench-peers), runs TASKS.md's tasks T1..T5 and the resampler-only cases with every
# tool, then prints Markdown tables: median ms, thumbkit/peer time ratios, output bytes, peak RSS of
# a process doing only that task, T1 fidelity (PSNR), thumbkit's stages and the resampler alone.
#
# Timing runs in BENCH_ROUNDS rounds (default 3): each round runs every tool on every case for
# BENCH_REPS / BENCH_ROUNDS repetitions (thumbkit-bench with random interleaving), and each median
# pools the samples of all rounds, so a neighbour's load on this shared machine falls on every
# tool alike instead of on whichever ran at that minute.
#
# Environment: BENCH_SCRATCH (scratch folder), BENCH_REPS (samples per case and tool, default 15,
# at least 15 for figures you report), BENCH_ROUNDS (default 3), THUMBKIT_FIXTURES (default
# ../shared/fixtures/bench).
# Needs: cmake, g++, libbenchmark-dev, node + npm (registry access on first run), Debian's
# /usr/bin/python3 with python3-pil, /usr/bin/time; optional: libvips-dev (the libvips peer, linked
# into thumbkit-bench), libjpeg-turbo-progs (tjbench, the JPEG decode floor).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FIXTURES=${THUMBKIT_FIXTURES:-$ROOT/../shared/fixtures/bench}
SCRATCH=${BENCH_SCRATCH:-/tmp/thumbkit-bench-peers}
BUILD=$ROOT/build-bench
REPS=${BENCH_REPS:-15}
ROUNDS=${BENCH_ROUNDS:-3}
PY=/usr/bin/python3
SHARP_VERSION=0.35.5

say() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf 'bench/run.sh: %s\n' "$*" >&2
  exit 1
}

# ---- Preconditions ----
[[ -f $FIXTURES/2569067123_aca715a2ee_o.jpg ]] || die "no fixtures in $FIXTURES (set THUMBKIT_FIXTURES)"
[[ $REPS =~ ^[0-9]+$ && $REPS -ge 1 ]] || die "BENCH_REPS must be a positive integer"
[[ $ROUNDS =~ ^[0-9]+$ && $ROUNDS -ge 1 ]] || die "BENCH_ROUNDS must be a positive integer"
PER_ROUND=$(((REPS + ROUNDS - 1) / ROUNDS))
case $SCRATCH in "$ROOT" | "$ROOT"/*) die "BENCH_SCRATCH must be outside the repository" ;; esac
for tool in cmake node npm; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
"$PY" -c 'import PIL' 2>/dev/null || die "$PY has no Pillow (apt-get install python3-pil)"
pkg-config --exists vips 2>/dev/null || say "libvips not found: no libvips column (apt-get install libvips-dev)"
command -v tjbench >/dev/null || say "tjbench not found: no decode floor (apt-get install libjpeg-turbo-progs)"

# ---- Build ----
say "building thumbkit-bench and the CLI in $BUILD"
mkdir -p "$BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTHUMBKIT_BUILD_BENCH=ON \
  -DTHUMBKIT_BUILD_TESTS=OFF -DTHUMBKIT_BUILD_CLI=ON -DTHUMBKIT_BUILD_BINDINGS=OFF \
  -DTHUMBKIT_BUILD_SERVER=OFF -DTHUMBKIT_BUILD_LAMBDA=OFF >"$BUILD/configure.log" 2>&1 ||
  die "cmake configure failed, see $BUILD/configure.log"
cmake --build "$BUILD" -j"$(nproc)" --target thumbkit-bench thumbkit_cli >"$BUILD/build.log" 2>&1 ||
  die "build failed, see $BUILD/build.log"
BENCH=$BUILD/bench/thumbkit-bench
CLI=$BUILD/bindings/cli/thumbkit
[[ -x $BENCH && -x $CLI ]] || die "thumbkit-bench or the CLI is missing after the build"

# ---- sharp, outside the repository ----
mkdir -p "$SCRATCH"
SHARP=$SCRATCH/node_modules/sharp
installed=$(node -p "require('$SHARP/package.json').version" 2>/dev/null || true)
if [[ $installed != "$SHARP_VERSION" ]]; then
  say "installing sharp@$SHARP_VERSION into $SCRATCH"
  [[ -f $SCRATCH/package.json ]] || printf '{"private": true}\n' >"$SCRATCH/package.json"
  (cd "$SCRATCH" && npm install --no-audit --no-fund --loglevel=error "sharp@$SHARP_VERSION") >&2 ||
    die "npm install sharp@$SHARP_VERSION failed"
fi

# ---- Inputs and the results folder ----
NOISE=$SCRATCH/noise-2560x1600-rgb.raw
if [[ ! -f $NOISE ]] || [[ $(stat -c %s "$NOISE") -ne 12288000 ]]; then
  "$PY" -c 'import random, sys; sys.stdout.buffer.write(random.Random(1).randbytes(2560 * 1600 * 3))' >"$NOISE"
fi
RES=$(mktemp -d "$SCRATCH/run.XXXXXX")
say "results in $RES"
export THUMBKIT_BENCH_NOISE=$NOISE

# ---- Timings: one run, same machine, all tools in each round ----
for round in $(seq 1 "$ROUNDS"); do
  say "round $round/$ROUNDS: thumbkit + libvips (Google Benchmark), $PER_ROUND repetitions"
  "$BENCH" --benchmark_repetitions="$PER_ROUND" --benchmark_enable_random_interleaving=true \
    --benchmark_min_time=0.05 --benchmark_min_warmup_time=0.2 \
    --benchmark_out="$RES/gbench-$round.json" --benchmark_out_format=json \
    >"$RES/gbench-$round.log" 2>&1 || die "thumbkit-bench failed, see $RES/gbench-$round.log"
  say "round $round/$ROUNDS: sharp $SHARP_VERSION"
  node "$ROOT/bench/peers/sharp_bench.mjs" --sharp "$SHARP" --fixtures "$FIXTURES" \
    --noise "$NOISE" --runs "$PER_ROUND" >"$RES/sharp-$round.jsonl" || die "sharp_bench.mjs failed"
  say "round $round/$ROUNDS: Pillow"
  "$PY" "$ROOT/bench/peers/pillow_bench.py" --fixtures "$FIXTURES" --noise "$NOISE" \
    --runs "$PER_ROUND" >"$RES/pillow-$round.jsonl" || die "pillow_bench.py failed"
done

# JPEG decode floor: libjpeg-turbo's tjbench at the scale shrink-on-load uses (mean over 1 s).
: >"$RES/floor.txt"
if command -v tjbench >/dev/null; then
  say "tjbench decode floor"
  floor() { # task file scale
    local line
    line=$(tjbench "$FIXTURES/$2" -scale "$3" -quiet -benchtime 1 -warmup 0.2 -nowrite 2>&1 |
      awk 'NF' | tail -n 1)
    echo "$1 $3 $line" >>"$RES/floor.txt"
  }
  floor T1 2569067123_aca715a2ee_o.jpg 1/2
  floor T4 2569067123_aca715a2ee_o.jpg 1/4
  floor T5 giant-image.jpg 1/8
fi

# ---- Peak RSS: a process doing only that task, once; the outputs serve fidelity too ----
say "peak RSS per task"
photo=$FIXTURES/2569067123_aca715a2ee_o.jpg
paper=$FIXTURES/alpha-premultiply-2048x1536-paper.png
giant=$FIXTURES/giant-image.jpg
declare -A IN=([T1]=$photo [T2]=$paper [T3]=$photo [T4]=$photo [T5]=$giant)
declare -A EXT=([T1]=jpg [T2]=png [T3]=webp [T4]=jpg [T5]=jpg)
declare -A CLI_ARGS=(
  [T1]="--width 720 --height 588 --fit fill --quality 80"
  [T2]="--width 720 --height 540 --fit fill"
  [T3]="--width 720 --height 588 --fit fill --format webp --quality 80"
  [T4]="--width 512 --height 512 --fit cover --quality 80"
  [T5]="--width 256 --quality 80 --max-pixels 0")
rss() { # tool task command...
  local tool=$1 task=$2
  shift 2
  if /usr/bin/time -f %M -o "$RES/rss.tmp" "$@" >/dev/null 2>"$RES/rss.err"; then
    echo "$tool $task $(tail -n 1 "$RES/rss.tmp")" >>"$RES/rss.txt"
  else
    say "  $tool $task failed: $(tail -n 1 "$RES/rss.err")"
  fi
}
: >"$RES/rss.txt"
for t in T1 T2 T3 T4 T5; do
  out=$RES/out-$t
  # shellcheck disable=SC2086 # CLI_ARGS holds words
  rss thumbkit "$t" "$CLI" thumbnail "${IN[$t]}" "$out-thumbkit.${EXT[$t]}" ${CLI_ARGS[$t]}
  rss sharp "$t" node "$ROOT/bench/peers/sharp_bench.mjs" --sharp "$SHARP" --fixtures "$FIXTURES" \
    --once "$t" "$out-sharp.${EXT[$t]}"
  if [[ $t == T[123] ]]; then
    rss pillow "$t" "$PY" "$ROOT/bench/peers/pillow_bench.py" --fixtures "$FIXTURES" \
      --once "$t" "$out-pillow.${EXT[$t]}"
  fi
  if grep -q '"vips/' "$RES/gbench-1.json"; then
    rss vips "$t" "$BENCH" --once vips "$t" "$out-vips.${EXT[$t]}"
  fi
done

# ---- T1 fidelity against full decode + exact Lanczos3: the task's JPEG, and T1's geometry saved
# losslessly (the resize alone) ----
say "T1 PSNR"
# shellcheck disable=SC2086 # CLI_ARGS holds words
"$CLI" thumbnail "$photo" "$RES/out-T1png-thumbkit.png" ${CLI_ARGS[T1]}
node "$ROOT/bench/peers/sharp_bench.mjs" --sharp "$SHARP" --fixtures "$FIXTURES" \
  --once T1png "$RES/out-T1png-sharp.png"
"$PY" "$ROOT/bench/peers/pillow_bench.py" --fixtures "$FIXTURES" --once T1png "$RES/out-T1png-pillow.png"
if grep -q '"vips/' "$RES/gbench-1.json"; then "$BENCH" --once vips T1png "$RES/out-T1png-vips.png"; fi
# The accurate shrink-on-load mode (#4) and the raw resize of the full decode (the resampler, #3).
for variant in T1accurate T1raw; do
  "$BENCH" --once thumbkit "$variant" "$RES/out-$variant-thumbkit.png"
  node "$ROOT/bench/peers/sharp_bench.mjs" --sharp "$SHARP" --fixtures "$FIXTURES" \
    --once "$variant" "$RES/out-$variant-sharp.png"
done
shopt -s nullglob
t1_outputs=("$RES"/out-T1-*.jpg "$RES"/out-T1png-*.png "$RES"/out-T1accurate-*.png "$RES"/out-T1raw-*.png)
"$PY" "$ROOT/bench/peers/pillow_bench.py" --fixtures "$FIXTURES" --psnr "${t1_outputs[@]}" \
  >"$RES/psnr.txt" || die "PSNR failed"

# ---- The tables ----
{
  echo "thumbkit $("$CLI" --version)"
  node -e "const s = require('$SHARP'); console.log('sharp', s.versions.sharp, s.versions.vips)"
  echo "libvips $(pkg-config --modversion vips 2>/dev/null || echo -)"
  "$PY" -c 'import PIL; print("Pillow", PIL.__version__)'
} >"$RES/versions.txt"
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$ROOT" status --porcelain -- lib include cmake CMakeLists.txt 2>/dev/null | wc -l)
if [[ $dirty -gt 0 ]]; then commit="$commit + uncommitted changes to $dirty library files"; fi
cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
"$PY" "$ROOT/bench/report.py" --results "$RES" --commit "$commit" --cpu "$cpu" \
  --cores "$(nproc)" --rounds "$ROUNDS" | tee "$RES/report.md"
say "report saved as $RES/report.md"
