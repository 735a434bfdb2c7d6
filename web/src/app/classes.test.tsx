import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it } from 'vitest';

import { classEnums, page, trainingClass } from '@/features/classes/testing/fixtures';
import { me, session, unreadReply } from '@/testing/fixtures';
import { bodyOf, problemReply, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { AppProvider } from './provider';
import { routes } from './router';

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 8000 };

const org = {
  id: 'o1',
  name: '椰风培训有限公司',
  uscc: '91460200MA5RCN2P6M',
  legal_representative: '李四',
  address: '',
  contact_phone: '',
  certification: 'uncertified',
  created_at: '2026-11-20T08:00:00Z',
  my_role: 'owner',
};
const classTypes = [
  { code: 'enterprise_staff', name_zh: '企业职工培训', name_en: 'Enterprise staff training' },
];

function renderApp(path: string, routesOfApi: Record<string, Route>, signedIn = true) {
  const stub = stubApi({
    '/api/v1/auth/refresh': signedIn
      ? { body: session('token-1') }
      : problemReply(401, { code: 'unauthorized', title: '请先登录' }),
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    '/api/v1/messages': unreadReply(0),
    ...routesOfApi,
  });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...stub, router, user: userEvent.setup() };
}

describe('training classes', () => {
  it('lists the classes with every column and creates one, showing why 腾讯乐享 is refused', async () => {
    const created = { ...trainingClass, id: 'c2', name: '新班级', code: 'HN-2026-000022' };
    const { requests, router, user } = renderApp('/classes', {
      '/api/v1/orgs': { body: [org] },
      '/api/v1/class-types': { body: classTypes },
      '/api/v1/orgs/o1/classes': (request) => {
        if (request.method === 'GET')
          return { body: page([{ ...trainingClass, subsidy_status: 'approved' }]) };
        const posts = requests.filter((r) => r.method === 'POST' && r.url.endsWith('/classes'));
        return posts.length === 1
          ? problemReply(422, {
              code: 'validation_failed',
              title: '提交的信息有误',
              errors: [
                {
                  field: 'platform',
                  code: 'platform_not_supported',
                  message: '暂不支持该培训平台',
                },
              ],
            })
          : { status: 201, body: created };
      },
      '/api/v1/orgs/o1/classes/c2': { body: created },
      '/api/v1/orgs/o1/classes/c2/students': { body: page([]) },
    });

    const row = (await screen.findByText('跨境电商运营班', {}, slow)).closest('tr')!;
    for (const text of [
      'HN-2026-000021',
      '00:35:44',
      '3（已激活 2）',
      '已通过',
      '下载',
      '管理',
      '员工列表',
      '直播学习记录',
      '删除班级',
    ]) {
      expect(within(row).getByText(text)).toBeInTheDocument();
    }

    await user.click(screen.getAllByRole('button', { name: /创建班级/ })[0]!);
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('班级名称'), '新班级');
    await user.click(within(dialog).getByLabelText('班级类型'));
    await user.click(await screen.findByTitle('企业职工培训'));
    // Worded as the manual words them (issue 21 item 19), the state said once.
    expect(within(dialog).getByRole('radio', { name: '线上直播' })).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: '线上点播 待开放' })).toBeInTheDocument();
    expect(within(dialog).getByRole('radio', { name: '阿里钉钉' })).toBeInTheDocument();
    expect(within(dialog).getAllByText('待开放')).toHaveLength(1);
    await user.click(within(dialog).getByRole('radio', { name: /腾讯乐享/ }));
    await user.click(within(dialog).getByRole('button', { name: /创建班级/ }));
    expect(await within(dialog).findByText('暂不支持该培训平台')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('radio', { name: /钉钉/ }));
    await user.click(within(dialog).getByRole('button', { name: /创建班级/ }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/classes/o1/c2'));
    const bodies = await Promise.all(
      requests.filter((r) => r.method === 'POST').map((r) => bodyOf(r)),
    );
    expect(bodies.at(-1)).toEqual({
      name: '新班级',
      class_type_code: 'enterprise_staff',
      training_mode: 'live',
      platform: 'dingtalk',
    });
    expect(await screen.findByRole('heading', { name: '新班级' })).toBeInTheDocument();
  });

  it('asks before deleting a class and says why one with live records stays', async () => {
    const { user } = renderApp('/classes', {
      '/api/v1/orgs': { body: [org] },
      '/api/v1/orgs/o1/classes': { body: page([trainingClass]) },
      '/api/v1/orgs/o1/classes/c1': problemReply(409, {
        code: 'class_has_live_records',
        title: '班级已有直播记录，不能删除',
      }),
    });
    const row = (await screen.findByText('跨境电商运营班', {}, slow)).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: /删除班级/ }));
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('删除班级“跨境电商运营班”？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /删除班级/ }));
    expect(await screen.findByText('班级已有直播记录，不能删除')).toBeInTheDocument();
  });

  it('verifies a certificate signed out on a phone', async () => {
    setViewportWidth(375);
    renderApp(
      '/verify/KT-ABC123',
      {
        '/api/v1/certificates/KT-ABC123': {
          body: {
            serial: 'KT-ABC123',
            status: 'valid',
            issued_at: '2026-12-01T05:00:00Z',
            revoked_at: null,
            org_name: '椰风培训有限公司',
            class_name: '跨境电商运营班',
            class_code: 'HN-2026-000021',
            session_count: 3,
            total_live_ms: 16_200_000,
            student_count: 30,
          },
        },
      },
      false,
    );
    expect(await screen.findByText('凭证真实有效', {}, slow)).toBeInTheDocument();
    expect(screen.getByText('椰风培训有限公司')).toBeInTheDocument();
    expect(screen.getByText('04:30:00')).toBeInTheDocument();
    expect(screen.getByText('30')).toBeInTheDocument();
  });

  it('says a serial is unknown', async () => {
    renderApp(
      '/verify/FAKE',
      { '/api/v1/certificates/FAKE': problemReply(404, { code: 'not_found', title: '未找到' }) },
      false,
    );
    expect(await screen.findByText('未找到该凭证', {}, slow)).toBeInTheDocument();
  });
});

describe('subsidy review', () => {
  const operator = { ...me, admin_role: 'super' };
  const application = {
    id: 'a1',
    class_id: 'c1',
    class_code: 'HN-2026-000021',
    class_name: '跨境电商运营班',
    org_name: '椰风培训有限公司',
    status: 'pending',
    threshold_ms: 28_800_000,
    amount_per_student_fen: 50_000,
    qualified_count: 2,
    amount_fen: 100_000,
    qualified_students: [],
    note: null,
    applied_at: '2026-12-01T05:00:00Z',
    decided_at: null,
  };

  it('rejects only with a note and approves', async () => {
    const { requests, user } = renderApp('/admin/reviews/subsidies', {
      '/api/v1/me': { body: operator },
      '/api/v1/admin/subsidy-applications': { body: page([application]) },
      '/api/v1/admin/subsidy-applications/a1/decision': {
        body: { ...application, status: 'approved' },
      },
      '/api/v1/admin/subsidy-rules': (request) =>
        request.method === 'PUT'
          ? { body: { threshold_ms: 7_200_000, amount_per_student_fen: 80_050 } }
          : { body: { threshold_ms: 28_800_000, amount_per_student_fen: 50_000 } },
    });

    const row = (await screen.findByText('跨境电商运营班', {}, slow)).closest('tr')!;
    expect(within(row).getByText('¥1,000.00')).toBeInTheDocument();
    expect(within(row).getByText('有效直播学时满 8 小时，每人 ¥500.00')).toBeInTheDocument();

    // By label: role queries compute every ancestor's style, slow under jsdom with the whole app.
    await user.click(within(row).getByLabelText('驳回“跨境电商运营班”的申请'));
    let dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByText(/^驳\s*回$/));
    expect(await within(dialog).findByText('请填写驳回原因')).toBeInTheDocument();
    expect(requests.some((r) => r.url.endsWith('/decision'))).toBe(false);
    await user.click(within(dialog).getByText(/^取\s*消$/));

    await user.click(within(row).getByLabelText('通过“跨境电商运营班”的申请'));
    dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('通过“跨境电商运营班”的补贴申请')).toBeInTheDocument();
    await user.click(within(dialog).getByText(/^通\s*过$/));
    expect(await screen.findByText('已通过申请')).toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.url.endsWith('/decision')))).toEqual({
      decision: 'approve',
      note: null,
    });
  });

  it('saves the rules in fen', async () => {
    const { requests, user } = renderApp('/admin/reviews/subsidies', {
      '/api/v1/me': { body: operator },
      '/api/v1/admin/subsidy-applications': { body: page([]) },
      '/api/v1/admin/subsidy-rules': (request) =>
        request.method === 'PUT'
          ? { body: { threshold_ms: 7_200_000, amount_per_student_fen: 80_050 } }
          : { body: { threshold_ms: 28_800_000, amount_per_student_fen: 50_000 } },
    });
    expect(await screen.findByText(/每人补贴 ¥500.00/, {}, slow)).toBeInTheDocument();
    const rules = screen.getByText('保存规则').closest('form')!;
    const threshold = within(rules).getByLabelText('学时门槛');
    await user.clear(threshold);
    await user.type(threshold, '2');
    const amount = within(rules).getByLabelText(/每名符合条件学员的补贴金额/);
    await user.clear(amount);
    await user.type(amount, '800.5');
    await user.click(within(rules).getByRole('button', { name: /保存规则/ }));
    expect(await screen.findByText(/每人补贴 ¥800.50/)).toBeInTheDocument();
    expect(await bodyOf(requests.find((r) => r.method === 'PUT'))).toEqual({
      threshold_ms: 7_200_000,
      amount_per_student_fen: 80_050,
    });
  });

  it('shows an auditor the applications without approve or reject', async () => {
    const { requests } = renderApp('/admin/reviews/subsidies', {
      '/api/v1/me': { body: { ...me, admin_role: 'auditor' } },
      '/api/v1/admin/subsidy-applications': { body: page([application]) },
      '/api/v1/admin/subsidy-rules': {
        body: { threshold_ms: 28_800_000, amount_per_student_fen: 50_000 },
      },
    });
    const row = (await screen.findByText('跨境电商运营班', {}, slow)).closest('tr')!;
    expect(screen.getByText('审计员只读')).toBeInTheDocument();
    expect(within(row).queryByLabelText('通过“跨境电商运营班”的申请')).toBeNull();
    expect(within(row).queryByLabelText('驳回“跨境电商运营班”的申请')).toBeNull();
    expect(requests.some((r) => r.method !== 'GET' && r.url.includes('/admin/'))).toBe(false);
  });

  it('is closed to users who are not operators', async () => {
    renderApp('/admin/reviews/subsidies', {});
    expect(await screen.findByText('无权访问', {}, slow)).toBeInTheDocument();
  });
});
