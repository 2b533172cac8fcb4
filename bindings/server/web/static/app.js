// The presigned upload flow in the browser: token -> POST /uploads -> PUT to the presigned URL ->
// wait for the avatar at the URLs the server gave.
'use strict';

const $ = (id) => document.getElementById(id);

function log(text) {
  const item = document.createElement('li');
  item.textContent = text;
  $('log').appendChild(item);
}

function setStatus(text) {
  $('status').textContent = text;
}

async function readError(response) {
  try {
    const body = await response.json();
    return `${response.status} ${body.error}: ${body.message}`;
  } catch (_) {
    return `${response.status} ${response.statusText}`;
  }
}

async function getDevToken() {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ sub: $('sub').value }),
  });
  if (!response.ok) throw new Error(`dev token: ${await readError(response)}`);
  const body = await response.json();
  $('token').value = body.token;
  log(`token for ${body.sub}, valid ${body.expiresIn} s`);
}

async function presign(file) {
  const response = await fetch('/uploads', {
    method: 'POST',
    headers: {
      'Authorization': `Bearer ${$('token').value.trim()}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ contentType: file.type, contentLength: file.size }),
  });
  if (!response.ok) throw new Error(`presign: ${await readError(response)}`);
  return response.json();
}

async function put(upload, file) {
  // The browser sets Content-Length from the file; it must equal the signed length.
  const response = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: file });
  if (!response.ok) throw new Error(`PUT: ${await readError(response)}`);
  log(`stored ${upload.key} (${file.size} bytes)`);
}

// In S3 mode the avatar is made asynchronously (S3 event), so poll for a while.
async function waitForAvatar(url) {
  for (let attempt = 0; attempt < 30; attempt++) {
    const response = await fetch(url, { cache: 'no-store' });
    if (response.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`avatar did not appear at ${url}`);
}

function show(format, url) {
  let img = $(`avatar-${format}`);
  if (!img) {
    img = document.createElement('img');
    img.id = `avatar-${format}`;
    img.alt = `${format} avatar`;
    document.querySelector('.avatars').appendChild(img);
  }
  img.src = `${url}?v=${Date.now()}`;
  img.hidden = false;
}

async function upload() {
  const file = $('file').files[0];
  if (!file) throw new Error('choose an image first');
  if (!$('token').value.trim()) await getDevToken();
  setStatus('presigning');
  const presigned = await presign(file);
  log(`presigned PUT for ${presigned.key}, expires in ${presigned.expiresIn} s`);
  setStatus('uploading');
  await put(presigned, file);
  setStatus('waiting for the avatar');
  for (const [format, url] of Object.entries(presigned.avatars)) {
    await waitForAvatar(url);
    show(format, url);
    log(`avatar ${format}: ${url}`);
  }
  setStatus('done');
}

function run(task) {
  return () => task().catch((error) => {
    log(error.message);
    setStatus(`error: ${error.message}`);
  });
}

$('get-token').addEventListener('click', run(getDevToken));
$('upload').addEventListener('click', run(upload));
