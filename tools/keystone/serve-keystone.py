"""Runs a real Keystone (OpenStack Identity) on a free 127.0.0.1 port, for tests.

install.sh copies this file into the Keystone venv; run it with that venv's Python:

    VENV/bin/python VENV/bin/serve-keystone.py --data-dir DIR --admin-password SECRET

It binds the port first (so the catalog can name it), writes keystone.conf into DIR
(sqlite, fernet tokens, cheap password hashing), writes the fernet token and credential
keys, runs keystone-manage db_sync and bootstrap (user admin in project admin, domain Default,
identity endpoints on the bound port in --region), then prints one JSON line to stdout,
{"endpoint": "http://127.0.0.1:PORT/v3", "port": PORT}, and serves until SIGTERM.
Keystone 30 ships no WSGI script; its app is keystone.wsgi.api:application.
"""
import argparse
import base64
import json
import os
import signal
import socketserver
import subprocess
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    # Tests read the caller's side; one line per request would drown their output.
    def log_message(self, format, *args):
        pass


def write_configuration(data_dir, token_expiration):
    path = os.path.join(data_dir, "keystone.conf")
    keys = os.path.join(data_dir, "fernet-keys")
    with open(path, "w") as handle:
        handle.write(
            "[DEFAULT]\n"
            "debug = false\n"
            f"log_file = {os.path.join(data_dir, 'keystone.log')}\n"
            "[database]\n"
            f"connection = sqlite:///{os.path.join(data_dir, 'keystone.db')}\n"
            "[token]\n"
            "provider = fernet\n"
            f"expiration = {token_expiration}\n"
            "[fernet_tokens]\n"
            f"key_repository = {keys}\n"
            "[fernet_receipts]\n"
            f"key_repository = {keys}\n"
            "[credential]\n"
            f"key_repository = {os.path.join(data_dir, 'credential-keys')}\n"
            "[identity]\n"
            # bcrypt's minimum: password auth takes 0.17 s instead of 0.55 s.
            "password_hash_rounds = 4\n"
        )
    return path


def write_fernet_keys(directory):
    # What `keystone-manage fernet_setup` (and credential_setup) leave: a staged key 0 and a
    # primary key 1, each 32 random bytes in URL-safe base64. Writing them here saves two
    # keystone-manage runs, each of which pays Keystone's whole import time.
    os.makedirs(directory, mode=0o700, exist_ok=True)
    for name in ("0", "1"):
        path = os.path.join(directory, name)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            handle.write(base64.urlsafe_b64encode(os.urandom(32)).decode())


def keystone_manage(configuration, *arguments):
    manage = os.path.join(os.path.dirname(sys.executable), "keystone-manage")
    result = subprocess.run(
        [manage, "--config-file", configuration, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout)
        raise SystemExit(f"keystone-manage {arguments[0]} failed with exit code {result.returncode}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--admin-password", required=True)
    parser.add_argument("--region", default="RegionOne")
    parser.add_argument("--token-expiration", type=int, default=3600, help="token lifetime, seconds")
    parser.add_argument("--port", type=int, default=0)
    options = parser.parse_args()

    os.makedirs(options.data_dir, exist_ok=True)
    server = ThreadingWSGIServer(("127.0.0.1", options.port), QuietHandler)
    port = server.server_address[1]
    endpoint = f"http://127.0.0.1:{port}/v3"

    configuration = write_configuration(options.data_dir, options.token_expiration)
    write_fernet_keys(os.path.join(options.data_dir, "fernet-keys"))
    write_fernet_keys(os.path.join(options.data_dir, "credential-keys"))
    keystone_manage(configuration, "db_sync")
    keystone_manage(
        configuration,
        "bootstrap",
        "--bootstrap-password", options.admin_password,
        "--bootstrap-admin-url", endpoint,
        "--bootstrap-internal-url", endpoint,
        "--bootstrap-public-url", endpoint,
        "--bootstrap-region-id", options.region,
    )

    os.environ["OS_KEYSTONE_CONFIG_FILES"] = configuration
    # oslo.config parses sys.argv when keystone loads its configuration.
    sys.argv = sys.argv[:1]
    from keystone.wsgi.api import application

    server.set_app(application)
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    sys.stdout.write(json.dumps({"endpoint": endpoint, "port": port}) + "\n")
    sys.stdout.flush()
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
