"""POST /image, GET /i, GET /o, /healthz, /metrics, CORS and the error statuses, over real HTTP."""
import base64
import hashlib
import hmac
import socket
import time
import unittest

import requests

from harness import ServerTestCase, image_size, read_fixture, read_response

JPEG = "misc/320x240.jpg"
SIGNING_KEY = "test-signing-key"


def post_image(test, key, fixture=JPEG, data=None, **fields):
    form = {"s3Key": key}
    form.update({k: str(v) for k, v in fields.items()})
    payload = data if data is not None else read_fixture(fixture)
    return test.http.post(test.url("/image"), data=form,
                          files={"file": ("upload.bin", payload, "application/octet-stream")})


def sign(path):
    mac = hmac.new(SIGNING_KEY.encode(), path.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


class PostImageTest(ServerTestCase):
    SERVER_ARGS = ("--max-body-bytes", "2000000", "--read-timeout", "2")

    def test_resizes_stores_and_answers_201_json(self):
        response = post_image(self, "thumbs/a.webp", width=100, height=100, fit="cover",
                              format="webp", quality=70)
        self.assertEqual(response.status_code, 201, response.text)
        body = response.json()
        self.assertEqual(body["key"], "thumbs/a.webp")
        self.assertEqual((body["width"], body["height"], body["format"]), (100, 100, "webp"))
        self.assertTrue(body["url"].endswith("/o/thumbs/a.webp"))
        self.assertTrue(body["etag"].startswith('"'))
        stored = self.http.get(body["url"])
        self.assertEqual(stored.status_code, 200)
        self.assertEqual(len(stored.content), body["bytes"])
        self.assertEqual(image_size(stored.content), ("webp", 100, 100))

    def test_keeps_aspect_with_one_side(self):
        body = post_image(self, "thumbs/w80.jpg", width=80).json()
        self.assertEqual((body["width"], body["height"], body["format"]), (80, 60, "jpeg"))

    def test_bad_keys_are_400(self):
        for key in ("../etc/passwd", "/abs", "a/../b", "ctl\x01x", "", "k" * 1025):
            with self.subTest(key=key[:20]):
                self.assertJsonError(post_image(self, key), 400)

    def test_missing_parts_are_400(self):
        r = self.http.post(self.url("/image"), files={"file": ("a.jpg", read_fixture(JPEG))})
        self.assertJsonError(r, 400, "missing_key")
        r = self.http.post(self.url("/image"), files={"s3Key": (None, "x.jpg")})
        self.assertJsonError(r, 400, "missing_file")

    def test_bad_options_are_400(self):
        for fields in ({"width": "-1"}, {"width": "99999"}, {"fit": "squash"},
                       {"format": "gif"}, {"quality": "0"}, {"height": "12abc"}):
            with self.subTest(fields=fields):
                self.assertJsonError(post_image(self, "x.jpg", **fields), 400, "invalid_options")

    def test_not_multipart_is_415(self):
        r = self.http.post(self.url("/image"), data=b"raw", headers={"Content-Type": "image/jpeg"})
        self.assertJsonError(r, 415)

    def test_unknown_format_is_415(self):
        r = post_image(self, "x.jpg", data=b"GIF89a this is not an image we decode")
        self.assertJsonError(r, 415, "TK_ERR_UNKNOWN_FORMAT")

    def test_corrupt_and_truncated_are_422(self):
        for bad in ("bad/truncated.jpg", "bad/truncated.png"):
            with self.subTest(bad=bad):
                body = self.assertJsonError(post_image(self, "bad.jpg", fixture=bad), 422)
                self.assertTrue(body["error"].startswith("TK_ERR_"))
        self.assertEqual(self.http.get(self.url("/o/bad.jpg")).status_code, 404)

    def test_pixel_limit_is_422(self):
        r = post_image(self, "big.png", fixture="bad/65536-uint32-limit.png")
        self.assertJsonError(r, 422, "TK_ERR_LIMIT_PIXELS")

    def test_body_over_limit_is_413_and_nothing_stored(self):
        r = post_image(self, "huge.jpg", data=b"\xff\xd8\xff" + b"\0" * 2_100_000)
        self.assertJsonError(r, 413, "payload_too_large")
        self.assertEqual(self.http.get(self.url("/o/huge.jpg")).status_code, 404)

    def test_declared_length_far_over_limit_is_413_at_once(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"POST /image HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                      b"boundary=b\r\nContent-Length: 900000000\r\n\r\n")
            status, reply = read_response(s)
        self.assertEqual(status, 413)
        self.assertIn(b'"payload_too_large"', reply)

    def test_chunked_image_upload_is_read_with_the_same_limit(self):
        boundary = "chunky"
        head = ("--%s\r\nContent-Disposition: form-data; name=\"s3Key\"\r\n\r\nchunked.jpg\r\n"
                "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                "\r\n" % (boundary, boundary)).encode()
        tail = ("\r\n--%s--\r\n" % boundary).encode()
        headers = {"Content-Type": "multipart/form-data; boundary=" + boundary}

        def body(payload):
            yield head
            for start in range(0, len(payload), 65536):
                yield payload[start:start + 65536]
            yield tail

        # Fresh connections: a streamed body cannot be resent on a pooled connection that the
        # server's keep-alive timeout has just closed.
        r = requests.post(self.url("/image"), data=body(read_fixture(JPEG)), headers=headers)
        self.assertEqual(r.status_code, 201, r.text)
        r = requests.post(self.url("/image"), data=body(b"\0" * 2_100_000), headers=headers)
        self.assertJsonError(r, 413, "payload_too_large")

    def test_chunked_body_elsewhere_is_411(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"POST /uploads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            status, reply = read_response(s)
        self.assertEqual(status, 411)
        self.assertIn(b'"length_required"', reply)

    def test_stalled_body_is_408(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=15) as s:
            s.sendall(b"POST /image HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                      b"boundary=b\r\nContent-Length: 5000\r\n\r\n--b\r\n")
            status, reply = read_response(s)
        self.assertEqual(status, 408)
        self.assertIn(b'"request_timeout"', reply)


class MalformedRequestTest(ServerTestCase):
    """Bad input gets a 4xx with a JSON error, never a 5xx."""

    def test_malformed_requests_are_4xx(self):
        cases = [
            ("POST", "/image", {"Content-Type": "multipart/form-data"}, b"--x\r\n"),
            ("POST", "/image", {"Content-Type": "multipart/form-data; boundary=zz"},
             b"garbage without any boundary"),
            ("POST", "/image", {"Content-Type": "multipart/form-data; boundary=zz"},
             b"--zz\r\nContent-Disposition: form-data; name=\"s3Key\"\r\n\r\n\xff\xfe.jpg\r\n"
             b"--zz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--zz--\r\n"),
            ("GET", "/i/_/w:10/%ff%fe", {}, None),
            ("GET", "/i/_/w:10,h:10,w:10/a.jpg", {}, None),
            ("GET", "/i/_/" + "w:1," * 3000 + "/a.jpg", {}, None),
            ("GET", "/o/%00x", {}, None),
            ("POST", "/uploads", {"Content-Type": "application/json"}, b"[1,2]"),
            ("PUT", "/uploads/a/b.jpg?X-Amz-Algorithm=nope", {}, b"abc"),
            ("PUT", "/uploads/a/b.jpg?X-Amz-Credential=%zz", {}, b"abc"),
            ("DELETE", "/o/a.jpg", {}, None),
        ]
        for method, path, headers, body in cases:
            with self.subTest(method=method, path=path[:40]):
                r = self.http.request(method, self.url(path), headers=headers, data=body)
                self.assertGreaterEqual(r.status_code, 400, r.text)
                self.assertLess(r.status_code, 500, r.text)
                self.assertIn("error", r.json())


class ThumbnailUrlTest(ServerTestCase):
    SERVER_ARGS = ("--url-signing-key", SIGNING_KEY)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        r = cls.http.post(cls.server.url("/image"), data={"s3Key": "src/photo.jpg"},
                          files={"file": ("p.jpg", read_fixture(JPEG))})
        assert r.status_code == 201, r.text

    def get(self, options, key="src/photo.jpg", signature=None, **kwargs):
        path = "/%s/%s" % (options, key)
        return self.http.get(self.url("/i/" + (signature or sign(path)) + path), **kwargs)

    def test_signed_url_gives_thumbnail_with_caching_headers(self):
        r = self.get("w:64,h:64,fit:cover,fmt:png")
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(r.headers["Content-Type"], "image/png")
        self.assertEqual(image_size(r.content), ("png", 64, 64))
        self.assertIn("max-age", r.headers["Cache-Control"])
        etag = r.headers["ETag"]
        again = self.get("w:64,h:64,fit:cover,fmt:png", headers={"If-None-Match": etag})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.assertEqual(again.headers["ETag"], etag)
        other = self.get("w:65,h:64,fit:cover,fmt:png", headers={"If-None-Match": etag})
        self.assertEqual(other.status_code, 200)

    def test_fmt_auto_follows_accept_and_varies(self):
        webp = self.get("w:50,fmt:auto", headers={"Accept": "image/avif,image/webp,*/*"})
        self.assertEqual(webp.headers["Content-Type"], "image/webp")
        self.assertEqual(webp.headers["Vary"], "Accept")
        plain = self.get("w:50,fmt:auto", headers={"Accept": "image/jpeg"})
        self.assertEqual(plain.headers["Content-Type"], "image/jpeg")
        self.assertEqual(plain.headers["Vary"], "Accept")
        self.assertNotEqual(webp.headers["ETag"], plain.headers["ETag"])
        fixed = self.get("w:50,fmt:webp")
        self.assertNotIn("Vary", fixed.headers)

    def test_unsigned_or_tampered_urls_are_403(self):
        self.assertJsonError(self.get("w:50", signature="_"), 403, "invalid_signature")
        self.assertJsonError(self.get("w:51", signature=sign("/w:50/src/photo.jpg")), 403)
        self.assertJsonError(self.get("w:50", key="src/other.jpg",
                                      signature=sign("/w:50/src/photo.jpg")), 403)

    def test_bad_options_400_and_missing_source_404(self):
        self.assertJsonError(self.get("w:abc"), 400, "invalid_options")
        self.assertJsonError(self.get("zoom:2"), 400, "invalid_options")
        self.assertJsonError(self.get("w:10", key="src/missing.jpg"), 404)

    def test_object_route_has_caching_headers_and_304(self):
        r = self.http.get(self.url("/o/src/photo.jpg"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers["Content-Type"], "image/jpeg")
        self.assertIn("max-age", r.headers["Cache-Control"])
        again = self.http.get(self.url("/o/src/photo.jpg"),
                              headers={"If-None-Match": r.headers["ETag"]})
        self.assertEqual(again.status_code, 304)
        self.assertJsonError(self.http.get(self.url("/o/nothing/here.jpg")), 404)
        self.assertJsonError(self.http.get(self.url("/o/a/%2E%2E/b")), 400)


class UnsignedModeTest(ServerTestCase):
    """Without a signing key any signature segment is accepted (imgproxy's insecure mode)."""

    def test_any_signature_is_accepted_without_a_key(self):
        r = self.http.post(self.url("/image"), data={"s3Key": "p.jpg"},
                           files={"file": ("p.jpg", read_fixture(JPEG))})
        self.assertEqual(r.status_code, 201)
        self.assertEqual(self.http.get(self.url("/i/_/w:20/p.jpg")).status_code, 200)


class OperationsTest(ServerTestCase):
    def test_healthz(self):
        r = self.http.get(self.url("/healthz"))
        self.assertEqual((r.status_code, r.json()), (200, {"status": "ok"}))

    def test_metrics_count_requests_statuses_and_image_errors(self):
        self.http.post(self.url("/image"), data={"s3Key": "x.jpg"},
                       files={"file": ("x", read_fixture("bad/truncated.jpg"))})
        self.http.get(self.url("/o/none.jpg"))
        text = self.http.get(self.url("/metrics")).text
        for needle in ('thumbkit_http_requests_total{route="/o",method="GET",code="404"} 1',
                       'thumbkit_image_errors_total{status="TK_ERR_TRUNCATED"} 1',
                       'thumbkit_http_request_duration_seconds_bucket{route="/image",le="+Inf"} 1',
                       "thumbkit_queue_depth ", "thumbkit_http_in_flight_requests ",
                       "thumbkit_http_request_bytes_total ", "thumbkit_workers_busy "):
            self.assertIn(needle, text)

    def test_unknown_route_is_json_404(self):
        self.assertJsonError(self.http.get(self.url("/no/such/thing")), 404, "not_found")

    def test_cors_preflight_and_headers(self):
        r = self.http.options(self.url("/uploads"), headers={
            "Origin": "http://example.test", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        self.assertEqual(r.status_code, 204)
        self.assertEqual(r.headers["Access-Control-Allow-Origin"], "*")
        self.assertIn("Authorization", r.headers["Access-Control-Allow-Headers"])
        self.assertIn("PUT", r.headers["Access-Control-Allow-Methods"])
        self.assertEqual(self.http.get(self.url("/healthz")).headers[
            "Access-Control-Allow-Origin"], "*")

    def test_upload_page_is_served(self):
        page = self.http.get(self.url("/"))
        self.assertEqual(page.status_code, 200)
        self.assertIn("text/html", page.headers["Content-Type"])
        self.assertIn("/static/app.js", page.text)
        self.assertEqual(self.http.get(self.url("/static/app.js")).status_code, 200)

    def test_access_log_lines_are_json_with_id_status_latency_bytes(self):
        self.http.get(self.url("/healthz"), headers={"X-Request-Id": "trace-123"})
        time.sleep(0.2)
        lines = [l for l in self.server.logs() if l.get("id") == "trace-123"]
        self.assertEqual(len(lines), 1)
        line = lines[0]
        self.assertEqual((line["method"], line["path"], line["status"]), ("GET", "/healthz", 200))
        self.assertGreaterEqual(line["latency_ms"], 0)
        self.assertGreater(line["bytes_out"], 0)


if __name__ == "__main__":
    unittest.main()
