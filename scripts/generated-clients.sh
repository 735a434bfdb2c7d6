#!/usr/bin/env bash
# Generates the clients integrators generate from the committed openapi.yaml and proves they
# work: the Python client (openapi-python-client, from PyPI), every module imported; and the
# TypeScript SDK of @hey-api/openapi-ts (npm), compiled strictly with a small program that
# calls it. A spec a generator chokes on fails here. (openapi-typescript + openapi-fetch is
# the SPA's own client: `npm run gen:api` + the SPA's typecheck.)
# It warns about file *responses* (xlsx, PDF), which it returns as raw bytes; it must generate
# every endpoint (the xlsx import takes `application/octet-stream`, a File in the client).
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
  cat "$out/log" >&2
  echo "generated-clients: endpoints the generator skipped" >&2
  exit 1
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
# The student import takes the workbook as a file.
import inspect
from ketang_client.api.training import import_
from ketang_client.types import File
assert inspect.signature(import_.sync).parameters["body"].annotation in (File, "File"), inspect.signature(import_.sync)
print(f"generated-clients: the Python client imports ({len(modules)} modules)")
PY

# The TypeScript SDK integrators generate with @hey-api/openapi-ts, and a program using it.
"$PWD/web/node_modules/.bin/openapi-ts" -i "$PWD/openapi.yaml" -o "$out/ts/client" >"$out/ts.log" 2>&1 || {
  cat "$out/ts.log" >&2
  echo "generated-clients: @hey-api/openapi-ts could not generate a client" >&2
  exit 1
}
cat >"$out/ts/usage.ts" <<'TS'
import { client } from './client/client.gen';
import { currentDocument, getEnums, signInWithSms, issueOauthToken } from './client/sdk.gen';
import type { LegalDocument, Session, XlsxBytes } from './client/types.gen';

client.setConfig({ baseUrl: 'https://ketang.example.cn' });

export async function signIn(phone: string, code: string): Promise<Session | undefined> {
  const terms = await currentDocument({ path: { kind: 'terms' } });
  const shown: LegalDocument | undefined = terms.data;
  const { data } = await signInWithSms({
    body: { phone, code, agree_terms: true, terms_version: shown?.version, token_delivery: 'body' },
  });
  return data;
}

export async function token(id: string, secret: string) {
  return issueOauthToken({ body: { grant_type: 'client_credentials', client_id: id, client_secret: secret } });
}

export const enums = () => getEnums();
export const importBody = (file: Blob): XlsxBytes => file;
TS
cat >"$out/ts/tsconfig.json" <<'JSON'
{
  "compilerOptions": {
    "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "strict": true,
    "noEmit": true, "skipLibCheck": true, "lib": ["ES2022", "DOM", "DOM.Iterable"]
  },
  "include": ["client/**/*.ts", "usage.ts"]
}
JSON
"$PWD/web/node_modules/.bin/tsc" -p "$out/ts/tsconfig.json" || {
  echo "generated-clients: the @hey-api/openapi-ts SDK does not compile" >&2
  exit 1
}
echo "generated-clients: the @hey-api/openapi-ts SDK compiles ($(grep -c '^export const' "$out/ts/client/sdk.gen.ts") operations)"
