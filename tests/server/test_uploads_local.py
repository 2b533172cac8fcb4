"""The presigned upload flow in local mode: JWTs (PyJWT: HS256, RS256/JWKS, refused variants),
POST /uploads, the SigV4 PUT (our own, boto3's and Ruby aws-sdk-s3's URLs accepted; tampered,
expired, wrong method/length/type refused), the avatars, the S3 event endpoint, dev tokens."""
import json
import os
import subprocess
import time
import unittest
import urllib.parse

import boto3
import jwt
from botocore.config import Config
from cryptography.hazmat.primitives.asymmetric import rsa

from harness import Server, ServerTestCase, image_size, read_fixture

JPEG = "misc/320x240.jpg"
PNG = "alpha/with-alpha.png"
SECRET = "hs256-test-secret-of-enough-length"
ISSUER = "https://issuer.example.test"
ACCESS_KEY = "AKIDTHUMBKITTEST"
SECRET_KEY = "thumbkit/test/secret/key"
EVENT_SECRET = "event-secret"


def hs256(sub="alice", **overrides):
    now = int(time.time())
    claims = {"sub": sub, "iss": ISSUER, "aud": "web-client", "token_use": "access",
              "iat": now, "exp": now + 600}
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    return jwt.encode(claims, SECRET, algorithm="HS256")


def bearer(token):
    return {"Authorization": "Bearer " + token}


class LocalUploadTest(ServerTestCase):
    SERVER_ARGS = ("--jwt-secret", SECRET, "--jwt-issuer", ISSUER, "--jwt-audience", "web-client",
                   "--jwt-token-use", "access", "--access-key-id", ACCESS_KEY,
                   "--secret-access-key", SECRET_KEY, "--max-upload-bytes", "200000",
                   "--s3-event-secret", EVENT_SECRET)

    def presign(self, token=None, content_type="image/jpeg", length=None):
        length = length if length is not None else len(read_fixture(JPEG))
        return self.http.post(self.url("/uploads"), headers=bearer(token or hs256()),
                              json={"contentType": content_type, "contentLength": length})

    def boto3_client(self):
        return boto3.client("s3", endpoint_url=self.server.base, region_name="us-east-1",
                            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                            config=Config(signature_version="s3v4",
                                          s3={"addressing_style": "path"}))

    # --- POST /uploads and the JWT checks

    def test_presign_answers_a_put_url_for_uploads_sub_uuid(self):
        r = self.presign()
        self.assertEqual(r.status_code, 200, r.text)
        body = r.json()
        self.assertRegex(body["key"], r"^uploads/alice/[0-9a-f-]{36}\.jpg$")
        url = urllib.parse.urlsplit(body["url"])
        self.assertEqual(url.path, "/" + body["key"])
        query = dict(urllib.parse.parse_qsl(url.query))
        self.assertEqual(query["X-Amz-Algorithm"], "AWS4-HMAC-SHA256")
        self.assertTrue(query["X-Amz-Credential"].startswith(ACCESS_KEY + "/"))
        self.assertEqual(query["X-Amz-SignedHeaders"], "content-length;content-type;host")
        self.assertEqual(query["X-Amz-Expires"], "300")
        self.assertEqual(body["method"], "PUT")
        self.assertEqual(body["headers"], {"Content-Type": "image/jpeg"})
        self.assertTrue(body["avatars"]["jpeg"].endswith("/o/avatars/processed/alice.jpg"))

    def test_refused_tokens_are_401(self):
        now = int(time.time())
        cases = {
            "missing": None,
            "alg none": jwt.encode({"sub": "alice", "iss": ISSUER, "aud": "web-client",
                                    "token_use": "access", "exp": now + 600}, None,
                                   algorithm="none"),
            "wrong issuer": hs256(iss="https://evil.test"),
            "expired": hs256(iat=now - 7200, exp=now - 3600),
            "wrong token_use": hs256(token_use="id"),
            "wrong audience": hs256(aud="other-client"),
            "wrong secret": jwt.encode({"sub": "alice", "iss": ISSUER, "exp": now + 600},
                                       "another-secret-entirely", algorithm="HS256"),
            "garbage": "not.a.jwt",
        }
        for name, token in cases.items():
            with self.subTest(name=name):
                headers = bearer(token) if token else {}
                r = self.http.post(self.url("/uploads"), headers=headers,
                                   json={"contentType": "image/jpeg", "contentLength": 10})
                self.assertJsonError(r, 401)
                self.assertIn("Bearer", r.headers.get("WWW-Authenticate", ""))

    def test_bad_upload_requests(self):
        self.assertJsonError(self.presign(content_type="image/gif"), 415)
        self.assertJsonError(self.presign(length=10_000_000), 413)
        self.assertJsonError(self.presign(length=0), 400)
        r = self.http.post(self.url("/uploads"), headers=bearer(hs256()), data=b"{not json")
        self.assertJsonError(r, 400)
        self.assertJsonError(self.presign(token=hs256(sub="../x")), 403, "invalid_sub")

    # --- PUT /uploads/... with our own presigned URL

    def test_put_stores_original_and_makes_512_avatars(self):
        original = read_fixture(JPEG)
        body = self.presign(token=hs256(sub="bob")).json()
        r = self.http.put(body["url"], data=original, headers=body["headers"])
        self.assertEqual(r.status_code, 200, r.text)
        self.assertTrue(r.headers["ETag"])
        stored = self.http.get(self.url("/o/" + body["key"]))
        self.assertEqual(stored.content, original)
        for fmt, url in body["avatars"].items():
            avatar = self.http.get(url)
            self.assertEqual(avatar.status_code, 200, url)
            self.assertEqual(image_size(avatar.content), (fmt, 512, 512))
            self.assertIn("max-age", avatar.headers["Cache-Control"])

    def test_tampered_put_urls_are_403(self):
        original = read_fixture(JPEG)
        body = self.presign().json()
        url = body["url"]
        split = urllib.parse.urlsplit(url)
        query = dict(urllib.parse.parse_qsl(split.query))

        def with_query(**changes):
            q = dict(query, **changes)
            return urllib.parse.urlunsplit(split._replace(query=urllib.parse.urlencode(q)))

        signature = query["X-Amz-Signature"]
        flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
        cases = {
            "signature": with_query(**{"X-Amz-Signature": flipped}),
            "expiry": with_query(**{"X-Amz-Expires": "3600"}),
            "key": url.replace("/uploads/alice/", "/uploads/mallory/"),
            "credential": with_query(**{"X-Amz-Credential": query["X-Amz-Credential"].replace(
                ACCESS_KEY, "AKIDOTHER")}),
        }
        for name, bad_url in cases.items():
            with self.subTest(name=name):
                r = self.http.put(bad_url, data=original, headers=body["headers"])
                self.assertIn(r.status_code, (400, 403), r.text)
                self.assertIn("error", r.json())
        self.assertJsonError(self.http.put(url, data=original[:-1], headers=body["headers"]), 403)
        self.assertJsonError(self.http.put(url, data=original,
                                           headers={"Content-Type": "image/png"}), 403)
        self.assertJsonError(self.http.put(url.split("?")[0], data=original,
                                           headers=body["headers"]), 403)
        self.assertEqual(self.http.get(self.url("/o/" + body["key"])).status_code, 404)

    def test_non_image_with_valid_signature_is_refused_and_nothing_stored(self):
        data = b"this is not an image at all" * 10
        body = self.presign(length=len(data)).json()
        r = self.http.put(body["url"], data=data, headers=body["headers"])
        self.assertJsonError(r, 415, "TK_ERR_UNKNOWN_FORMAT")
        self.assertEqual(self.http.get(self.url("/o/" + body["key"])).status_code, 404)

    # --- URLs presigned by other SDKs with the server's credentials

    def test_boto3_presigned_put_is_accepted(self):
        url = self.boto3_client().generate_presigned_url(
            "put_object", Params={"Bucket": "uploads", "Key": "carol/boto.png",
                                  "ContentType": "image/png"}, ExpiresIn=300)
        r = self.http.put(url, data=read_fixture(PNG), headers={"Content-Type": "image/png"})
        self.assertEqual(r.status_code, 200, r.text)
        avatar = self.http.get(self.url("/o/avatars/processed/carol.webp"))
        self.assertEqual(image_size(avatar.content), ("webp", 512, 512))

    def test_boto3_expired_and_wrong_method_urls_are_refused(self):
        client = self.boto3_client()
        expired = client.generate_presigned_url(
            "put_object", Params={"Bucket": "uploads", "Key": "carol/late.jpg"}, ExpiresIn=1)
        time.sleep(2.2)
        r = self.http.put(expired, data=read_fixture(JPEG))
        self.assertJsonError(r, 403, "AccessDenied")
        get_url = client.generate_presigned_url(
            "get_object", Params={"Bucket": "uploads", "Key": "carol/get.jpg"}, ExpiresIn=300)
        self.assertJsonError(self.http.put(get_url, data=read_fixture(JPEG)), 403,
                             "SignatureDoesNotMatch")

    def test_boto3_url_for_too_large_body_is_413(self):
        url = self.boto3_client().generate_presigned_url(
            "put_object", Params={"Bucket": "uploads", "Key": "carol/big.jpg"}, ExpiresIn=300)
        r = self.http.put(url, data=b"\xff\xd8\xff" + b"\0" * 250_000)
        self.assertJsonError(r, 413)

    def test_ruby_aws_sdk_presigned_put_is_accepted(self):
        script = """
require 'aws-sdk-s3'
client = Aws::S3::Client.new(endpoint: ARGV[0], region: 'us-east-1', force_path_style: true,
  credentials: Aws::Credentials.new(ARGV[1], ARGV[2]))
puts Aws::S3::Presigner.new(client: client).presigned_url(:put_object, bucket: 'uploads',
  key: 'dave/ruby.jpg', content_type: 'image/jpeg', expires_in: 300)
"""
        url = subprocess.run(["ruby", "-e", script, self.server.base, ACCESS_KEY, SECRET_KEY],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
        r = self.http.put(url, data=read_fixture(JPEG), headers={"Content-Type": "image/jpeg"})
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(self.http.get(self.url("/o/avatars/processed/dave.jpg")).status_code, 200)
        tampered = url.replace("dave/ruby.jpg", "dave/other.jpg")
        r = self.http.put(tampered, data=read_fixture(JPEG), headers={"Content-Type": "image/jpeg"})
        self.assertJsonError(r, 403, "SignatureDoesNotMatch")

    # --- S3 event notifications run the same job on a stored original

    def test_s3_event_endpoint_makes_avatars_from_a_stored_original(self):
        os.makedirs(os.path.join(self.server.data, "uploads", "erin"), exist_ok=True)
        with open(os.path.join(self.server.data, "uploads", "erin", "a b.png"), "wb") as f:
            f.write(read_fixture(PNG))
        event = {"Records": [{"eventName": "ObjectCreated:Put",
                              "s3": {"bucket": {"name": "local"},
                                     "object": {"key": "uploads/erin/a+b.png"}}}]}
        headers = {"X-Thumbkit-Event-Secret": EVENT_SECRET}
        self.assertJsonError(self.http.post(self.url("/events/s3"), json=event), 403)
        self.assertJsonError(self.http.post(self.url("/events/s3"), json=event,
                                            headers={"X-Thumbkit-Event-Secret": "nope"}), 403)
        r = self.http.post(self.url("/events/s3"), json=event, headers=headers)
        self.assertJsonError(r, 400)  # "a b.png" is not a safe key segment
        with open(os.path.join(self.server.data, "uploads", "erin", "ab.png"), "wb") as f:
            f.write(read_fixture(PNG))
        event["Records"][0]["s3"]["object"]["key"] = "uploads/erin/ab.png"
        r = self.http.post(self.url("/events/s3"), json=event, headers=headers)
        self.assertEqual(r.status_code, 200, r.text)
        self.assertEqual(len(r.json()["processed"][0]["avatars"]), 2)
        avatar = self.http.get(self.url("/o/avatars/processed/erin.jpg"))
        self.assertEqual(image_size(avatar.content), ("jpeg", 512, 512))
        event["Records"][0]["s3"]["object"]["key"] = "uploads/erin/missing.png"
        self.assertJsonError(self.http.post(self.url("/events/s3"), json=event, headers=headers),
                             404)
        self.assertJsonError(self.http.post(self.url("/events/s3"), data=b"[]", headers=headers),
                             400)

    def test_dev_token_endpoint_is_off_by_default(self):
        self.assertJsonError(self.http.post(self.url("/dev/token"), json={}), 404)


class Rs256JwksTest(unittest.TestCase):
    """Cognito-style access tokens: RS256 keys from a JWKS file, client_id, token_use."""

    @classmethod
    def setUpClass(cls):
        cls.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(cls.key.public_key()))
        jwk.update({"kid": "key-1", "alg": "RS256", "use": "sig"})
        cls.public_pem = jwt.algorithms.RSAAlgorithm(jwt.algorithms.RSAAlgorithm.SHA256) \
            .prepare_key(cls.key.public_key()).public_bytes(
                encoding=__import__("cryptography.hazmat.primitives.serialization",
                                    fromlist=["Encoding"]).Encoding.PEM,
                format=__import__("cryptography.hazmat.primitives.serialization",
                                  fromlist=["PublicFormat"]).PublicFormat.SubjectPublicKeyInfo)
        import tempfile
        cls.jwks = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False,
                                               dir=os.environ.get("THUMBKIT_TEST_TMPDIR"))
        json.dump({"keys": [jwk]}, cls.jwks)
        cls.jwks.close()
        cls.server = Server("--jwks-file", cls.jwks.name, "--jwt-issuer", ISSUER,
                            "--jwt-audience", "cognito-client", "--jwt-token-use", "access")

    @classmethod
    def tearDownClass(cls):
        code, stderr = cls.server.stop()
        os.unlink(cls.jwks.name)
        assert code == 0, stderr

    def token(self, kid="key-1", key=None, **overrides):
        now = int(time.time())
        claims = {"sub": "frank", "iss": ISSUER, "client_id": "cognito-client",
                  "token_use": "access", "iat": now, "exp": now + 600}
        claims.update(overrides)
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})

    def post(self, token):
        import requests
        return requests.post(self.server.url("/uploads"), headers=bearer(token),
                             json={"contentType": "image/png", "contentLength": 1000})

    def test_valid_rs256_token_is_accepted(self):
        r = self.post(self.token())
        self.assertEqual(r.status_code, 200, r.text)
        self.assertTrue(r.json()["key"].startswith("uploads/frank/"))

    def test_refused_rs256_tokens(self):
        now = int(time.time())
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cases = {
            "wrong key": self.token(key=other),
            "unknown kid": self.token(kid="key-2"),
            "expired": self.token(iat=now - 7200, exp=now - 3600),
            "wrong issuer": self.token(iss="https://evil.test"),
            "id token": self.token(token_use="id"),
            "wrong client": self.token(client_id="other-client"),
            "alg none": jwt.encode({"sub": "frank", "iss": ISSUER, "exp": now + 600}, None,
                                   algorithm="none"),
            # alg confusion: HS256 keyed with the public key must not verify
            "hs256 with public key": self.hs256_with_public_key(now),
        }
        for name, token in cases.items():
            with self.subTest(name=name):
                r = self.post(token)
                self.assertEqual(r.status_code, 401, (name, r.text))

    def hs256_with_public_key(self, now):
        import base64
        import hashlib
        import hmac
        def b64(data):
            return base64.urlsafe_b64encode(data).rstrip(b"=")
        header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": "key-1"}).encode())
        payload = b64(json.dumps({"sub": "frank", "iss": ISSUER, "client_id": "cognito-client",
                                  "token_use": "access", "exp": now + 600}).encode())
        signature = b64(hmac.new(self.public_pem, header + b"." + payload, hashlib.sha256).digest())
        return (header + b"." + payload + b"." + signature).decode()


class DevTokenTest(ServerTestCase):
    SERVER_ARGS = ("--jwt-secret", SECRET, "--dev-tokens")

    def test_dev_token_works_for_presign(self):
        r = self.http.post(self.url("/dev/token"), json={"sub": "gina"})
        self.assertEqual(r.status_code, 200)
        token = r.json()["token"]
        self.assertEqual(jwt.decode(token, SECRET, algorithms=["HS256"])["sub"], "gina")
        r = self.http.post(self.url("/uploads"), headers=bearer(token),
                           json={"contentType": "image/webp", "contentLength": 100})
        self.assertEqual(r.status_code, 200, r.text)
        self.assertTrue(r.json()["key"].endswith(".webp"))
        self.assertJsonError(self.http.post(self.url("/dev/token"), json={"sub": "a/b"}), 400)


if __name__ == "__main__":
    unittest.main()
