// sharp, a peer of thumbkit-bench: TASKS.md's tasks T1..T5 exactly as TASKS.md writes them, and
// the resampler-only cases on raw buffers. Single thread: sharp.cache(false), sharp.concurrency(1).
//
//   node sharp_bench.mjs --sharp DIR/node_modules/sharp --fixtures DIR [--noise FILE] [--runs 15]
//       prints one JSON object per line: {"tool":"sharp","name":...,"median_ms":...,"out_bytes":...,
//       "samples_ms":[...]}
//   node sharp_bench.mjs --sharp ... --fixtures DIR --once T1 OUT
//       runs one task once and writes OUT (peak RSS of a process doing only that task; fidelity);
//       T1png: T1's geometry saved as PNG (resize fidelity alone)
//
// bench/run.sh installs sharp into a scratch folder outside the repository and runs this.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

function parseArgs(argv) {
  const args = { runs: 15, warmupMs: 200 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--sharp') args.sharp = next();
    else if (a === '--fixtures') args.fixtures = next();
    else if (a === '--noise') args.noise = next();
    else if (a === '--runs') args.runs = Number(next());
    else if (a === '--filter') args.filter = new RegExp(next());
    else if (a === '--once') {
      args.onceTask = next();
      args.onceOut = next();
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!args.sharp || !args.fixtures) throw new Error('--sharp and --fixtures are required');
  return args;
}

const args = parseArgs(process.argv.slice(2));
const sharp = createRequire(import.meta.url)(resolve(args.sharp));
sharp.cache(false);
sharp.concurrency(1);

const fixture = (name) => readFileSync(`${args.fixtures}/${name}`);
const photo = fixture('2569067123_aca715a2ee_o.jpg');

// TASKS.md's equivalent calls, verbatim.
const tasks = {
  T1: () => sharp(photo).resize(720, 588, { kernel: 'lanczos3' }).jpeg({ quality: 80 }).toBuffer(),
  T2: (() => {
    const png = fixture('alpha-premultiply-2048x1536-paper.png');
    return () =>
      sharp(png).resize(720, 540).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
  })(),
  T3: () => sharp(photo).resize(720, 588, { kernel: 'lanczos3' }).webp({ quality: 80 }).toBuffer(),
  T4: () => sharp(photo).rotate().resize(512, 512, { fit: 'cover' }).jpeg({ quality: 80 }).toBuffer(),
  T5: (() => {
    let giant = null;
    return () => {
      giant ??= fixture('giant-image.jpg');
      return sharp(giant, { limitInputPixels: false }).resize(256).jpeg({ quality: 80 }).toBuffer();
    };
  })(),
};

// --once only: T1's geometry saved losslessly, so fidelity measures the resize alone; the same
// without the fast shrink-on-load (a 2x margin, as thumbkit's accurate mode); and the raw resize
// of the full decode (the resampler alone).
const onceOnly = {
  T1png: () => sharp(photo).resize(720, 588, { kernel: 'lanczos3' }).png().toBuffer(),
  T1accurate: () =>
    sharp(photo)
      .resize(720, 588, { kernel: 'lanczos3', fastShrinkOnLoad: false })
      .png()
      .toBuffer(),
  T1raw: async () => {
    const src = await decodeRaw(photo, 3);
    const raw = { raw: { width: src.width, height: src.height, channels: 3 } };
    return sharp(src.data, raw).resize(720, 588, { fit: 'fill', kernel: 'lanczos3' }).png().toBuffer();
  },
};

// Warm-up (at least 2 runs and warmupMs), then `runs` timed runs; the median in ms.
async function measure(fn) {
  let out = await fn();
  const warmEnd = performance.now() + args.warmupMs;
  for (let i = 0; i < 2 || performance.now() < warmEnd; i++) out = await fn();
  const times = [];
  for (let i = 0; i < args.runs; i++) {
    const t0 = process.hrtime.bigint();
    out = await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { median_ms: median, runs: times.length, out_bytes: out.length, samples_ms: times };
}

// Raw 8-bit sources for the resampler cases, decoded once by sharp itself.
async function decodeRaw(buf, channels, options = {}) {
  let pipeline = sharp(buf, options);
  if (channels === 1) pipeline = pipeline.extractChannel(0);
  if (channels === 4) pipeline = pipeline.ensureAlpha();
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== channels) throw new Error(`decoded ${info.channels} channels, not ${channels}`);
  return { data, width: info.width, height: info.height, channels };
}

function noise() {
  const width = 2560;
  const height = 1600;
  if (!args.noise) throw new Error('--noise FILE is needed for the 2560x1600 cases');
  const data = readFileSync(args.noise);
  if (data.length !== width * height * 3) throw new Error(`${args.noise}: wrong size`);
  return { data, width, height, channels: 3 };
}

async function resampleCases() {
  const cases = [];
  const src = noise();
  for (const kernel of ['lanczos3', 'cubic', 'linear']) {
    for (const [w, h] of [[320, 200], [2048, 1280]]) {
      cases.push({ name: `rgb2560x1600-${w}x${h}-${kernel}`, src, w, h, kernel });
    }
  }
  cases.push({ name: 'rgb2725x2225-720x588-lanczos3', src: () => decodeRaw(photo, 3), w: 720, h: 588 });
  cases.push({
    name: 'rgba2048x1536-720x540-lanczos3',
    src: () => decodeRaw(fixture('alpha-premultiply-2048x1536-paper.png'), 4),
    w: 720,
    h: 540,
  });
  cases.push({
    name: 'grey20000x14000-256x179-lanczos3',
    src: () => decodeRaw(fixture('giant-image.jpg'), 1, { limitInputPixels: false }),
    w: 256,
    h: 179,
  });
  return cases;
}

async function main() {
  if (args.onceTask) {
    const fn = tasks[args.onceTask] ?? onceOnly[args.onceTask];
    if (!fn) throw new Error(`unknown task ${args.onceTask} (T1..T5, T1png, T1accurate, T1raw)`);
    writeFileSync(args.onceOut, await fn());
    return;
  }
  const emit = (name, r) => console.log(JSON.stringify({ tool: 'sharp', name, ...r }));
  const wanted = (name) => !args.filter || args.filter.test(name);
  for (const [id, fn] of Object.entries(tasks)) {
    if (wanted(id)) emit(id, await measure(fn));
  }
  for (const c of await resampleCases()) {
    const name = `resample/${c.name}`;
    if (!wanted(name)) continue;
    const src = typeof c.src === 'function' ? await c.src() : c.src;
    const raw = { raw: { width: src.width, height: src.height, channels: src.channels } };
    // sharp premultiplies RGBA around the resize by itself, as tk_resize does; grey output
    // would be widened to sRGB without toColourspace('b-w').
    const r = await measure(() => {
      let p = sharp(src.data, { ...raw, limitInputPixels: false }).resize(c.w, c.h, {
        fit: 'fill',
        kernel: c.kernel ?? 'lanczos3',
      });
      if (src.channels === 1) p = p.toColourspace('b-w');
      return p.raw().toBuffer();
    });
    if (r.out_bytes !== c.w * c.h * src.channels) throw new Error(`${name}: unexpected output size`);
    emit(name, r);
  }
}

main().catch((err) => {
  console.error(`sharp_bench.mjs: ${err.message}`);
  process.exit(1);
});
