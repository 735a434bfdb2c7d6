#!/usr/bin/env bash
# Generates the Python client integrators generate (openapi-python-client, from PyPI) from the
# committed openapi.yaml and imports every module of it: a spec a generator chokes on fails
# here. (The TypeScript client is the SPA's own: `npm run gen:api` + the SPA's typecheck.)
# File bodies (xlsx, PDF) are outside what openapi-python-client supports; it skips them
# with a warning, which is expected.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=${OPENAPI_PYTHON_CLIENT:-.venv/bin/openapi-python-client}
python=${PYTHON:-.venv/bin/python}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$generator" generate --path openapi.yaml --output-path "$out/ketang_client" --meta none >"$out/log" 2>&1 || {
  cat "$out/log" >&2
  echo "generated-clients: openapi-python-client could not generate a client" >&2
  exit 1
}
if grep -q "Endpoint will not be generated" "$out/log"; then
  skipped=$(grep -c "Endpoint will not be generated" "$out/log")
  # Only the xlsx import (an xlsx request body) is expected to be skipped.
  if [[ "$skipped" != 1 ]] || ! grep -q "POST /api/v1/orgs/{org_id}/classes/{class_id}/students/import" "$out/log"; then
    cat "$out/log" >&2
    echo "generated-clients: endpoints the generator skipped" >&2
    exit 1
  fi
fi
PYTHONPATH="$out" "$python" - <<'PY'
import importlib, pkgutil
import ketang_client
modules = [m.name for m in pkgutil.walk_packages(ketang_client.__path__, "ketang_client.")]
for name in modules:
    importlib.import_module(name)
import datetime
from ketang_client.models import WebhookDelivery
# Times arrive as datetimes (the spec's date-time formats), not strings.
delivery = WebhookDelivery.from_dict({"id": "d1", "event": "ping", "status": "pending", "attempts": 0,
    "payload": "{}", "created_at": "2026-12-06T08:00:00Z", "next_attempt_at": None})
assert isinstance(delivery.created_at, datetime.datetime), type(delivery.created_at)
print(f"generated-clients: the Python client imports ({len(modules)} modules)")
PY
