// Fails when src/types/api.d.ts is not what `npm run gen:api` makes of ../openapi.yaml.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ketang-api-types-'));
try {
  const fresh = join(dir, 'api.d.ts');
  execFileSync('npx', ['openapi-typescript', '../openapi.yaml', '-o', fresh], { stdio: 'pipe' });
  if (readFileSync(fresh, 'utf8') !== readFileSync('src/types/api.d.ts', 'utf8')) {
    console.error(
      'src/types/api.d.ts is out of date with openapi.yaml: run `npm run gen:api` (or `make openapi`) and commit it.',
    );
    process.exit(1);
  }
  console.log('src/types/api.d.ts matches openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
