"""A local Lambda Runtime API (2018-06-01) for the custom-runtime tests.

Implements the documented runtime endpoints and headers
(https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):

  GET  /2018-06-01/runtime/invocation/next            long-poll; the event as body, headers
       Lambda-Runtime-Aws-Request-Id, -Deadline-Ms, -Invoked-Function-Arn, -Trace-Id
  POST /2018-06-01/runtime/invocation/{id}/response   202; 413 over 6 MB; 400 unknown id
  POST /2018-06-01/runtime/invocation/{id}/error      202; Lambda-Runtime-Function-Error-Type
  POST /2018-06-01/runtime/init/error                 202

Tests queue events with invoke() and read what the runtime posted with wait_result().
Listens on 127.0.0.1 with an ephemeral port; stop() makes every pending and later /next answer
500 (as if the environment were shutting down) and closes the server.

Run alone for manual checks:
  /usr/bin/python3 runtime_api_emulator.py event.json [event2.json ...]
prints AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT, then each outcome as a JSON line.
"""

import json
import queue
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"
MAX_RESPONSE_BYTES = 6 * 1024 * 1024
MAX_REQUEST_BYTES = 16 * 1024 * 1024


class Outcome:
    """What the runtime posted for one invocation (or for init)."""

    def __init__(self, kind, body, error_type, received_at):
        self.kind = kind  # "response" | "error" | "init_error"
        self.raw = body
        self.error_type = error_type  # the Lambda-Runtime-Function-Error-Type header
        self.received_at = received_at  # time.monotonic()

    @property
    def json(self):
        return json.loads(self.raw)

    def __repr__(self):
        return f"Outcome({self.kind}, {self.error_type}, {self.raw[:300]!r})"


class RuntimeApiEmulator:
    def __init__(self, function_arn="arn:aws:lambda:us-east-1:123456789012:function:thumbkit"):
        self.function_arn = function_arn
        self._events = queue.Queue()
        self._lock = threading.Condition()
        self._outcomes = {}  # request id -> Outcome
        self._pending = set()  # ids handed out by /next without an outcome yet
        self.init_errors = []
        self.next_calls = []  # time.monotonic() of each GET /next
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._make_handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def address(self):
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def invoke(self, event, deadline_s=60.0, trace_id=None, raw=None):
        """Queues an event (a JSON-able value, or raw bytes/str) and returns its request id."""
        request_id = str(uuid.uuid4())
        body = raw if raw is not None else json.dumps(event)
        if isinstance(body, str):
            body = body.encode()
        headers = {
            "Lambda-Runtime-Aws-Request-Id": request_id,
            "Lambda-Runtime-Deadline-Ms": str(int((time.time() + deadline_s) * 1000)),
            "Lambda-Runtime-Invoked-Function-Arn": self.function_arn,
            "Lambda-Runtime-Trace-Id": trace_id
            or f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Parent={uuid.uuid4().hex[:16]};Sampled=1",
        }
        self._events.put((request_id, body, headers))
        return request_id

    def wait_result(self, request_id, timeout=60.0):
        """The Outcome the runtime posted for request_id; AssertionError after timeout."""
        with self._lock:
            if not self._lock.wait_for(lambda: request_id in self._outcomes, timeout):
                raise AssertionError(f"no response or error for {request_id} within {timeout}s")
            return self._outcomes[request_id]

    def wait_init_error(self, timeout=60.0):
        with self._lock:
            if not self._lock.wait_for(lambda: self.init_errors, timeout):
                raise AssertionError(f"no /init/error within {timeout}s")
            return self.init_errors[0]

    # ---- the HTTP side ----

    def _next_event(self):
        while not self._stopping.is_set():
            try:
                return self._events.get(timeout=0.1)
            except queue.Empty:
                continue
        return None

    def _record(self, request_id, outcome):
        with self._lock:
            if request_id not in self._pending:
                return False
            self._pending.discard(request_id)
            self._outcomes[request_id] = outcome
            self._lock.notify_all()
            return True

    def _make_handler(self):
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real endpoint

            def log_message(self, *args):  # quiet
                pass

            def _reply(self, status, document, headers=None):
                body = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def _read_body(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_REQUEST_BYTES:
                    raise ValueError("body too large")
                return self.rfile.read(length)

            def do_GET(self):
                if self.path != PREFIX + "/invocation/next":
                    return self._reply(404, {"errorType": "NotFound", "errorMessage": self.path})
                emulator.next_calls.append(time.monotonic())
                item = emulator._next_event()
                if item is None:
                    return self._reply(500, {"errorType": "Runtime.ExitError",
                                             "errorMessage": "the environment is shutting down"})
                request_id, body, headers = item
                with emulator._lock:
                    emulator._pending.add(request_id)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                now = time.monotonic()
                try:
                    body = self._read_body()
                except ValueError:
                    self.close_connection = True
                    return self._reply(413, {"errorType": "RequestEntityTooLarge",
                                             "errorMessage": "over 16 MiB"})
                parts = self.path[len(PREFIX):].strip("/").split("/")
                error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
                if parts == ["init", "error"]:
                    with emulator._lock:
                        emulator.init_errors.append(Outcome("init_error", body, error_type, now))
                        emulator._lock.notify_all()
                    return self._reply(202, {"status": "OK"})
                if len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
                    request_id, kind = parts[1], parts[2]
                    if kind == "response" and len(body) > MAX_RESPONSE_BYTES:
                        return self._reply(413, {"errorType": "RequestEntityTooLarge",
                                                 "errorMessage": "response over 6 MB"})
                    outcome = Outcome(kind, body, error_type, now)
                    if not emulator._record(request_id, outcome):
                        return self._reply(400, {"errorType": "InvalidRequestID",
                                                 "errorMessage": f"unknown or answered {request_id}"})
                    return self._reply(202, {"status": "OK"})
                return self._reply(404, {"errorType": "NotFound", "errorMessage": self.path})

        return Handler


def main(paths):
    emulator = RuntimeApiEmulator().start()
    print(f"AWS_LAMBDA_RUNTIME_API={emulator.address}", flush=True)
    try:
        for path in paths:
            with open(path, "rb") as event:
                request_id = emulator.invoke(None, raw=event.read())
            outcome = emulator.wait_result(request_id, timeout=600)
            print(json.dumps({"event": path, "kind": outcome.kind, "errorType": outcome.error_type,
                              "body": outcome.raw.decode(errors="replace")}), flush=True)
    finally:
        emulator.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
