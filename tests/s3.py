"""A real S3-compatible server for the tests: moto in server mode, started as a
process of its own, and the settings that point Django's storage at it."""

import contextlib
import subprocess
import sys
import urllib.request

import boto3

from portal.settings.base import s3_storage as settings_s3_storage
from tests.workers import free_port, wait_until

REGION = "eu-west-2"
# moto accepts any credentials; these are not secrets.
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - http only
            return True
    except OSError:
        return False


@contextlib.contextmanager
def s3_server():
    """Start moto's S3 server on a free port; yield its address."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(url), "the S3 server to start", seconds=30)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint: str):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def s3_bucket(endpoint: str, name: str) -> str:
    s3_client(endpoint).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return name


def s3_objects(endpoint: str, bucket: str) -> list[str]:
    listing = s3_client(endpoint).list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def s3_environment(endpoint: str, bucket: str) -> dict:
    """The variables that put uploads in ``bucket`` (as .env.example names them)."""
    return {
        "STORAGE_S3_BUCKET": bucket,
        "STORAGE_S3_ENDPOINT_URL": endpoint,
        "STORAGE_S3_REGION": REGION,
        "STORAGE_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "STORAGE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "STORAGE_S3_ADDRESSING_STYLE": "path",
    }


def s3_storage(endpoint: str, bucket: str) -> dict:
    """The STORAGES["default"] those variables give (portal/settings/base.py)."""
    return settings_s3_storage(
        bucket=bucket,
        endpoint_url=endpoint,
        region=REGION,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        addressing_style="path",
    )
