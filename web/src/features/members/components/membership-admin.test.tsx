import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { startSession } from '@/lib/session';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { levels, membership, page, payment, userTypes } from '../testing/fixtures';
import { MemberReviewDetail } from './member-review-detail';
import { MembershipSettings } from './membership-settings';
import { OfflinePaymentQueue } from './offline-payment-queue';

function setUp(routes: Record<string, Route>) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/admin/member-vocabularies/level': { body: levels },
    '/api/v1/admin/member-vocabularies/tag': { body: [] },
    '/api/v1/admin/member-vocabularies/user_type': { body: userTypes },
    ...routes,
  });
  const writes = () => stub.requests.filter((r) => r.method !== 'GET');
  return { ...stub, writes, user: userEvent.setup() };
}

describe('membership administration', () => {
  it('approves a registration with a level', async () => {
    const onDecided = vi.fn();
    const { writes, user } = setUp({
      '/api/v1/admin/memberships/m1': { body: membership({ status: 'pending', level: null }) },
      '/api/v1/admin/memberships/m1/decision': { body: membership() },
    });
    renderWithProviders(<MemberReviewDetail membershipId="m1" onDecided={onDecided} />);

    expect(await screen.findByText('海南会员测试单位')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /通\s*过/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByLabelText('会员等级'));
    await user.click(await screen.findByTitle('理事单位'));
    await user.click(within(dialog).getByRole('button', { name: /通\s*过/ }));

    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'approve', level_id: 'lv-council' });
  });

  it('needs a reason to reject, then sends it', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/memberships/m1': { body: membership({ status: 'pending' }) },
      '/api/v1/admin/memberships/m1/decision': { body: membership({ status: 'rejected' }) },
    });
    renderWithProviders(<MemberReviewDetail membershipId="m1" onDecided={() => undefined} />);
    await user.click(await screen.findByRole('button', { name: /驳\s*回/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await within(dialog).findByText('请填写驳回原因')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('驳回原因'), '营业执照不清晰');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'reject', reason: '营业执照不清晰' });
  });

  it('confirms an offline payment after a confirmation, showing its voucher', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': { body: page([payment()]) },
      '/api/v1/admin/member-payments/p1/decision': { body: payment({ status: 'confirmed' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
      />,
    );
    const voucher = await screen.findByRole('link', { name: /查看凭证/ });
    expect(voucher.getAttribute('href')).toMatch(/\/media\/media-1\?expires=1&signature=x$/);
    expect(screen.getByText('¥1,234.50')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '确认 海南会员测试单位 · 2026 年度' }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', { name: /确\s*认/ }),
    );
    expect(await screen.findByText('已确认缴费')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'confirm' });
  });

  it('rejects an offline payment with a reason', async () => {
    const { writes, user } = setUp({
      '/api/v1/admin/member-payments': { body: page([payment()]) },
      '/api/v1/admin/member-payments/p1/decision': { body: payment({ status: 'rejected' }) },
    });
    renderWithProviders(
      <OfflinePaymentQueue
        filter={{ status: 'submitted', page: 1, page_size: 20 }}
        onFilterChange={() => undefined}
      />,
    );
    await user.click(
      await screen.findByRole('button', { name: '驳回 海南会员测试单位 · 2026 年度' }),
    );
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('驳回原因'), '金额与到账不符');
    await user.click(within(dialog).getByRole('button', { name: /驳\s*回/ }));
    expect(await screen.findByText('已驳回线下缴费')).toBeInTheDocument();
    expect(await bodyOf(writes()[0])).toEqual({ decision: 'reject', reason: '金额与到账不符' });
  });

  it('shows a duplicate name under the field when adding a level', async () => {
    const { user } = setUp({});
    stubApi({
      '/api/v1/admin/member-vocabularies/level': (request) =>
        request.method === 'GET'
          ? { body: levels }
          : problemReply(409, { code: 'already_exists', title: '名称已存在' }),
      '/api/v1/admin/member-fees': { body: [] },
    });
    renderWithProviders(<MembershipSettings canEdit />);
    await user.click(await screen.findByRole('tab', { name: '会员等级' }));
    await user.click(await screen.findByRole('button', { name: /新\s*增/ }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('名称'), '理事单位');
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    expect(await within(dialog).findByText('名称已存在')).toBeInTheDocument();
  });

  it('lets other operators read the settings without changing them', async () => {
    setUp({ '/api/v1/admin/member-fees': { body: [] } });
    renderWithProviders(<MembershipSettings canEdit={false} />);
    expect(await screen.findByText('只有超级管理员可以修改会员设置。')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /保\s*存/ })).not.toBeInTheDocument();
  });
});
