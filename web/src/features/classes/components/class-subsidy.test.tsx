import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import { problemReply, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';

import { classEnums, trainingClass } from '../testing/fixtures';
import { ClassSubsidy } from './class-subsidy';

const base = '/api/v1/orgs/o1/classes/c1';
const rules = { threshold_ms: 7_200_000, amount_per_student_fen: 80_000 };
const qualified = [{ student_id: 's1', name: '王伟', live_ms: 8_400_000 }];
const application = (status: string, note: string | null = null) => ({
  id: 'a1',
  class_id: 'c1',
  class_code: 'HN-2026-000021',
  class_name: '跨境电商运营班',
  org_name: '椰风培训',
  status,
  threshold_ms: 7_200_000,
  amount_per_student_fen: 80_000,
  qualified_count: 1,
  amount_fen: 80_000,
  qualified_students: qualified,
  note,
  applied_at: '2026-12-01T05:00:00Z',
  decided_at: status === 'pending' ? null : '2026-12-02T05:00:00Z',
});

function renderSubsidy(routes: Record<string, Route>, preview = qualified) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    [`${base}/subsidy-preview`]: {
      body: { rules, qualified: preview, amount_fen: 80_000 * preview.length },
    },
    ...routes,
  });
  renderWithProviders(<ClassSubsidy orgId="o1" item={trainingClass} canManage />);
  return { ...stub, user: userEvent.setup() };
}

describe('subsidy application', () => {
  beforeEach(() => startSession('token-1'));

  it('previews the amount in yuan, applies after confirming, and shows it pending', async () => {
    const { requests, user } = renderSubsidy({
      [`${base}/subsidy-application`]: (request) =>
        request.method === 'POST'
          ? { status: 201, body: application('pending') }
          : requests.some((r) => r.method === 'POST')
            ? { body: application('pending') }
            : problemReply(404, { code: 'not_found', title: '未找到' }),
    });

    expect(await screen.findByText('有效直播学时满 2 小时，每人 ¥800.00')).toBeInTheDocument();
    expect(screen.getByText('¥800.00')).toBeInTheDocument();
    expect(screen.getByText('王伟')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /申请临时性岗位补贴/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText(/补贴金额为 ¥800.00/)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /申请临时性岗位补贴/ }));

    expect(await screen.findByText('补贴申请已提交，等待平台审核')).toBeInTheDocument();
    expect(await screen.findByText('审核中')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /申请临时性岗位补贴/ })).toBeNull();
  });

  it('shows a rejection with the reviewer’s note and offers to apply again', async () => {
    renderSubsidy({
      [`${base}/subsidy-application`]: { body: application('rejected', '学员名单与实际不符') },
    });
    expect(await screen.findByText('申请未通过：学员名单与实际不符')).toBeInTheDocument();
    expect(screen.getByText('未通过')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /重新申请/ })).toBeInTheDocument();
  });

  it('does not offer to apply while nobody qualifies, naming the threshold', async () => {
    const { requests } = renderSubsidy(
      {
        [`${base}/subsidy-application`]: problemReply(404, { code: 'not_found', title: '未找到' }),
      },
      [],
    );
    expect(
      await screen.findByText('暂无学员的有效直播学时达到 2 小时，有学员达到后即可申请补贴。'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /申请临时性岗位补贴/ })).toBeDisabled();
    expect(requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('says why applying was refused', async () => {
    const { user } = renderSubsidy({
      [`${base}/subsidy-application`]: (request) =>
        request.method === 'POST'
          ? problemReply(409, {
              code: 'no_qualified_students',
              title: '暂无达到补贴条件的学员，请先更新学习记录',
            })
          : problemReply(404, { code: 'not_found', title: '未找到' }),
    });
    await user.click(await screen.findByRole('button', { name: /申请临时性岗位补贴/ }));
    await user.click(
      within(await screen.findByRole('tooltip')).getByRole('button', {
        name: /申请临时性岗位补贴/,
      }),
    );
    expect(await screen.findByText('暂无达到补贴条件的学员，请先更新学习记录')).toBeInTheDocument();
  });
});
