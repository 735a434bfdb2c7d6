#!/usr/bin/env python3
"""Seeds a running Ketang server (sandbox mode) with benchmark-sized classroom data, through
its public HTTP API only: certified orgs that became approved course providers, lecturers, and
approved, listed video courses with covers, plus rated comments.

    bench/seed.py --base http://127.0.0.1:18300 --admin-phone 13900000001 --out seed.json

The operator phone must already be a super operator (`ketang admin create --phone … --role
super` against the same data). Standard library only. Prints progress to stderr and writes
what the benchmarks need (course and provider ids, the large video's course, size and SHA-256,
the operator's refresh token) as JSON; with `--urls`, also P12's 1,000 mixed catalog URLs.
Course titles mix Chinese topics and Latin tool names (`catalog_words.py`) so that the
catalog loads' searches match a known share of the courses.

Owners: `--owners` accounts (SMS sign-in; the sandbox allows 30 codes per IP and hour) share
the `--providers` orgs round-robin. Media is uploaded once per owner and reused for all of its
providers' logos, covers and videos (the API lets the uploader attach their own media to any
of their orgs). The first owner's video is the fixture padded with an ISO-BMFF `free` box to
`--video-mib`, so the Range benchmark (P3) streams a realistically large file.
"""

import argparse
import concurrent.futures
import hashlib
import http.client
import json
import os
import struct
import sys
import threading
import time
import urllib.parse
import zlib

import catalog_urls
from catalog_words import CATEGORIES, title

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def log(*parts):
    print("seed:", *parts, file=sys.stderr, flush=True)


# ---- fixtures -------------------------------------------------------------------------------


def uscc(n):
    """A valid 统一社会信用代码 (GB 32100-2015) numbered n: '91' + '460200' + org code + check."""
    body = f"{73000000 + n:08d}"
    s = sum(int(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS))
    c = 11 - s % 11
    org_check = "X" if c == 10 else "0" if c == 11 else str(c)
    first17 = "91460200" + body + org_check
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, USCC_WEIGHTS))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def png(width, height, seed):
    """An RGB PNG of coloured tiles (a few KB, well under the 100 KB limits)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw += bytes(((x // 24 * 37 + seed * 50) % 256, (y // 20 * 53) % 256, 160))
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def padded_mp4(fixture, total_bytes, seed):
    """The fixture followed by a top-level `free` box of pseudo-random bytes (players and the
    server's MP4 check skip it) so the file is `total_bytes` long."""
    pad = total_bytes - len(fixture) - 8
    if pad <= 0:
        return fixture
    block = hashlib.sha256(seed).digest() * 32768  # 1 MiB, not all zeros
    payload = (block * (pad // len(block) + 1))[:pad]
    return fixture + struct.pack(">I", pad + 8) + b"free" + payload


# ---- HTTP -----------------------------------------------------------------------------------


class ApiError(Exception):
    def __init__(self, method, path, status, body):
        super().__init__(f"{method} {path} -> {status}: {body[:400]!r}")
        self.status = status


class Client:
    """Keep-alive HTTP/1.1, one connection per thread."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.local = threading.local()

    def _conn(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            self.local.conn = conn
        return conn

    def raw(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        for attempt in range(3):
            conn = self._conn()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                return response.status, dict(response.getheaders()), data
            except (http.client.HTTPException, ConnectionError, OSError):
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.2)
        raise AssertionError("unreachable")

    def call(self, method, path, body=None, token=None, expect=(200, 201, 202, 204)):
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token is not None:
            headers["Authorization"] = f"Bearer {token() if callable(token) else token}"
        status, _, payload = self.raw(method, path, data, headers)
        if status not in expect:
            raise ApiError(method, path, status, payload)
        return json.loads(payload) if payload else None


class Session:
    """A signed-in account; refreshes its 15-minute access token before it runs out."""

    def __init__(self, client, phone):
        self.client, self.phone = client, phone
        self.lock = threading.Lock()
        client.call("POST", "/api/v1/auth/sms-codes", {"phone": phone, "purpose": "login"})
        code = client.call("GET", f"/sandbox/sms/last?phone={phone}")["code"]
        session = client.call("POST", "/api/v1/auth/sign-in/sms", {
            "phone": phone, "code": code, "agree_terms": True, "token_delivery": "body"})
        self._take(session)
        self.user_id = session["user"]["id"]

    def _take(self, session):
        self.access, self.refresh = session["access_token"], session["refresh_token"]
        self.renew_at = time.monotonic() + 10 * 60

    def token(self):
        with self.lock:
            if time.monotonic() > self.renew_at:
                self._take(self.client.call("POST", "/api/v1/auth/refresh", {
                    "refresh_token": self.refresh, "token_delivery": "body"}))
            return self.access

    def call(self, method, path, body=None, **kw):
        return self.client.call(method, path, body, token=self.token, **kw)

    def upload(self, purpose, data, org_id=None):
        form = {"purpose": purpose, "file_name": f"{purpose}.bin", "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest()}
        if org_id:
            form["org_id"] = org_id
        upload = self.call("POST", "/api/v1/uploads", form)
        size = int(upload.get("chunk_size") or 1024 * 1024)
        for n in range(0, (len(data) + size - 1) // size):
            status, _, body = self.client.raw(
                "PUT", f"/api/v1/uploads/{upload['id']}/chunks/{n}", data[n * size:(n + 1) * size],
                {"Authorization": f"Bearer {self.token()}",
                 "Content-Type": "application/octet-stream"})
            if status != 204:
                raise ApiError("PUT", f"chunk {n}", status, body)
        return self.call("POST", f"/api/v1/uploads/{upload['id']}/complete")


# ---- seeding --------------------------------------------------------------------------------


def parallel(threads, fn, items, what):
    results = [None] * len(items)
    started, done = time.monotonic(), 0
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        futures = {pool.submit(fn, i, item): i for i, item in enumerate(items)}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
            done += 1
            if done % 200 == 0 or done == len(items):
                log(f"{what}: {done}/{len(items)} ({time.monotonic() - started:.1f} s)")
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--admin-phone", required=True, help="an existing super operator")
    ap.add_argument("--providers", type=int, default=50)
    ap.add_argument("--courses", type=int, default=1000)
    ap.add_argument("--owners", type=int, default=5)
    ap.add_argument("--lecturers-per-provider", type=int, default=3)
    ap.add_argument("--comments-per-course", type=int, default=2)
    ap.add_argument("--viewers", type=int, default=3)
    ap.add_argument("--video-mib", type=int, default=64, help="size of the P3 video")
    ap.add_argument("--fixture", default=os.path.join(os.path.dirname(__file__), "..",
                                                      "api", "fixtures", "video-655x368.mp4"))
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--out", required=True)
    ap.add_argument("--urls", help="also write P12's 1,000 mixed catalog URLs (catalog_urls.py) here")
    args = ap.parse_args()
    started = time.monotonic()
    client = Client(args.base)

    admin = Session(client, args.admin_phone)
    owners = [Session(client, f"1380013{n:04d}") for n in range(args.owners)]
    viewers = [Session(client, f"1370013{n:04d}") for n in range(args.viewers)]
    log(f"signed in: 1 operator, {len(owners)} owners, {len(viewers)} viewers")

    # Media, once per owner (reused for every provider, course and cover of that owner).
    with open(args.fixture, "rb") as f:
        fixture = f.read()
    big_video = padded_mp4(fixture, args.video_mib * 1024 * 1024, b"ketang-bench")
    media = []
    for n, owner in enumerate(owners):
        video = big_video if n == 0 else fixture
        media.append({
            "logo": owner.upload("provider_logo", png(185, 74, n))["id"],
            "cover": owner.upload("course_cover", png(386, 240, n))["id"],
            "video": owner.upload("course_video", video)["id"],
        })
    log(f"media uploaded; P3 video {len(big_video)} bytes")

    # Orgs → certified → provider applications → approved.
    def make_provider(i, _):
        owner = owners[i % len(owners)]
        org = owner.call("POST", "/api/v1/orgs", {
            "name": f"海南示例跨境贸易第{i + 1:03d}有限公司", "uscc": uscc(i),
            "legal_representative": "张三", "address": "海南省三亚市吉阳区迎宾路 1 号",
            "contact_phone": "0898-88888888"})
        admin.call("POST", f"/api/v1/admin/orgs/{org['id']}/certify")
        provider = owner.call("POST", f"/api/v1/orgs/{org['id']}/provider", {
            "name": f"示例云课堂{i + 1:03d}", "logo_media_id": media[i % len(owners)]["logo"],
            "intro": "专注跨境电商与数字贸易人才培养，提供视频课程、直播课程与线下实训。",
            "address": "三亚市吉阳区迎宾路 1 号", "contact_phone": "0898-88888888"})
        return {"org_id": org["id"], "provider_id": provider["id"], "owner": i % len(owners)}

    providers = parallel(args.threads, make_provider, list(range(args.providers)), "providers")
    approved = 0
    while True:
        queue = admin.call("GET", "/api/v1/admin/provider-reviews?status=pending&page_size=100")
        if not queue["items"]:
            break
        for item in queue["items"]:
            admin.call("POST", f"/api/v1/admin/provider-reviews/{item['revision_id']}/approve")
            approved += 1
    log(f"providers approved: {approved}")

    def make_lecturers(i, provider):
        owner = owners[provider["owner"]]
        provider["lecturers"] = [
            owner.call("POST", f"/api/v1/orgs/{provider['org_id']}/lecturers", {
                "name": f"讲师{i + 1:03d}{chr(ord('甲') + k)}", "gender": "female" if k % 2 else "male",
                "intro": "十年跨境电商实战经验"})["id"]
            for k in range(args.lecturers_per_provider)]
        return provider

    providers = parallel(args.threads, make_lecturers, providers, "lecturers")

    # Courses: create → submit → approve (the approval lists them).
    def make_course(n, _):
        provider = providers[n % len(providers)]
        owner = owners[provider["owner"]]
        code, name = CATEGORIES[n % len(CATEGORIES)]
        org = provider["org_id"]
        lecturers = provider["lecturers"]
        course = owner.call("POST", f"/api/v1/orgs/{org}/courses", {
            "title": title(n, name), "delivery": "video",
            "training_mode": "offline" if n % 10 == 9 else "online", "category_code": code,
            "cover_media_id": media[provider["owner"]]["cover"],
            "video_media_id": media[provider["owner"]]["video"],
            "intro": f"{name}：从入门到实战，结合海南自贸港政策与真实案例讲解（第 {n + 1} 讲）。",
            # Two lecturers each (one when the provider has one: the API refuses a repeat).
            "lecturer_ids": list(dict.fromkeys(
                [lecturers[n % len(lecturers)], lecturers[(n + 1) % len(lecturers)]]))})
        submitted = owner.call("POST", f"/api/v1/orgs/{org}/courses/{course['id']}/submit")
        admin.call("POST", f"/api/v1/admin/course-reviews/{submitted['revision']['id']}/approve")
        return {"id": course["id"], "owner": provider["owner"]}

    courses = parallel(args.threads, make_course, list(range(args.courses)), "courses")

    def make_comments(n, course):
        for k in range(args.comments_per_course):
            viewer = viewers[(n + k) % len(viewers)]
            viewer.call("POST", f"/api/v1/courses/{course['id']}/comments",
                        {"body": "讲得很清楚，案例实用。", "rating": 3 + (n + k) % 3})

    if viewers and args.comments_per_course:
        parallel(args.threads, make_comments, courses, "comments")

    listed = client.call("GET", "/api/v1/courses?page_size=1")["total"]
    public_providers = len(client.call("GET", "/api/v1/providers"))
    if listed != args.courses:
        raise SystemExit(f"seed: {listed} courses listed, expected {args.courses}")
    video_course = next(c["id"] for c in courses if c["owner"] == 0)
    if args.urls:
        urls = catalog_urls.mixed([c["id"] for c in courses], [p["provider_id"] for p in providers],
                                  listed)
        with open(args.urls, "w") as f:
            f.writelines(f"{url}\n" for url in urls)
        log(f"wrote {len(urls)} mixed catalog URLs to {args.urls}")
    out = {
        "courses": listed,
        "providers": public_providers,
        "provider_ids": [p["provider_id"] for p in providers],
        "course_ids": [c["id"] for c in courses],
        # The operator's live refresh token (rotated on use): seed_training.py signs in with it,
        # as the sandbox sends one SMS code per phone a minute.
        "admin_refresh_token": admin.refresh,
        "video_course_id": video_course,
        "video_sha256": hashlib.sha256(big_video).hexdigest(),
        "video_bytes": len(big_video),
        "seconds": round(time.monotonic() - started, 1),
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
    log(f"done: {listed} listed courses, {public_providers} public providers "
        f"in {out['seconds']} s")


if __name__ == "__main__":
    main()
