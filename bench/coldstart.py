#!/usr/bin/env python3
"""P7: cold start to the first `/readyz` 200. Starts the given server command `--runs` times
(each after the previous one has exited), polls `/readyz` every 5 ms from the moment the
process is spawned, stops it with SIGTERM, and writes the times (ms) and their median as JSON.

    bench/coldstart.py --port 18302 --cwd DATA_DIR --out p7.json -- env … ketang serve
"""

import argparse
import http.client
import json
import signal
import statistics
import subprocess
import sys
import time


def ready(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        conn.request("GET", "/readyz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def one_start(command, cwd, port, log):
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=log)
    try:
        while True:
            if ready(port):
                return (time.perf_counter() - started) * 1000
            if process.poll() is not None:
                raise SystemExit(f"coldstart: the server exited with {process.returncode}")
            if time.perf_counter() - started > 60:
                raise SystemExit("coldstart: not ready after 60 s")
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cwd", default=".")
    ap.add_argument("--log", default="/dev/null")
    ap.add_argument("--out", required=True)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if ready(args.port):
        raise SystemExit(f"coldstart: something already answers on port {args.port}")
    times = []
    with open(args.log, "ab") as log:
        for _ in range(args.runs):
            times.append(round(one_start(command, args.cwd, args.port, log), 1))
            time.sleep(0.5)
    result = {"runs_ms": times, "median_ms": round(statistics.median(times), 1)}
    with open(args.out, "w") as f:
        json.dump(result, f)
    print(f"P7 cold start to /readyz 200: {result['median_ms']} ms (runs: {times})", file=sys.stderr)


if __name__ == "__main__":
    main()
