"""Prints one S3 URL presigned by boto3 (botocore's SigV4 query signer).

--at YYYYMMDDTHHMMSSZ pins botocore's clock (as botocore's own tests do) so the URL is a fixed
vector; without it the current time is used.
"""
import argparse
import datetime
from unittest import mock

import boto3
from botocore.config import Config

parser = argparse.ArgumentParser()
parser.add_argument("--method", choices=["get", "put"], required=True)
parser.add_argument("--endpoint", default="")
parser.add_argument("--region", default="us-east-1")
parser.add_argument("--bucket", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--access-key", required=True)
parser.add_argument("--secret-key", required=True)
parser.add_argument("--session-token", default=None)
parser.add_argument("--expires", type=int, default=3600)
parser.add_argument("--content-type", default="")
parser.add_argument("--at", default="")
args = parser.parse_args()

client = boto3.client(
    "s3",
    endpoint_url=args.endpoint or None,
    region_name=args.region,
    aws_access_key_id=args.access_key,
    aws_secret_access_key=args.secret_key,
    aws_session_token=args.session_token,
    config=Config(signature_version="s3v4",
                  s3={"addressing_style": "path" if args.endpoint else "virtual"}),
)
params = {"Bucket": args.bucket, "Key": args.key}
if args.content_type:
    params["ContentType"] = args.content_type
operation = "get_object" if args.method == "get" else "put_object"


def presign():
    return client.generate_presigned_url(operation, Params=params, ExpiresIn=args.expires)


if args.at:
    fixed = datetime.datetime.strptime(args.at, "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.datetime") as patched:
        patched.datetime.utcnow.return_value = fixed
        patched.datetime.strptime = datetime.datetime.strptime
        print(presign())
else:
    print(presign())
