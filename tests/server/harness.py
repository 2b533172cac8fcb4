"""Starts thumbkit-server (and s3rver) on loopback ephemeral ports for the tests; stops them.

Environment (set by CMake): THUMBKIT_SERVER (the binary), THUMBKIT_FIXTURES, THUMBKIT_S3RVER,
THUMBKIT_TEST_TMPDIR.
"""
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

import requests

SERVER = os.environ["THUMBKIT_SERVER"]
FIXTURES = os.environ["THUMBKIT_FIXTURES"]
TMP_ROOT = os.environ.get("THUMBKIT_TEST_TMPDIR", tempfile.gettempdir())
START_TIMEOUT = 60  # seconds; sanitizer builds start slowly on a busy machine


def fixture(relative):
    return os.path.join(FIXTURES, relative)


def read_fixture(relative):
    with open(fixture(relative), "rb") as f:
        return f.read()


class _LineReader:
    """Collects a child's stdout lines on a thread so the pipe never fills up."""

    def __init__(self, stream):
        self.lines = queue.Queue()
        self.all = []
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.all.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def join(self):
        self._thread.join(timeout=10)

    def wait_for(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching output line")
            line = self.lines.get(timeout=remaining)
            if line is None:
                raise RuntimeError("process exited; output:\n" + "\n".join(self.all))
            if predicate(line):
                return line


class Server:
    """One thumbkit-server process with its own data folder."""

    def __init__(self, *args, env=None, store=None):
        self.dir = tempfile.mkdtemp(prefix="server-", dir=TMP_ROOT)
        self.data = os.path.join(self.dir, "data")
        store = store or "file://" + self.data
        full_env = dict(os.environ)
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                     "AWS_ENDPOINT_URL_S3", "AWS_REGION"):
            full_env.pop(name, None)
        full_env.update(env or {})
        self.process = subprocess.Popen(
            [SERVER, "--listen", "127.0.0.1:0", "--store", store, *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env)
        self.output = _LineReader(self.process.stdout)
        line = self.output.wait_for(lambda l: '"listening"' in l, START_TIMEOUT)
        self.port = json.loads(line)["port"]
        self.base = "http://127.0.0.1:%d" % self.port

    def url(self, path):
        return self.base + path

    def logs(self):
        return [json.loads(l) for l in self.output.all if l.startswith("{")]

    def stop(self, timeout=30):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        stderr = self.process.stderr.read().decode("utf-8", "replace")
        self.process.stderr.close()
        self.output.join()
        self.process.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.process.returncode, stderr


class S3rver:
    """s3rver (npm) on an ephemeral port with one bucket; credentials S3RVER/S3RVER."""

    ACCESS_KEY = "S3RVER"
    SECRET_KEY = "S3RVER"

    def __init__(self, bucket):
        self.bucket = bucket
        self.dir = tempfile.mkdtemp(prefix="s3rver-", dir=TMP_ROOT)
        self.process = subprocess.Popen(
            [os.environ["THUMBKIT_S3RVER"], "-d", self.dir, "-a", "127.0.0.1", "-p", "0",
             "--silent", "--configure-bucket", bucket],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.output = _LineReader(self.process.stdout)
        line = self.output.wait_for(lambda l: "listening on" in l, START_TIMEOUT)
        self.endpoint = "http://" + line.rsplit(" ", 1)[1]

    def env(self):
        return {"AWS_ACCESS_KEY_ID": self.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": self.SECRET_KEY,
                "AWS_ENDPOINT_URL_S3": self.endpoint, "AWS_REGION": "us-east-1"}

    def client(self):
        import boto3
        from botocore.config import Config
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=self.ACCESS_KEY,
                            aws_secret_access_key=self.SECRET_KEY,
                            config=Config(s3={"addressing_style": "path"}))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.join()
        self.process.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class ServerTestCase(unittest.TestCase):
    """A server per test class; override SERVER_ARGS / SERVER_ENV."""

    SERVER_ARGS = ()
    SERVER_ENV = None

    @classmethod
    def setUpClass(cls):
        cls.server = Server(*cls.SERVER_ARGS, env=cls.SERVER_ENV)
        cls.http = requests.Session()

    @classmethod
    def tearDownClass(cls):
        cls.http.close()
        code, stderr = cls.server.stop()
        if code != 0:
            raise AssertionError("server exited %s: %s" % (code, stderr))

    def url(self, path):
        return self.server.url(path)

    def assertJsonError(self, response, status, error=None):
        self.assertEqual(response.status_code, status, response.text)
        self.assertTrue(response.headers["Content-Type"].startswith("application/json"))
        body = response.json()
        self.assertIn("message", body)
        if error is not None:
            self.assertEqual(body["error"], error, body)
        return body


def read_response(sock):
    """(status, body) of one HTTP/1.1 response read from a raw socket (Content-Length bodies)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(head.split(b" ")[1]), body


def image_size(data):
    """(format, width, height) of JPEG/PNG/WebP bytes, read with Pillow-free parsing via PIL if
    available; the tests only need a cross-check, so PIL is used (python3-pil)."""
    import io
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:
        return image.format.lower(), image.width, image.height
