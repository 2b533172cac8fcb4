"""Reads or writes one object with boto3 against an S3 endpoint (s3rver's fixed credentials).

get: prints {"body_b64", "content_type", "cache_control", "etag"} as JSON.
put: stores stdin with --content-type.
"""
import argparse
import base64
import json
import sys

import boto3
from botocore.config import Config

parser = argparse.ArgumentParser()
parser.add_argument("action", choices=["get", "put"])
parser.add_argument("--endpoint", required=True)
parser.add_argument("--bucket", required=True)
parser.add_argument("--key", required=True)
parser.add_argument("--content-type", default="application/octet-stream")
args = parser.parse_args()

client = boto3.client(
    "s3", endpoint_url=args.endpoint, region_name="us-east-1",
    aws_access_key_id="S3RVER", aws_secret_access_key="S3RVER",
    config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                  retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30))
if args.action == "get":
    response = client.get_object(Bucket=args.bucket, Key=args.key)
    print(json.dumps({
        "body_b64": base64.b64encode(response["Body"].read()).decode(),
        "content_type": response.get("ContentType", ""),
        "cache_control": response.get("CacheControl", ""),
        "etag": response.get("ETag", ""),
    }))
else:
    client.put_object(Bucket=args.bucket, Key=args.key, Body=sys.stdin.buffer.read(),
                      ContentType=args.content_type)
