import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { endSession, getSession, startSession } from '@/lib/session';
import { legalDocument } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { ReconsentModal } from './reconsent-modal';

const agreement = (kind: 'terms' | 'privacy' | 'charter', agreed: number | null, current = 1) => ({
  kind,
  current_version: current,
  current_title: { terms: '平台法律声明', privacy: '隐私政策', charter: '协会章程' }[kind],
  agreed_version: agreed,
  agreed_at: agreed === null ? null : '2026-11-22T08:00:00Z',
  up_to_date: agreed === current,
});
const upToDate = [agreement('terms', 2, 2), agreement('privacy', 1)];

function renderModal(routes: Record<string, Route>) {
  const stub = stubApi(routes);
  renderWithProviders(<ReconsentModal />);
  const calls = (method: string, path: string) =>
    stub.requests.filter((r) => r.method === method && new URL(r.url).pathname === path);
  return { calls, user: userEvent.setup() };
}

describe('asking a signed-in user to agree to new versions', () => {
  it('asks nothing of a visitor, and never reads their agreements', async () => {
    endSession();
    const { calls } = renderModal({ '/api/v1/me/agreements': { body: [] } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls('GET', '/api/v1/me/agreements')).toHaveLength(0);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('asks nothing of a user who agreed to every current version', async () => {
    startSession('token-1');
    const { calls } = renderModal({ '/api/v1/me/agreements': { body: upToDate } });
    await vi.waitFor(() => expect(calls('GET', '/api/v1/me/agreements')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows an updated text with what changed, and records the version shown', async () => {
    startSession('token-1');
    const { calls, user } = renderModal({
      '/api/v1/me/agreements': (request) =>
        request.method === 'POST'
          ? { status: 204 }
          : // Asked again after agreeing: now up to date.
            { body: calls('POST', '/api/v1/me/agreements').length ? upToDate : outdated },
      '/api/v1/legal/terms': {
        body: legalDocument('terms', 2, { change_note: '新增第八条：人工智能生成内容的标识。' }),
      },
    });
    const outdated = [agreement('terms', 1, 2), agreement('privacy', 1)];

    const dialog = await screen.findByRole('dialog', { name: '平台条款已更新' });
    expect(within(dialog).getByText(/《平台法律声明》已更新/)).toBeInTheDocument();
    expect(
      await within(dialog).findByText('新增第八条：人工智能生成内容的标识。'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/依据中华人民共和国法律订立（第 2 版）/)).toBeInTheDocument();
    // Blocking: no close button, Escape does nothing.
    expect(within(dialog).queryByRole('button', { name: /close|关闭/i })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: '平台条款已更新' })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: '同意并继续' }));

    await vi.waitFor(() =>
      expect(screen.queryByRole('dialog', { name: '平台条款已更新' })).not.toBeInTheDocument(),
    );
    const posts = calls('POST', '/api/v1/me/agreements');
    expect(posts).toHaveLength(1);
    expect(await bodyOf(posts[0])).toEqual({ kind: 'terms', version: 2 });
  });

  it('asks an account that never agreed for each text, one tab each', async () => {
    startSession('token-1');
    const { calls, user } = renderModal({
      '/api/v1/me/agreements': (request) =>
        request.method === 'POST'
          ? { status: 204 }
          : {
              body:
                calls('POST', '/api/v1/me/agreements').length === 2
                  ? [agreement('terms', 1), agreement('privacy', 1)]
                  : [agreement('terms', null), agreement('privacy', null)],
            },
      '/api/v1/legal/terms': { body: legalDocument('terms', 1) },
      '/api/v1/legal/privacy': { body: legalDocument('privacy', 1) },
    });

    const dialog = await screen.findByRole('dialog', { name: '请阅读并同意平台条款' });
    expect(within(dialog).getByRole('tab', { name: '平台法律声明' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('tab', { name: '隐私政策' }));
    expect(await within(dialog).findByText(/本隐私政策依据/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '同意并继续' }));

    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const bodies = await Promise.all(calls('POST', '/api/v1/me/agreements').map(bodyOf));
    expect(bodies).toEqual([
      { kind: 'terms', version: 1 },
      { kind: 'privacy', version: 1 },
    ]);
  });

  it('shows the newer text when another version came out while this one was read', async () => {
    startSession('token-1');
    const { calls, user } = renderModal({
      '/api/v1/me/agreements': (request) =>
        request.method === 'POST'
          ? calls('POST', '/api/v1/me/agreements').length === 1
            ? problemReply(409, {
                code: 'legal_version_outdated',
                title: '条款已更新，请阅读最新版本后再同意',
              })
            : { status: 204 }
          : {
              body:
                calls('POST', '/api/v1/me/agreements').length === 2
                  ? [agreement('terms', 3, 3), agreement('privacy', 1)]
                  : [agreement('terms', 1, calls('GET', '/api/v1/legal/terms').length > 1 ? 3 : 2)],
            },
      '/api/v1/legal/terms': [
        { body: legalDocument('terms', 2) },
        { body: legalDocument('terms', 3, { body: '第三版全文。' }) },
      ],
    });

    const dialog = await screen.findByRole('dialog', { name: '平台条款已更新' });
    await within(dialog).findByText(/（第 2 版）/);
    await user.click(within(dialog).getByRole('button', { name: '同意并继续' }));

    expect(await within(dialog).findByText('第三版全文。')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('条款已更新');
    await user.click(within(dialog).getByRole('button', { name: '同意并继续' }));

    await vi.waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const bodies = await Promise.all(calls('POST', '/api/v1/me/agreements').map(bodyOf));
    expect(bodies).toEqual([
      { kind: 'terms', version: 2 },
      { kind: 'terms', version: 3 },
    ]);
  });

  it('signs out instead, for a user who does not agree', async () => {
    startSession('token-1');
    const { calls, user } = renderModal({
      '/api/v1/me/agreements': { body: [agreement('terms', 1, 2)] },
      '/api/v1/legal/terms': { body: legalDocument('terms', 2) },
      '/api/v1/auth/sign-out': { status: 204 },
    });

    const dialog = await screen.findByRole('dialog', { name: '平台条款已更新' });
    await user.click(within(dialog).getByRole('button', { name: /退出登录/ }));

    await vi.waitFor(() => expect(getSession().status).toBe('signed-out'));
    expect(calls('POST', '/api/v1/auth/sign-out')).toHaveLength(1);
    expect(calls('POST', '/api/v1/me/agreements')).toHaveLength(0);
  });
});
