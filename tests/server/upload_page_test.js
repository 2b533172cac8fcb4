// The upload page in headless Chromium (playwright-core, Debian's chromium): get a dev token,
// choose a fixture, upload through the presigned PUT, and see both avatars load at 512x512.
// A screenshot is kept under THUMBKIT_ARTIFACTS.
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { chromium } = require(process.env.THUMBKIT_PLAYWRIGHT);

const DEADLINE_MS = 120000;

function startServer(dataDir) {
  const server = spawn(process.env.THUMBKIT_SERVER, [
    '--listen', '127.0.0.1:0', '--store', `file://${dataDir}`, '--jwt-secret',
    'upload-page-test-secret', '--dev-tokens'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: server.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 60000);
    lines.on('line', (line) => {
      if (line.includes('"listening"')) {
        clearTimeout(timer);
        resolve({ server, port: JSON.parse(line).port });
      }
    });
    server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null) return resolve(server.exitCode);
    server.on('exit', (code) => resolve(code));
    server.kill('SIGTERM');
  });
}

async function run() {
  const artifacts = process.env.THUMBKIT_ARTIFACTS;
  fs.mkdirSync(artifacts, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(process.env.THUMBKIT_TEST_TMPDIR, 'page-'));
  const { server, port } = await startServer(dataDir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
                                          args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(60000);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.fill('#sub', 'page-user');
    await page.click('#get-token');
    await page.waitForFunction(() => document.querySelector('#token').value.split('.').length === 3);
    await page.setInputFiles('#file', path.join(process.env.THUMBKIT_FIXTURES, 'misc/320x240.jpg'));
    await page.click('#upload');
    await page.waitForFunction(() => document.querySelector('#status').textContent !== 'ready' &&
      !['presigning', 'uploading', 'waiting for the avatar'].includes(
        document.querySelector('#status').textContent));
    const status = await page.textContent('#status');
    if (status !== 'done') throw new Error(`page status: ${status}; log: ${await page.textContent('#log')}`);
    for (const id of ['#avatar-jpeg', '#avatar-webp']) {
      await page.waitForFunction((sel) => {
        const img = document.querySelector(sel);
        return img && img.complete && img.naturalWidth > 0;
      }, id);
      const size = await page.$eval(id, (img) => [img.naturalWidth, img.naturalHeight, img.src]);
      if (size[0] !== 512 || size[1] !== 512) throw new Error(`${id} is ${size}`);
      if (!size[2].includes('/o/avatars/processed/page-user.')) throw new Error(`${id} src ${size[2]}`);
    }
    const screenshot = path.join(artifacts, 'upload-page.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`upload page flow done; screenshot ${screenshot}`);
  } finally {
    await browser.close();
    const code = await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`server exited with ${code}`);
  }
}

const deadline = setTimeout(() => {
  console.error('upload page test took too long');
  process.exit(1);
}, DEADLINE_MS);
run().then(() => clearTimeout(deadline)).catch((error) => {
  console.error(error);
  process.exit(1);
});
