import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import { problemReply, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';

import { classEnums, trainingClass } from '../testing/fixtures';
import { ClassCertificate } from './class-certificate';

const base = '/api/v1/orgs/o1/classes/c1';
const certificate = (serial: string) => ({
  serial,
  status: 'valid',
  verify_url: `http://127.0.0.1:8080/verify/${serial}`,
  pdf_url: `${base}/certificate.pdf`,
  issued_at: '2026-12-01T05:00:00Z',
});
const none = problemReply(404, { code: 'not_found', title: '未找到' });

function renderCertificate(routes: Record<string, Route>, canManage = true) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    ...routes,
  });
  renderWithProviders(<ClassCertificate orgId="o1" item={trainingClass} canManage={canManage} />);
  return { ...stub, user: userEvent.setup() };
}

describe('certificate tab', () => {
  beforeEach(() => startSession('token-1'));

  it('shows the current certificate on load, and regenerating revokes it for a new serial', async () => {
    const { requests, user } = renderCertificate({
      [`${base}/certificate`]: (request) =>
        request.method === 'POST'
          ? { status: 201, body: certificate('KT-NEW222') }
          : { body: certificate('KT-OLD111') },
    });

    expect(await screen.findByText('KT-OLD111')).toBeInTheDocument();
    expect(screen.getByText('有效')).toBeInTheDocument();
    expect(screen.getByText(/2026/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /verify\/KT-OLD111/ })).toHaveAttribute(
      'href',
      '/verify/KT-OLD111',
    );
    expect(screen.getByRole('button', { name: /下载电子凭证/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /重新生成电子凭证/ }));
    expect(await screen.findByText('KT-NEW222')).toBeInTheDocument();
    expect(screen.queryByText('KT-OLD111')).not.toBeInTheDocument();
    expect(
      await screen.findByText('已生成新的电子凭证，原凭证 KT-OLD111 已作废'),
    ).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('says none is issued yet (404), and the first one shows once generated', async () => {
    const { user } = renderCertificate({
      [`${base}/certificate`]: (request) =>
        request.method === 'POST' ? { status: 201, body: certificate('KT-FIRST1') } : none,
    });

    expect(await screen.findByText(/还没有生成电子凭证/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /下载电子凭证/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /生成电子凭证/ }));
    expect(await screen.findByText('KT-FIRST1')).toBeInTheDocument();
    expect(await screen.findByText('已生成电子凭证')).toBeInTheDocument();
  });

  it('shows staff the current certificate read-only', async () => {
    renderCertificate({ [`${base}/certificate`]: { body: certificate('KT-OLD111') } }, false);

    expect(await screen.findByText('KT-OLD111')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /生成电子凭证/ })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /下载电子凭证/ })).toBeInTheDocument();
    expect(screen.getByText(/需要企业所有者或管理员/)).toBeInTheDocument();
  });

  it('tells staff to ask a manager when there is none', async () => {
    renderCertificate({ [`${base}/certificate`]: none }, false);

    expect(
      await screen.findByText('还没有生成电子凭证，请联系企业所有者或管理员生成。'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
