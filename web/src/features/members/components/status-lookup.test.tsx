import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Reply,
} from '@/testing/test-utils';

import { StatusLookup } from './status-lookup';

async function lookUp(reply: Reply, account = '91460100ma5tdem28d') {
  const stub = stubApi({ '/api/v1/memberships/status': reply });
  renderWithProviders(<StatusLookup />);
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('统一社会信用代码或联系人手机号'), account);
  await user.click(screen.getByRole('button', { name: /查\s*询/ }));
  return stub;
}

describe('StatusLookup', () => {
  it('shows a pending registration, asking by the USCC in capitals', async () => {
    const { requests } = await lookUp({ body: { status: 'pending', reject_reason: null } });
    expect(await screen.findByText('审核中')).toBeInTheDocument();
    expect(screen.getByText(/正在审核中/)).toBeInTheDocument();
    expect(await bodyOf(requests[0])).toEqual({ account: '91460100MA5TDEM28D' });
  });

  it('gives the reason of a rejection', async () => {
    await lookUp({ body: { status: 'rejected', reject_reason: '营业执照不清晰' } }, '13800000002');
    expect(await screen.findByText('未通过原因：营业执照不清晰')).toBeInTheDocument();
  });

  it('links an approved unit to the member sign-in', async () => {
    await lookUp({ body: { status: 'approved' } });
    expect(await screen.findByRole('link', { name: '去登录' })).toHaveAttribute(
      'href',
      '/membership/login',
    );
  });

  it('says when nothing matches', async () => {
    await lookUp(problemReply(404, { code: 'not_found', title: '不存在' }));
    expect(await screen.findByText('未查询到注册信息')).toBeInTheDocument();
  });

  it('says when to try again after too many look-ups', async () => {
    await lookUp(
      problemReply(429, { code: 'rate_limited', title: '请求过于频繁' }, { 'Retry-After': '1500' }),
    );
    expect(await screen.findByText('查询过于频繁，请约 25 分钟后再试')).toBeInTheDocument();
  });
});
