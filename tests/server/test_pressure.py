"""Behaviour under pressure: a full queue answers 429 at once (not a timeout), and SIGTERM lets
the request in progress finish while new connections are refused."""
import json
import signal
import socket
import time
import unittest

import requests

from harness import Server, read_fixture, read_response


def multipart(key, payload, boundary="XyZ"):
    return (("--%s\r\nContent-Disposition: form-data; name=\"s3Key\"\r\n\r\n%s\r\n"
             "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
             "Content-Type: image/jpeg\r\n\r\n" % (boundary, key, boundary)).encode()
            + payload + ("\r\n--%s--\r\n" % boundary).encode())


class QueueFullTest(unittest.TestCase):
    def get_when_worker_free(self, path):
        """The worker frees up a moment after the busy connection closes."""
        for _ in range(100):
            r = requests.get(self.server.url(path), timeout=15)
            if r.status_code != 429:
                return r
            time.sleep(0.1)
        self.fail("the worker never became free")

    def setUp(self):
        self.server = Server("--workers", "1", "--queue-length", "0", "--read-timeout", "20")

    def tearDown(self):
        code, stderr = self.server.stop()
        self.assertEqual(code, 0, stderr)

    def test_second_connection_gets_429_while_the_only_worker_is_busy(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as busy:
            busy.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # headers not finished yet
            time.sleep(0.5)
            # The busy worker waits up to the 20 s read timeout; the 15 s client timeout would
            # fire first if the overflow connection were queued instead of answered.
            r = requests.get(self.server.url("/healthz"), timeout=15)
            self.assertEqual(r.status_code, 429, r.text)
            self.assertEqual(r.json()["error"], "too_many_requests")
            self.assertEqual(r.headers["Retry-After"], "1")
            # A request with a body is read and dropped first, so the client gets a clean 429
            # rather than a reset while it is still sending.
            post = requests.post(self.server.url("/image"), data={"s3Key": "x.jpg"},
                                 files={"file": ("a.jpg", read_fixture("misc/320x240.jpg"))},
                                 timeout=15)
            self.assertEqual(post.status_code, 429, post.text)
            self.assertEqual(post.json()["error"], "too_many_requests")
            busy.sendall(b"Connection: close\r\n\r\n")
            self.assertEqual(read_response(busy)[0], 200)
        metrics = self.get_when_worker_free("/metrics").text
        self.assertRegex(metrics, r"thumbkit_queue_rejected_total [2-9]")
        self.assertIn('code="429"', metrics)


class DrainTest(unittest.TestCase):
    def test_sigterm_finishes_the_request_in_progress(self):
        server = Server("--read-timeout", "20")
        try:
            body = multipart("drained.jpg", read_fixture("misc/320x240.jpg"))
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as client:
                client.sendall(b"POST /image HTTP/1.1\r\nHost: x\r\nContent-Type: "
                               b"multipart/form-data; boundary=XyZ\r\nContent-Length: %d\r\n\r\n"
                               % len(body) + body[:200])
                time.sleep(0.5)
                server.process.send_signal(signal.SIGTERM)
                server.output.wait_for(lambda l: '"draining"' in l, 30)
                time.sleep(0.3)
                with self.assertRaises(OSError):
                    socket.create_connection(("127.0.0.1", server.port), timeout=5).close()
                client.sendall(body[200:])
                status, answer = read_response(client)
            self.assertEqual(status, 201, answer)
            self.assertEqual(json.loads(answer)["key"], "drained.jpg")
            self.assertEqual(server.process.wait(timeout=30), 0)
        finally:
            code, stderr = server.stop()
        self.assertEqual(code, 0, stderr)


if __name__ == "__main__":
    unittest.main()
