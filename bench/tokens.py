#!/usr/bin/env python3
"""Fresh access tokens for the signed-in loads (P8): exchanges the refresh tokens that
`seed_training.py` wrote (`owner_refresh_token`, `admin_refresh_token`) through
`POST /api/v1/auth/refresh`, stores their successors back in the file (refresh tokens
rotate) and prints `OWNER_ACCESS_TOKEN ADMIN_ACCESS_TOKEN`. Access tokens live 15 minutes;
run.sh calls this right before each load.

    bench/tokens.py --base http://127.0.0.1:18300 training.json
"""

import argparse
import json
import os

from seed import Client


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("file")
    args = ap.parse_args()
    client = Client(args.base)
    with open(args.file) as f:
        data = json.load(f)
    access = []
    for who in ("owner", "admin"):
        session = client.call("POST", "/api/v1/auth/refresh", {
            "refresh_token": data[f"{who}_refresh_token"], "token_delivery": "body"})
        data[f"{who}_refresh_token"] = session["refresh_token"]
        access.append(session["access_token"])
    with open(args.file + ".tmp", "w") as f:
        json.dump(data, f)
    os.replace(args.file + ".tmp", args.file)
    print(*access)


if __name__ == "__main__":
    main()
