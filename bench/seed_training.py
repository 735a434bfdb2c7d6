#!/usr/bin/env python3
"""Seeds the signed-in reads of P8 (issue 24) into a server that `seed.py` has seeded, through
the public HTTP API only: an org owner signed in by SMS (sandbox), a certified org with
`--classes` training classes, the newest of which holds `--students` students (one xlsx
import of the template's five columns, written here with zipfile), and `--extra-users`
more SMS sign-ins so the operator's user list has a full first page.

    bench/seed_training.py --base http://127.0.0.1:18300 --seed seed.json --out training.json

The operator signs in with `seed.json`'s refresh token (the sandbox sends a phone one SMS code
a minute; the operator had one for seed.py). Writes the ids and both accounts' refresh
tokens; `tokens.py` turns those into fresh access tokens right before each load (access
tokens live 15 minutes). Refresh tokens rotate: after this, only `training.json` holds the
operator's live one. Standard library only.
"""

import argparse
import io
import json
import sys
import threading
import time
import zipfile
from xml.sax.saxutils import escape

import seed
from seed import Client, Session, log, parallel

OWNER_PHONE = "13600130000"
RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


class RefreshedSession(Session):
    """An account already signed in elsewhere, continued from its refresh token."""

    def __init__(self, client, refresh_token):  # pylint: disable=super-init-not-called
        self.client, self.phone = client, None
        self.lock = threading.Lock()
        self.access, self.refresh, self.renew_at = None, refresh_token, 0.0  # refresh at once
        self.user_id = None


def resident_id(n):
    """A valid 18-digit resident ID (GB 11643 check digit), distinct for each n < 1,000,000."""
    body = f"460200{1970 + n // 100000 % 30}{1 + n // 10000 % 10:02d}{1 + n // 1000 % 10:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, RESIDENT_WEIGHTS)) % 11]


def roster_xlsx(students):
    """A minimal xlsx (inline strings, one sheet) with the template's five columns."""
    header = ["姓名", "性别", "身份证号", "手机号", "文化程度"]
    rows = [header] + students

    def cell(r, c, text):
        return f'<c r="{"ABCDE"[c]}{r}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + "".join(f'<row r="{r}">{"".join(cell(r, c, t) for c, t in enumerate(row))}</row>'
                       for r, row in enumerate(rows, start=1))
             + "</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="学员" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            book.writestr(name, text)
    return buffer.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", required=True, help="http://127.0.0.1:PORT")
    ap.add_argument("--seed", required=True, help="seed.py's output (the operator's refresh token)")
    ap.add_argument("--classes", type=int, default=1000)
    ap.add_argument("--students", type=int, default=1000)
    ap.add_argument("--extra-users", type=int, default=15)
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    started = time.monotonic()
    client = Client(args.base)
    with open(args.seed) as f:
        admin = RefreshedSession(client, json.load(f)["admin_refresh_token"])
    owner = Session(client, OWNER_PHONE)

    org = owner.call("POST", "/api/v1/orgs", {
        "name": "海南示例职业培训学校有限公司", "uscc": seed.uscc(900),
        "legal_representative": "李四", "address": "海南省海口市美兰区国兴大道 5 号",
        "contact_phone": "0898-66666666"})
    admin.call("POST", f"/api/v1/admin/orgs/{org['id']}/certify")
    class_type = client.call("GET", "/api/v1/class-types")[0]["code"]
    log(f"org {org['id']} certified; classes of type {class_type}")

    def make_class(n, _):
        return owner.call("POST", f"/api/v1/orgs/{org['id']}/classes", {
            "name": f"跨境电商实操{n + 1:04d}班", "class_type_code": class_type,
            "training_mode": "live", "platform": "dingtalk"})["id"]

    # All but one in parallel, then the students' class: the newest, first in the list.
    parallel(args.threads, make_class, list(range(args.classes - 1)), "classes")
    student_class = make_class(args.classes - 1, None)
    students = [[f"学员{n + 1:04d}", "男" if n % 2 else "女", resident_id(n), f"139{n:08d}",
                 ("本科", "大专", "高中", "硕士")[n % 4]] for n in range(args.students)]
    status, _, body = client.raw(
        "POST", f"/api/v1/orgs/{org['id']}/classes/{student_class}/students/import",
        roster_xlsx(students),
        {"Authorization": f"Bearer {owner.token()}", "Accept": "application/json",
         "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    outcome = json.loads(body)
    if status != 200 or outcome.get("imported") != args.students:
        raise SystemExit(f"seed_training: import answered {status}: {body[:600]!r}")
    log(f"imported {outcome['imported']} students into class {student_class}")

    for n in range(args.extra_users):
        Session(client, f"1350013{n:04d}")
    classes = owner.call("GET", f"/api/v1/orgs/{org['id']}/classes?page_size=1")["total"]
    listed = owner.call(
        "GET", f"/api/v1/orgs/{org['id']}/classes/{student_class}/students?page_size=1")["total"]
    users = admin.call("GET", "/api/v1/admin/users?page_size=1")["total"]
    if classes != args.classes or listed != args.students:
        raise SystemExit(f"seed_training: {classes} classes, {listed} students listed")
    out = {
        "org_id": org["id"], "class_id": student_class, "classes": classes, "students": listed,
        "users": users, "owner_refresh_token": owner.refresh,
        "admin_refresh_token": admin.refresh,
        "seconds": round(time.monotonic() - started, 1),
    }
    with open(args.out, "w") as f:
        json.dump(out, f)
    log(f"done: {classes} classes, {listed} students in one, {users} users, in {out['seconds']} s")


if __name__ == "__main__":
    sys.exit(main())
