"""S3 mode against s3rver started here: POST /image and GET /i and /o through the bucket, POST
/uploads presigning for S3, the upload itself to S3, and the S3 event endpoint making avatars."""
import time
import unittest

import jwt
import requests

from harness import S3rver, Server, image_size, read_fixture

BUCKET = "thumbs"
SECRET = "s3-mode-jwt-secret-for-tests"
EVENT_SECRET = "s3-event-secret"


class S3ModeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s3 = S3rver(BUCKET)
        try:
            cls.server = Server("--jwt-secret", SECRET, "--s3-event-secret", EVENT_SECRET,
                                env=cls.s3.env(), store="s3://" + BUCKET)
        except BaseException:
            cls.s3.stop()
            raise
        cls.bucket = cls.s3.client()

    @classmethod
    def tearDownClass(cls):
        code, stderr = cls.server.stop()
        cls.s3.stop()
        assert code == 0, stderr

    def url(self, path):
        return self.server.url(path)

    def test_post_image_writes_to_the_bucket(self):
        # With JWT configured the resize API needs a token too.
        token = jwt.encode({"sub": "alice", "exp": int(time.time()) + 300}, SECRET, "HS256")
        r = requests.post(self.url("/image"), data={"s3Key": "thumbs/s3.webp", "width": "90",
                                                    "format": "webp"},
                          headers={"Authorization": "Bearer " + token},
                          files={"file": ("a.jpg", read_fixture("misc/320x240.jpg"))})
        self.assertEqual(r.status_code, 201, r.text)
        stored = self.bucket.get_object(Bucket=BUCKET, Key="thumbs/s3.webp")
        body = stored["Body"].read()
        self.assertEqual(stored["ContentType"], "image/webp")
        self.assertEqual(len(body), r.json()["bytes"])
        self.assertEqual(image_size(body), ("webp", 90, 68))
        served = requests.get(self.url("/o/thumbs/s3.webp"))
        self.assertEqual((served.status_code, served.content), (200, body))
        self.assertTrue(served.headers["ETag"])
        thumb = requests.get(self.url("/i/_/w:30,fmt:png/thumbs/s3.webp"))
        self.assertEqual(image_size(thumb.content), ("png", 30, 23))
        self.assertEqual(requests.get(self.url("/o/thumbs/none.jpg")).status_code, 404)

    def test_upload_flow_presigns_for_s3_and_the_event_makes_avatars(self):
        token = jwt.encode({"sub": "henry", "exp": 4102444800}, SECRET, algorithm="HS256")
        original = read_fixture("misc/320x240.jpg")
        r = requests.post(self.url("/uploads"), headers={"Authorization": "Bearer " + token},
                          json={"contentType": "image/jpeg", "contentLength": len(original)})
        self.assertEqual(r.status_code, 200, r.text)
        upload = r.json()
        self.assertTrue(upload["url"].startswith(self.s3.endpoint + "/" + BUCKET + "/uploads/henry/"),
                        upload["url"])
        put = requests.put(upload["url"], data=original, headers=upload["headers"])
        self.assertEqual(put.status_code, 200, put.text)
        self.assertEqual(self.bucket.get_object(Bucket=BUCKET, Key=upload["key"])["Body"].read(),
                         original)
        event = {"Records": [{"eventName": "ObjectCreated:Put",
                              "s3": {"bucket": {"name": BUCKET},
                                     "object": {"key": upload["key"], "size": len(original)}}}]}
        done = requests.post(self.url("/events/s3"), json=event,
                             headers={"X-Thumbkit-Event-Secret": EVENT_SECRET})
        self.assertEqual(done.status_code, 200, done.text)
        avatar = self.bucket.get_object(Bucket=BUCKET, Key="avatars/processed/henry.webp")
        self.assertEqual(avatar["ContentType"], "image/webp")
        self.assertEqual(image_size(avatar["Body"].read()), ("webp", 512, 512))
        served = requests.get(upload["avatars"]["jpeg"])
        self.assertEqual(image_size(served.content), ("jpeg", 512, 512))

    def test_local_put_route_is_off_in_s3_mode(self):
        r = requests.put(self.url("/uploads/henry/x.jpg"), data=b"abc")
        self.assertEqual(r.status_code, 404)


if __name__ == "__main__":
    unittest.main()
