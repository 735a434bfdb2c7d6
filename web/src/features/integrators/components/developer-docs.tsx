import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { env } from '@/config/env';
import { paths } from '@/config/paths';

import { eventKey, scopeKey, scopes, webhookEvents } from '../catalog';

// The examples are code, the same in both languages; `BASE` becomes this server's origin.
const examples = {
  apiKey: `curl -H "Authorization: Bearer kt_key_…" \\
  "BASE/api/v1/orgs/{org_id}/classes?page=1&page_size=20"`,
  token: `curl -u "$CLIENT_ID:$CLIENT_SECRET" \\
  -d grant_type=client_credentials \\
  BASE/api/v1/oauth/token
# {"access_token":"kt_at_…","token_type":"Bearer","expires_in":3600,"scope":"classes:read"}

curl -H "Authorization: Bearer kt_at_…" BASE/api/v1/orgs/{org_id}/classes`,
  problem: `HTTP/1.1 403 Forbidden
Content-Type: application/problem+json

{
  "type": "/problems/insufficient_scope",
  "title": "…",
  "status": 403,
  "code": "insufficient_scope",
  "request_id": "…"
}`,
  rateLimited: `HTTP/1.1 429 Too Many Requests
Retry-After: 12
RateLimit-Limit: 600
RateLimit-Remaining: 0
RateLimit-Reset: 12`,
  idempotency: `curl -X POST -H "Authorization: Bearer kt_key_…" \\
  -H "Idempotency-Key: 7b0e3c2a-…" -H "Content-Type: application/json" \\
  -d '{…}' BASE/api/v1/orgs/{org_id}/membership/payments`,
  node: `// npm install standardwebhooks — or, by hand, as below.
import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the body exactly as received (string or Buffer), not re-serialised JSON.
export function verifyKetangWebhook(headers, rawBody, secret) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected =
    'v1,' + createHmac('sha256', key).update(\`\${id}.\${timestamp}.\${rawBody}\`).digest('base64');
  // Several signatures may be sent (space-separated) while a secret is rotated.
  return (headers['webhook-signature'] ?? '')
    .split(' ')
    .some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), Buffer.from(expected)));
}`,
  python: `# pip install standardwebhooks
from standardwebhooks.webhooks import Webhook

def verify_ketang_webhook(headers, raw_body: bytes, secret: str) -> dict:
    # Raises WebhookVerificationError for a bad signature or a stale timestamp.
    return Webhook(secret).verify(raw_body, headers)`,
};

/** A code block that scrolls sideways inside itself, so a phone page never does. */
function Code({ title, children }: { title?: string; children: string }) {
  return (
    <>
      {title && <Typography.Text strong>{title}</Typography.Text>}
      <pre
        className="developer-code"
        style={{ whiteSpace: 'pre', overflowX: 'auto', maxWidth: '100%', wordWrap: 'normal' }}
      >
        <code>{children.replaceAll('BASE', env.apiBaseUrl)}</code>
      </pre>
    </>
  );
}

/** A translated sentence whose `<c>…</c>` parts are inline code. */
function Text({ i18nKey }: { i18nKey: string }) {
  return <Trans i18nKey={i18nKey} components={{ c: <Typography.Text code /> }} />;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id}>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

/**
 * 开发者文档 (SPEC §9): how an integrator gets a credential, authenticates, and what the API's
 * conventions (scopes, limits, pages, errors, idempotency, webhooks) mean for them. The
 * endpoint-by-endpoint reference is the server's interactive `/docs/`.
 */
export function DeveloperDocs() {
  const { t } = useTranslation();
  return (
    <Typography style={{ maxWidth: 860 }}>
      <Typography.Paragraph>
        <Text i18nKey="integrators.docs.intro" />
      </Typography.Paragraph>
      <Typography.Paragraph>
        {t('integrators.docs.interactive')} <a href="/docs/">{t('integrators.apiDocsLink')}</a>
      </Typography.Paragraph>

      <Section id="credentials" title={t('integrators.docs.getKey.title')}>
        <Typography.Paragraph>{t('integrators.docs.getKey.text')}</Typography.Paragraph>
        <Typography.Paragraph>
          <Link to={paths.developerAccess.href()}>{t('integrators.docs.getKey.open')}</Link>
        </Typography.Paragraph>
      </Section>

      <Section id="authentication" title={t('integrators.docs.auth.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.auth.apiKey" />
        </Typography.Paragraph>
        <Code title={t('integrators.docs.examples.curl')}>{examples.apiKey}</Code>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.auth.oauth" />
        </Typography.Paragraph>
        <Code title={t('integrators.docs.examples.token')}>{examples.token}</Code>
      </Section>

      <Section id="scopes" title={t('integrators.docs.scopes.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.scopes.text" />
        </Typography.Paragraph>
        <ul>
          {scopes.map((scope) => (
            <li key={scope}>
              <Typography.Text code>{scope}</Typography.Text> {t(scopeKey(scope))}
            </li>
          ))}
        </ul>
      </Section>

      <Section id="rate-limits" title={t('integrators.docs.rateLimits.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.rateLimits.text" />
        </Typography.Paragraph>
        <Code>{examples.rateLimited}</Code>
      </Section>

      <Section id="pagination" title={t('integrators.docs.pagination.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.pagination.text" />
        </Typography.Paragraph>
      </Section>

      <Section id="errors" title={t('integrators.docs.errors.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.errors.text" />
        </Typography.Paragraph>
        <Code>{examples.problem}</Code>
      </Section>

      <Section id="idempotency" title={t('integrators.docs.idempotency.title')}>
        <Typography.Paragraph>
          <Text i18nKey="integrators.docs.idempotency.text" />
        </Typography.Paragraph>
        <Code>{examples.idempotency}</Code>
      </Section>

      <Section id="webhooks" title={t('integrators.docs.webhooks.title')}>
        <Typography.Paragraph>{t('integrators.docs.webhooks.text')}</Typography.Paragraph>
        <ul>
          <li>
            <Text i18nKey="integrators.docs.webhooks.id" />
          </li>
          <li>
            <Text i18nKey="integrators.docs.webhooks.timestamp" />
          </li>
          <li>
            <Text i18nKey="integrators.docs.webhooks.signature" />
          </li>
        </ul>
        <Typography.Paragraph>{t('integrators.docs.webhooks.retry')}</Typography.Paragraph>
        <Typography.Paragraph>{t('integrators.docs.webhooks.events')}</Typography.Paragraph>
        <ul>
          {webhookEvents.map((event) => (
            <li key={event}>
              <Typography.Text code>{event}</Typography.Text> {t(eventKey(event))}
            </li>
          ))}
        </ul>
        <Code title={t('integrators.docs.examples.node')}>{examples.node}</Code>
        <Code title={t('integrators.docs.examples.python')}>{examples.python}</Code>
      </Section>
    </Typography>
  );
}
