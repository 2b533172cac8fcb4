"""Shared parts of the Lambda end-to-end tests: s3rver, the runtime process, image headers.

Everything listens on 127.0.0.1 with ephemeral ports, is started by the test and stopped by it,
with bounded waits. Paths come from the environment ctest sets:
  THUMBKIT_LAMBDA_BOOTSTRAP  the built runtime binary (thumbkit-lambda)
  THUMBKIT_LAMBDA_ZIP        the packaged thumbkit-lambda.zip
  THUMBKIT_FIXTURES          the shared fixtures folder
  THUMBKIT_S3RVER            s3rver's bin script (npm)
"""

import ctypes
import http.client
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time

import boto3
from botocore.config import Config
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from runtime_api_emulator import RuntimeApiEmulator

START_TIMEOUT = 30
STOP_TIMEOUT = 10
ACCESS_KEY = "S3RVER"  # s3rver's built-in credentials
SECRET_KEY = "S3RVER"


def fixture(relative):
    return os.path.join(os.environ["THUMBKIT_FIXTURES"], relative)


def read_fixture(relative):
    with open(fixture(relative), "rb") as f:
        return f.read()


class S3rver:
    """s3rver (npm) on 127.0.0.1, port 0 (it prints the port it got), in a temp directory."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="thumbkit-e2e-s3rver-")
        script = os.environ.get("THUMBKIT_S3RVER") or os.path.expanduser(
            "~/.cache/thumbkit-test-servers/node_modules/.bin/s3rver")
        if not os.path.isfile(script):
            raise RuntimeError(f"s3rver not found at {script}: run .ci/install-deps")
        self.process = subprocess.Popen(
            [os.environ.get("NODE", "node"), script, "-d", self.dir, "-a", "127.0.0.1", "-p", "0",
             "--silent"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, preexec_fn=_die_with_parent)
        port = self._read_port()
        self.endpoint = f"http://127.0.0.1:{port}"
        self.client = boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                          connect_timeout=5, read_timeout=30))

    def _read_port(self):
        found = {}

        def read():
            for line in self.process.stdout:  # keeps draining after the port line
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
                if match and "port" not in found:
                    found["port"] = int(match.group(1))
                    ready.set()
            ready.set()

        ready = threading.Event()
        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(START_TIMEOUT) or "port" not in found:
            stop_process(self.process)
            self.process.stdout.close()
            shutil.rmtree(self.dir, ignore_errors=True)
            raise RuntimeError("s3rver did not start")
        return found["port"]

    def stop(self):
        self.client.close()
        stop_process(self.process)
        self.process.stdout.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class S3Recorder:
    """A forwarding HTTP proxy in front of s3rver that records each request's method, path and
    headers, so tests can see what the runtime sent (credentials, HEAD before GET)."""

    def __init__(self, upstream):
        host, port = upstream.split("//")[1].split(":")
        self.requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                recorder.requests.append((self.command, self.path,
                                          {k.lower(): v for k, v in self.headers.items()}))
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                try:
                    # Host is forwarded unchanged: it is part of the SigV4 signature.
                    connection.request(self.command, self.path, body=body,
                                       headers=dict(self.headers.items()))
                    reply = connection.getresponse()
                    data = reply.read()
                finally:
                    connection.close()
                self.send_response(reply.status)
                for name, value in reply.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                length_header = reply.getheader("Content-Length")
                self.send_header("Content-Length",
                                 length_header if self.command == "HEAD" and length_header
                                 else str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = forward

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        self.endpoint = "http://127.0.0.1:%d" % self._server.server_address[1]

    def requests_for(self, key_path):
        return [(method, headers) for method, path, headers in self.requests
                if path.split("?")[0] == key_path]

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


def _die_with_parent():
    """Popen preexec_fn: the child gets SIGKILL if this test process dies (e.g. ctest's timeout
    kills it), so nothing it started outlives it. Kept across exec, unlike most settings."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def stop_process(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(STOP_TIMEOUT)


def lambda_environment(emulator, handler, s3=None, extra=None):
    """The variables Lambda gives a custom runtime (and nothing from this shell but sanitizer
    options), plus the function's own configuration."""
    env = {
        "AWS_LAMBDA_RUNTIME_API": emulator.address,
        "_HANDLER": handler,
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_LAMBDA_FUNCTION_NAME": "thumbkit",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_SESSION_TOKEN": "e2e-session-token",
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": "/usr/local/bin:/usr/bin/:/bin:/opt/bin",
    }
    if s3 is not None:
        env["AWS_ENDPOINT_URL_S3"] = s3.endpoint
    for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if name in os.environ:
            env[name] = os.environ[name]
    env.update(extra or {})
    return env


class RuntimeProcess:
    """The runtime under test, its stdout (JSON log lines) collected."""

    def __init__(self, command, env, cwd=None):
        self.started_at = time.monotonic()
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        preexec_fn=_die_with_parent)
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.decode(errors="replace").rstrip("\n"))

    def logs(self):
        """The JSON log lines (other lines, e.g. sanitizer reports, are skipped)."""
        records = []
        for line in list(self.lines):
            try:
                records.append(json.loads(line))
            except ValueError:
                pass
        return records

    def output(self):
        return "\n".join(self.lines[-200:])

    def wait_exit(self, timeout=STOP_TIMEOUT):
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self):
        stop_process(self.process)
        self._reader.join(STOP_TIMEOUT)
        self.process.stdout.close()


class LambdaHarness:
    """An emulator, optionally s3rver, and the runtime, stopped in reverse order.

    stop() first makes /next fail (as when the environment goes away) so the runtime exits by
    itself and, in sanitizer builds, runs its leak check; returns that exit status."""

    def __init__(self, handler, extra_env=None, with_s3=True, command=None, cwd=None,
                 through_env_i=False, record_s3=False):
        """through_env_i: start it as `env -i VAR=... command`, as a clean-room check.
        record_s3: the runtime talks to s3rver through an S3Recorder (self.recorder)."""
        self.s3 = S3rver() if with_s3 else None
        self.recorder = S3Recorder(self.s3.endpoint) if record_s3 else None
        self.emulator = RuntimeApiEmulator().start()
        try:
            env = lambda_environment(self.emulator, handler, self.s3, extra_env)
            if self.recorder:
                env["AWS_ENDPOINT_URL_S3"] = self.recorder.endpoint
            command = command or [os.environ["THUMBKIT_LAMBDA_BOOTSTRAP"]]
            if through_env_i:
                command = ["/usr/bin/env", "-i"] + [f"{k}={v}" for k, v in env.items()] + command
                env = {}
            self.runtime = RuntimeProcess(command, env, cwd)
        except Exception:
            self.emulator.stop()
            if self.recorder:
                self.recorder.stop()
            if self.s3:
                self.s3.stop()
            raise

    def invoke(self, event, timeout=60.0, **kwargs):
        """Queues the event and waits for its outcome, failing early if the runtime died."""
        request_id = self.emulator.invoke(event, **kwargs)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.emulator.wait_result(request_id, 0.5)
            except AssertionError:
                status = self.runtime.process.poll()
                if status is not None or time.monotonic() > deadline:
                    why = f"exited with {status}" if status is not None else f"no answer in {timeout}s"
                    raise AssertionError(f"runtime {why}\noutput:\n{self.runtime.output()}") from None

    def stop(self):
        self.emulator.stop()
        status = self.runtime.wait_exit()
        self.runtime.stop()
        if self.recorder:
            self.recorder.stop()
        if self.s3:
            self.s3.stop()
        return status


# ---- S3 events, shaped as the documented notification (event version 2.1) ----

def s3_event(bucket, raw_key, size=1024, event_name="ObjectCreated:Put"):
    """raw_key as S3 puts it in events: form-encoded ('+' for a space)."""
    return {"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventTime": "2024-01-01T00:00:00.000Z",
        "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810",
                             "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "thumbkit-uploads",
            "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                       "arn": f"arn:aws:s3:::{bucket}"},
            "object": {"key": raw_key, "size": size, "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                       "sequencer": "0055AED6DCD90281E5"},
        },
    }]}


# ---- image headers: format and size from the bytes, independent of thumbkit ----

def image_size(data):
    """(format, width, height) of a JPEG, PNG or WebP."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        chunk = data[12:16]
        if chunk == b"VP8 ":
            width, height = struct.unpack("<HH", data[26:30])
            return "webp", width & 0x3FFF, height & 0x3FFF
        if chunk == b"VP8L":
            bits = int.from_bytes(data[21:25], "little")
            return "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
        if chunk == b"VP8X":
            return ("webp", int.from_bytes(data[24:27], "little") + 1,
                    int.from_bytes(data[27:30], "little") + 1)
    if data[:2] == b"\xff\xd8":
        position = 2
        while position + 4 <= len(data):
            if data[position] != 0xFF:
                break
            marker = data[position + 1]
            length = struct.unpack(">H", data[position + 2:position + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE,
                          0xCF):
                height, width = struct.unpack(">HH", data[position + 5:position + 9])
                return "jpeg", width, height
            position += 2 + length
    raise AssertionError(f"not a JPEG, PNG or WebP: {data[:16]!r}")
