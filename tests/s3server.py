"""An S3-compatible server for the suite: moto's standalone server on 127.0.0.1.

`make test-pg` sets ATTUNE_STORAGE=s3 with AWS_S3_ENDPOINT_URL pointing at a local port and
ATTUNE_TEST_S3_SERVER=moto; the suite then starts the server on that port before the first
test, so every upload, certificate, portfolio and export in that leg goes through a bucket
over HTTP, as in production. Subprocesses (a real Celery worker, a second web process) reach it
at the same address.
"""

import os
from urllib.parse import urlsplit

import boto3
from django.conf import settings


def wanted() -> bool:
    return os.environ.get("ATTUNE_TEST_S3_SERVER") == "moto" and settings.ATTUNE_STORAGE == "s3"


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
        region_name=os.environ.get("AWS_S3_REGION_NAME", "us-east-1"),
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY"),
    )


def start():
    """Start the server and create the bucket; returns the server (call .stop())."""
    from moto.server import ThreadedMotoServer

    endpoint = urlsplit(os.environ["AWS_S3_ENDPOINT_URL"])
    server = ThreadedMotoServer(ip_address=endpoint.hostname, port=endpoint.port, verbose=False)
    server.start()
    client().create_bucket(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"])
    return server


def keys(prefix: str = "") -> list[str]:
    """Every object key in the bucket under `prefix`."""
    pages = (
        client()
        .get_paginator("list_objects_v2")
        .paginate(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"], Prefix=prefix)
    )
    return [item["Key"] for page in pages for item in page.get("Contents", [])]
