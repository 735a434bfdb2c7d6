#!/usr/bin/env python3
"""`make dist-check`: the release tarball, unpacked and run as an operator would (issue 25).

1. Unpacks the tarball into a temporary prefix and configures it from the tarball's own
   `etc/ketang.toml.example` and `etc/ketang.env.example` (paths and ports adjusted, secrets
   generated): the prod profile on a new PostgreSQL database, sandbox off, no gateway
   configured but an SMS provider that cannot be reached. `ketang migrate`, then
   `ketang serve --no-migrate`; checks /readyz, the SPA, an API call, that unconfigured
   features say so, and that /metrics wants its token.
2. Puts Debian's nginx in front with the tarball's `etc/nginx-ketang.conf` (TLS with a
   self-signed certificate, HTTP/2), the server now in the dev profile with the sandbox on
   and nginx as its trusted proxy, and through nginx: signs in by SMS, uploads a course cover,
   reads the catalog, and checks the SPA's caching headers and the client address the server
   records.

Standard library only (and curl for HTTP/2); prints what it checked; exits non-zero on the
first failure.
"""

import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import zlib

ADMIN_URL = os.environ.get("TEST_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
PHONE = "13800138000"


def fail(message):
    print(f"dist-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message, detail=""):
    """`detail` (a response body, say) is printed only when the check fails: bodies hold tokens."""
    if not condition:
        fail(f"{message} {detail}")
    print(f"dist-check: ok   {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(sql, url=ADMIN_URL):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def request(url, method="GET", body=None, headers=None, insecure=False):
    data = None
    headers = dict(headers or {})
    if body is not None:
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        else:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    context = ssl.create_default_context()
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    # Redirects are answers to check, not to follow.
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(req, timeout=30) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def wait_ready(base, process, log, insecure=False):
    for _ in range(300):
        if process.poll() is not None:
            fail(f"ketang exited with {process.returncode}:\n{open(log).read()}")
        try:
            status, _, _ = request(f"{base}/readyz", insecure=insecure)
            if status == 200:
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.1)
    fail(f"ketang did not become ready:\n{open(log).read()}")


def png(width, height):
    """A solid PNG, written by hand (zlib + CRC) so the check needs nothing installed."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x30\x80\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def configure(root, prefix, port, database_url):
    """The tarball's example configuration with this machine's paths, port and secrets."""
    toml = open(os.path.join(root, "etc/ketang.toml.example")).read()
    toml = toml.replace('data_dir = "/var/lib/ketang"', f'data_dir = "{prefix}/data"')
    toml = toml.replace('dist_dir = "/opt/ketang/web/dist"', f'dist_dir = "{root}/web/dist"')
    toml = re.sub(r"(?m)^port = 8080$", f"port = {port}", toml)
    check(f"port = {port}" in toml and f"{prefix}/data" in toml, "the example ketang.toml takes this machine's paths")
    config = os.path.join(prefix, "ketang.toml")
    open(config, "w").write(toml)
    env = {}
    for line in open(os.path.join(root, "etc/ketang.env.example")):
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, _ = line.partition("=")
            env[key] = ""
    check("KETANG_PII__KEY" in env and "KETANG_AUTH__JWT_SECRET" in env, "the example ketang.env names the secrets")
    import base64
    env.update({
        "KETANG_DATABASE__URL": database_url,
        "KETANG_AUTH__JWT_SECRET": base64.b64encode(secrets.token_bytes(48)).decode(),
        "KETANG_PII__KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "KETANG_SERVER__METRICS_TOKEN": secrets.token_hex(24),
        "KETANG_SMS__ALIYUN__ACCESS_KEY_ID": "LTAI-dist-check",
        "KETANG_SMS__ALIYUN__ACCESS_KEY_SECRET": secrets.token_hex(16),
        "KETANG_SMS__ALIYUN__SIGN_NAME": "课堂",
        "KETANG_SMS__ALIYUN__TEMPLATE_CODE": "SMS_000000",
        # Unreachable: sending a code must fail as a 503, not hang or pretend.
        "KETANG_SMS__ALIYUN__ENDPOINT": f"http://127.0.0.1:{free_port()}",
    })
    base = {k: v for k, v in os.environ.items() if not k.startswith("KETANG_") and k != "DATABASE_URL"}
    base.update(env)
    base["KETANG_CONFIG"] = config
    return base


def run_prod(root, prefix, database_url):
    port = free_port()
    env = configure(root, prefix, port, database_url)
    binary = os.path.join(root, "bin/ketang")
    shown = subprocess.run([binary, "config"], env=env, capture_output=True, text=True)
    check(shown.returncode == 0 and "profile = Prod" in shown.stdout,
          f"`ketang config` reads the configuration ({shown.stderr.strip()[:200]})")
    check(env["KETANG_PII__KEY"] not in shown.stdout, "`ketang config` does not print the secrets")
    refused = subprocess.run([binary, "serve", "--no-migrate"], env=env, capture_output=True, text=True, timeout=60)
    check(refused.returncode != 0 and "ketang migrate" in refused.stderr, "serve --no-migrate refuses the unmigrated database")
    migrated = subprocess.run([binary, "migrate"], env=env, capture_output=True, text=True, timeout=120)
    check(migrated.returncode == 0, f"`ketang migrate` ({migrated.stderr.strip()[-300:]})")
    log = os.path.join(prefix, "prod.log")
    process = subprocess.Popen([binary, "serve", "--no-migrate"], env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(base, process, log)
        check(True, "the prod profile starts on PostgreSQL and /readyz answers")
        status, headers, body = request(f"{base}/")
        check(status == 200 and b'id="root"' in body, "the SPA's index is served")
        check("no-cache" in headers.get("Cache-Control", ""), "index.html is revalidated (Cache-Control: no-cache)")
        status, _, body = request(f"{base}/api/v1/categories")
        check(status == 200 and json.loads(body)["total"] == 12, "an API call answers (GET /api/v1/categories)")
        status, _, body = request(f"{base}/api/v1/auth/sso/providers")
        check(status == 200 and json.loads(body) == [],
              f"no SSO provider is offered when none is configured ({body[:200]!r})")
        status, _, body = request(f"{base}/api/v1/auth/sms-codes", "POST", {"phone": PHONE, "purpose": "login"})
        check(status == 503, f"an SMS gateway that cannot be reached answers 503 ({status})")
        status, _, _ = request(f"{base}/sandbox/sms/last?phone={PHONE}")
        check(status == 404, "the sandbox is off in prod")
        status, _, _ = request(f"{base}/metrics")
        check(status == 401, "/metrics wants its token")
        status, _, body = request(f"{base}/metrics", headers={"Authorization": f"Bearer {env['KETANG_SERVER__METRICS_TOKEN']}"})
        check(status == 200 and b"ketang_jobs" in body and b"ketang_db_pool_connections" in body, "/metrics answers with the token")
    finally:
        process.terminate()
        process.wait(timeout=60)
    return env


def nginx_site(root, prefix, https_port, http_port, upstream_port):
    """The tarball's nginx site on this machine's ports, certificate and paths."""
    site = open(os.path.join(root, "etc/nginx-ketang.conf")).read()
    site = site.replace("server 127.0.0.1:8080;", f"server 127.0.0.1:{upstream_port};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = re.sub(r"(?m)^\s*listen \[::\].*\n", "", site)
    site = site.replace("/etc/ssl/ketang/", f"{prefix}/tls/")
    site = site.replace("/opt/ketang/web/dist", f"{root}/web/dist")
    site = site.replace("alias /var/lib/ketang/media/;", f"alias {prefix}/data/media/;")
    site = site.replace("ketang.example.cn", "localhost")
    # Here the client also connects from 127.0.0.1: nginx reaches Ketang from 127.0.0.2, the
    # one trusted address, so the client's own address is what Ketang must record.
    site = site.replace("proxy_pass http://ketang;", "proxy_pass http://ketang;\n        proxy_bind 127.0.0.2;")
    check(f"127.0.0.1:{upstream_port}" in site and f"{root}/web/dist" in site and f"{prefix}/data/media/" in site,
          "the nginx site takes this machine's ports and paths")
    os.makedirs(f"{prefix}/tls", exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", f"{prefix}/tls/privkey.pem", "-out", f"{prefix}/tls/fullchain.pem"],
                   check=True, capture_output=True)
    os.makedirs(f"{prefix}/nginx/logs", exist_ok=True)
    open(f"{prefix}/nginx/site.conf", "w").write(site)
    open(f"{prefix}/nginx/nginx.conf", "w").write(f"""
pid {prefix}/nginx/nginx.pid;
error_log {prefix}/nginx/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix}/nginx/logs/access.log;
    client_body_temp_path {prefix}/nginx/body;
    proxy_temp_path {prefix}/nginx/proxy;
    fastcgi_temp_path {prefix}/nginx/fastcgi;
    uwsgi_temp_path {prefix}/nginx/uwsgi;
    scgi_temp_path {prefix}/nginx/scgi;
    include {prefix}/nginx/site.conf;
}}
""")
    tested = subprocess.run(["nginx", "-t", "-p", f"{prefix}/nginx", "-c", f"{prefix}/nginx/nginx.conf"], capture_output=True, text=True)
    check(tested.returncode == 0, f"nginx accepts the site ({tested.stderr.strip()[-300:]})")


def through_nginx(root, prefix, prod_env):
    https_port, http_port, upstream_port = free_port(), free_port(), free_port()
    nginx_site(root, prefix, https_port, http_port, upstream_port)
    env = dict(prod_env)
    env.update({
        "KETANG_PROFILE": "dev",
        "KETANG_SANDBOX__ENABLED": "true",
        "KETANG_SMS__PROVIDER": "console",
        "KETANG_SERVER__PORT": str(upstream_port),
        "KETANG_SERVER__TRUSTED_PROXIES": "127.0.0.2",
        "KETANG_WEB__PUBLIC_BASE_URL": f"https://localhost:{https_port}",
    })
    log = os.path.join(prefix, "dev.log")
    binary = os.path.join(root, "bin/ketang")
    process = subprocess.Popen([binary, "serve"], env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    proxy = subprocess.Popen(["nginx", "-p", f"{prefix}/nginx", "-c", f"{prefix}/nginx/nginx.conf", "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        base = f"https://127.0.0.1:{https_port}"
        wait_ready(base, process, log, insecure=True)
        check(True, "Ketang answers through nginx over TLS")
        version = subprocess.run(["curl", "-sk", "--http2", "-o", "/dev/null", "-w", "%{http_version}", f"{base}/healthz"],
                                 capture_output=True, text=True).stdout
        check(version == "2", f"nginx speaks HTTP/2 ({version})")
        status, headers, _ = request(f"http://127.0.0.1:{http_port}/catalog")
        check(status == 301 and headers.get("Location", "").startswith("https://"), "plain HTTP redirects to HTTPS")
        status, headers, body = request(f"{base}/", insecure=True)
        check(status == 200 and "no-cache" in headers.get("Cache-Control", ""), "index.html through nginx: no-cache")
        asset = re.search(rb'src="(/assets/[^"]+\.js)"', body)
        check(asset is not None, "the index names its hashed script")
        status, headers, _ = request(f"{base}{asset.group(1).decode()}", insecure=True)
        check(status == 200 and "immutable" in headers.get("Cache-Control", ""),
              f"hashed assets are cached for a year ({status} {headers.get('Cache-Control')})")

        # A client's own X-Forwarded-For cannot choose the address it is counted as.
        status, _, _ = request(f"{base}/api/v1/auth/sms-codes", "POST", {"phone": PHONE, "purpose": "login"},
                               headers={"X-Forwarded-For": "203.0.113.9"}, insecure=True)
        check(status == 202, f"an SMS code is sent in sandbox mode ({status})")
        status, _, body = request(f"{base}/sandbox/sms/last?phone={PHONE}", insecure=True)
        code = json.loads(body)["code"]
        status, _, body = request(f"{base}/api/v1/auth/sign-in/sms", "POST",
                                  {"phone": PHONE, "code": code, "agree_terms": True, "token_delivery": "body"},
                                  insecure=True)
        check(status == 200, "signed in by SMS through nginx", f"({status} {body[:300]!r})")
        token = json.loads(body)["access_token"]
        auth = {"Authorization": f"Bearer {token}"}

        image = png(386, 240)
        status, _, body = request(f"{base}/api/v1/uploads", "POST",
                                  {"purpose": "course_cover", "file_name": "cover.png", "size": len(image),
                                   "sha256": hashlib.sha256(image).hexdigest()}, headers=auth, insecure=True)
        check(status == 201, "an upload starts", f"({status} {body[:300]!r})")
        upload = json.loads(body)["id"]
        status, _, _ = request(f"{base}/api/v1/uploads/{upload}/chunks/0", "PUT", image,
                               headers={**auth, "Content-Type": "application/octet-stream"}, insecure=True)
        check(status == 204, "its chunk passes nginx's body limit")
        status, _, body = request(f"{base}/api/v1/uploads/{upload}/complete", "POST", headers=auth, insecure=True)
        check(status == 201, "the cover upload completes", f"({status} {body[:300]!r})")
        media = json.loads(body)
        status, _, body = request(f"{base}{media['url']}", insecure=True)
        check(status == 200 and hashlib.sha256(body).hexdigest() == hashlib.sha256(image).hexdigest(),
              "the cover is served back whole through nginx")
        # nginx sends it (X-Accel-Redirect) with Ketang's headers, and answers ranges itself.
        status, headers, body = request(f"{base}{media['url']}", headers={"Range": "bytes=8-23"}, insecure=True)
        check(status == 206 and body == image[8:24] and headers.get("Content-Range") == f"bytes 8-23/{len(image)}",
              f"nginx answers a range of the cover ({status} {headers.get('Content-Range')})")
        check(headers.get("Content-Type") == "image/png" and "sandbox" in headers.get("Content-Security-Policy", "")
              and headers.get("ETag") == f'"{hashlib.sha256(image).hexdigest()}"'
              and "immutable" in headers.get("Cache-Control", "") and "X-Accel-Redirect" not in headers,
              f"the file keeps Ketang's headers through nginx ({dict(headers)})")
        status, _, _ = request(f"{base}/_ketang_media/blobs/{hashlib.sha256(image).hexdigest()[:2]}/{hashlib.sha256(image).hexdigest()}",
                               insecure=True)
        check(status == 404, f"nginx's internal media location refuses direct requests ({status})")
        status, _, body = request(f"{base}/api/v1/courses", insecure=True)
        check(status == 200 and "items" in json.loads(body), "the catalog reads through nginx")

        database_url = prod_env["KETANG_DATABASE__URL"]
        ips = subprocess.run(["psql", "-tA", database_url, "-c",
                              "select distinct ip from audit_log where action = 'auth.register'"],
                             capture_output=True, text=True, check=True).stdout.split()
        check(ips == ["127.0.0.1"], f"the audit log records the client nginx saw, not a forged header ({ips})")
    finally:
        proxy.terminate()
        process.terminate()
        proxy.wait(timeout=30)
        process.wait(timeout=60)


def main():
    tarball = sys.argv[1]
    prefix = tempfile.mkdtemp(prefix="ketang-dist-")
    # nginx's workers (www-data) read the SPA's assets from here, as from /opt/ketang.
    os.chmod(prefix, 0o755)
    database = f"ketang_dist_{secrets.token_hex(6)}"
    try:
        with tarfile.open(tarball) as archive:
            archive.extractall(prefix, filter="data")
        roots = glob.glob(os.path.join(prefix, "ketang-*"))
        check(len(roots) == 1, f"{tarball} unpacks into one folder")
        root = roots[0]
        for path in ["bin/ketang", "web/dist/index.html", "etc/ketang.toml.example", "etc/ketang.env.example",
                     "etc/ketang.service", "etc/nginx-ketang.conf", "share/doc/operations.md", "share/doc/alerts.yml"]:
            check(os.path.exists(os.path.join(root, path)), f"the tarball holds {path}")
        psql(f'create database "{database}"')
        server = ADMIN_URL.rsplit("/", 1)[0]
        env = run_prod(root, prefix, f"{server}/{database}")
        if shutil.which("nginx"):
            through_nginx(root, prefix, env)
        else:
            fail("nginx is not installed (apt-get install nginx)")
        print("dist-check: the release tarball installs, starts in prod and serves through nginx")
    finally:
        psql(f'drop database if exists "{database}" with (force)')
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    main()
