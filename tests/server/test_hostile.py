"""Requests a hostile client sends: ambiguous framing, compressed bodies, writes into the upload
flow's prefixes, keys the file system cannot hold, and temporary files left by a killed writer."""
import gzip
import os
import socket
import time
import unittest

import jwt
import requests

from harness import Server, ServerTestCase, read_fixture, read_response

JPEG = "misc/320x240.jpg"
SECRET = "hostile-test-secret"


def raw_request(port, data, timeout=10):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        return read_response(s)


def post_image(base, key, headers=None):
    return requests.post(base + "/image", data={"s3Key": key, "width": "32"}, headers=headers,
                         files={"file": ("p.jpg", read_fixture(JPEG))}, timeout=30)


class FramingTest(ServerTestCase):
    """Framing two parsers could read differently is refused (400) before any body is read."""

    def test_ambiguous_or_malformed_lengths_are_400(self):
        cases = {
            "length and chunked": b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                                  b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "two lengths": b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                           b"Content-Length: 4\r\n\r\n[1,2]",
            "signed length": b"POST /uploads HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n[]",
            "GET with a body": b"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 18\r\n\r\n"
                               b"GET /o/x HTTP/1.1\r\n",
            "HEAD chunked": b"HEAD /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            b"\r\n0\r\n\r\n",
        }
        for name, request in cases.items():
            with self.subTest(name):
                status, body = raw_request(self.server.port, request)
                self.assertEqual(status, 400, body)
                if not request.startswith(b"HEAD"):  # a HEAD answer carries no body
                    self.assertIn(b'"bad_request"', body)

    def test_compressed_request_body_is_415_without_inflating(self):
        bomb = gzip.compress(b"\0" * (64 << 20))  # 64 MiB of zeros in ~64 KiB
        r = self.http.post(self.url("/uploads"), data=bomb,
                           headers={"Content-Encoding": "gzip",
                                    "Content-Type": "application/json"})
        self.assertJsonError(r, 415, "unsupported_media_type")
        self.assertEqual(self.http.get(self.url("/healthz")).status_code, 200)


class ImageKeyAuthorizationTest(ServerTestCase):
    """POST /image never writes where the upload flow keeps originals and avatars."""

    def test_upload_flow_prefixes_are_403_and_nothing_is_stored(self):
        for key in ("uploads/alice/photo.jpg", "avatars/processed/alice.jpg", "avatars/x"):
            with self.subTest(key):
                self.assertJsonError(post_image(self.server.base, key), 403, "forbidden_key")
                self.assertFalse(os.path.exists(os.path.join(self.server.data, key)))

    def test_other_keys_are_written(self):
        self.assertEqual(post_image(self.server.base, "thumbs/ok.jpg").status_code, 201)


class ImageKeyPrefixTest(ServerTestCase):
    SERVER_ARGS = ("--image-key-prefix", "resized/")

    def test_only_keys_under_the_configured_prefix(self):
        self.assertJsonError(post_image(self.server.base, "other/x.jpg"), 403, "forbidden_key")
        self.assertEqual(post_image(self.server.base, "resized/x.jpg").status_code, 201)


class ImageNeedsTokenWithJwtTest(ServerTestCase):
    SERVER_ARGS = ("--jwt-secret", SECRET)

    def test_anonymous_is_401_and_a_valid_token_writes(self):
        self.assertJsonError(post_image(self.server.base, "thumbs/a.jpg"), 401, "unauthorized")
        token = jwt.encode({"sub": "alice", "exp": int(time.time()) + 300}, SECRET, "HS256")
        r = post_image(self.server.base, "thumbs/a.jpg", {"Authorization": "Bearer " + token})
        self.assertEqual(r.status_code, 201, r.text)
        forged = jwt.encode({"sub": "alice", "exp": int(time.time()) + 300}, "wrong", "HS256")
        r = post_image(self.server.base, "thumbs/b.jpg", {"Authorization": "Bearer " + forged})
        self.assertEqual(r.status_code, 401, r.text)


class AnonymousImageFlagTest(ServerTestCase):
    SERVER_ARGS = ("--jwt-secret", SECRET, "--anonymous-image")

    def test_explicit_flag_keeps_the_resize_api_open(self):
        self.assertEqual(post_image(self.server.base, "thumbs/a.jpg").status_code, 201)


class FileStoreFaultTest(ServerTestCase):
    def test_segment_too_long_for_the_file_system_is_400_without_paths(self):
        for key in ("a" * 300 + "/x.jpg", "dir/" + "b" * 300 + ".jpg"):
            with self.subTest(len(key)):
                r = post_image(self.server.base, key)
                self.assertJsonError(r, 400)
                self.assertNotIn("EXCEPTION_WHAT", r.headers)
                self.assertNotIn(self.server.dir, r.text + str(r.headers))

    def test_longest_last_segment_the_file_system_holds_is_stored(self):
        key = "long/" + "c" * 251 + ".jpg"  # 255 bytes, NAME_MAX
        self.assertEqual(post_image(self.server.base, key).status_code, 201)
        self.assertEqual(self.http.get(self.url("/o/" + key)).status_code, 200)

    def test_temporary_files_are_never_served_and_are_removed_at_start(self):
        temp = os.path.join(self.server.data, ".thumbkit-tmp")
        self.assertTrue(os.path.isdir(temp))
        left = os.path.join(temp, "leftover")
        with open(left, "wb") as f:
            f.write(read_fixture(JPEG))  # what a writer killed mid-write leaves
        self.assertEqual(self.http.get(self.url("/o/.thumbkit-tmp/leftover")).status_code, 404)
        self.assertJsonError(post_image(self.server.base, ".thumbkit-tmp/x.jpg"), 409)
        restarted = Server(store="file://" + self.server.data)
        try:
            self.assertFalse(os.path.exists(left))
            self.assertTrue(os.path.isdir(temp))
        finally:
            restarted.stop()


if __name__ == "__main__":
    unittest.main()
