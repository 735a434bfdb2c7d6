import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';

import { enums, me, session, unreadReply } from '@/testing/fixtures';
import { bodyOf, problemReply, stubApi, type Reply, type Route } from '@/testing/test-utils';
import { goToUrl } from '@/utils/go-to-url';

import { AppProvider } from './provider';
import { routes } from './router';

vi.mock('@/utils/go-to-url', () => ({ goToUrl: vi.fn() }));

const uncertified = {
  id: 'o1',
  name: '椰风测试贸易',
  uscc: '91460200MA5RCN2P6M',
  legal_representative: '李四',
  address: '海口市美兰区',
  contact_phone: '0898-66666666',
  certification: 'uncertified',
  certified_by: null,
  certified_at: null,
  created_at: '2026-11-20T08:00:00Z',
  my_role: 'owner',
};
const certified = {
  ...uncertified,
  name: '海南椰风贸易有限公司',
  certification: 'certified',
  certified_by: 'hainan_gov',
  certified_at: new Date().toISOString(),
};
const other = {
  ...uncertified,
  id: 'o2',
  name: '三亚示例跨境电商有限公司',
  uscc: '91460200MA5T8XY10H',
  legal_representative: '张三',
  my_role: 'staff',
};

// The first render of the whole app under jsdom takes a while.
const slow = { timeout: 5000 };

function renderApp(path: string, routesOfApi: Record<string, Route>) {
  const stub = stubApi({
    '/api/v1/auth/refresh': { body: session('token-1') },
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: enums },
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

/** Types a whole value at once (replacing what was there): long forms stay fast. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

/** The antd form item (label, control, messages) around a control. */
function formItemOf(element: HTMLElement): HTMLElement {
  const item = element.closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error('not inside a form item');
  return item;
}

/** GET and POST /orgs over an in-memory list; POSTs answer `creates` in turn. */
function orgsEndpoint(initial: unknown[], creates: Reply[] = []): Route {
  const orgs = [...initial];
  return (request) => {
    if (request.method === 'GET') return { body: orgs };
    const reply = creates.shift()!;
    if (reply.status === 201) orgs.push(reply.body);
    return reply;
  };
}

describe('enterprise page', () => {
  it('creates an org, showing a wrong credit code under its field, then starts 海易办 certification', async () => {
    const { requests, user } = renderApp('/enterprise', {
      '/api/v1/orgs': orgsEndpoint(
        [],
        [
          problemReply(422, {
            code: 'validation_failed',
            title: '提交的信息有误',
            errors: [
              {
                field: 'uscc',
                code: 'uscc_check',
                message: '统一社会信用代码校验位不正确，请核对',
              },
            ],
          }),
          { status: 201, body: uncertified },
        ],
      ),
      '/api/v1/auth/sso/hainan_gov/authorize': {
        body: { authorize_url: '/sandbox/hainan_gov/authorize?client_id=ketang&state=s1' },
      },
    });

    expect(await screen.findByText(/您还没有加入任何企业/, {}, slow)).toBeInTheDocument();
    const form = screen.getByRole('button', { name: '创建企业' }).closest('form')!;
    await fill(user, within(form).getByLabelText('企业名称'), '椰风测试贸易');
    await fill(user, within(form).getByLabelText('统一社会信用代码'), '91460200ma5rcn2p6x');
    await fill(user, within(form).getByLabelText('法定代表人'), '李四');
    await fill(user, within(form).getByLabelText('地址'), '海口市美兰区');
    await fill(user, within(form).getByLabelText('联系电话'), '0898-66666666');
    await user.click(within(form).getByRole('button', { name: '创建企业' }));

    const uscc = within(form).getByLabelText('统一社会信用代码');
    expect(
      await within(formItemOf(uscc)).findByText('统一社会信用代码校验位不正确，请核对'),
    ).toBeInTheDocument();
    const firstTry = requests.find((r) => r.method === 'POST' && r.url.endsWith('/api/v1/orgs'));
    expect(await bodyOf(firstTry)).toEqual({
      name: '椰风测试贸易',
      uscc: '91460200MA5RCN2P6X',
      legal_representative: '李四',
      address: '海口市美兰区',
      contact_phone: '0898-66666666',
    });

    await fill(user, uscc, '91460200MA5RCN2P6M');
    await user.click(within(form).getByRole('button', { name: '创建企业' }));

    expect(await screen.findByText('已创建企业“椰风测试贸易”')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: '椰风测试贸易' })).toBeInTheDocument();
    expect(screen.getAllByText('未认证').length).toBeGreaterThan(0);
    expect(
      screen.getByText(/统一社会信用代码为 91460200MA5RCN2P6M 的企业法人账号/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /通过海易办认证/ }));
    await waitFor(() =>
      expect(goToUrl).toHaveBeenCalledWith(
        'http://localhost:3000/sandbox/hainan_gov/authorize?client_id=ketang&state=s1',
      ),
    );
    const start = requests.find((r) => r.url.includes('/auth/sso/hainan_gov/authorize'))!;
    expect(new URL(start.url).searchParams.get('next')).toBe('/enterprise');
    // Bound to the org being certified: another company's legal person certifies nothing.
    expect(new URL(start.url).searchParams.get('certify_org_id')).toBe(uncertified.id);
    // With the token, the API links 海易办 to this account instead of signing someone in.
    expect(start.headers.get('Authorization')).toBe('Bearer token-1');
  });

  it('shows a failure to start certification', async () => {
    const { user } = renderApp('/enterprise', {
      '/api/v1/orgs': { body: [uncertified] },
      '/api/v1/auth/sso/hainan_gov/authorize': problemReply(404, {
        code: 'not_found',
        title: '内容不存在',
      }),
    });

    await user.click(await screen.findByRole('button', { name: /通过海易办认证/ }, slow));
    expect(await screen.findByText('内容不存在')).toBeInTheDocument();
  });

  it('comes back from 海易办 certified: says so, drops the parameter, keeps government fields read-only', async () => {
    const { requests, router, user } = renderApp('/enterprise?linked=hainan_gov', {
      '/api/v1/orgs': { body: [other, certified] },
      '/api/v1/orgs/o1': (request) => ({
        body: { ...certified, ...(request.method === 'PATCH' ? { address: '海口市龙华区' } : {}) },
      }),
    });

    expect(
      await screen.findByText('“海南椰风贸易有限公司”已通过海易办企业认证', {}, slow),
    ).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe('?org=o1'));
    expect(screen.getByRole('combobox', { name: '选择企业' })).toBeInTheDocument();
    expect((await screen.findAllByText('已认证')).length).toBeGreaterThan(0);
    expect(screen.getByText(/海易办认证 ·/)).toBeInTheDocument();
    expect(
      screen.getByText(/企业已认证：企业名称、统一社会信用代码和法定代表人来自政府登记/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /通过海易办认证/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /编\s*辑/ }));
    const form = screen.getByRole('button', { name: /保\s*存/ }).closest('form')!;
    expect(within(form).getByText('海南椰风贸易有限公司')).toBeInTheDocument();
    expect(within(form).getAllByText('来自政府登记，不可修改')).toHaveLength(3);
    expect(within(form).queryByRole('textbox', { name: '企业名称' })).not.toBeInTheDocument();
    expect(
      within(form).queryByRole('textbox', { name: '统一社会信用代码' }),
    ).not.toBeInTheDocument();
    expect(within(form).queryByRole('textbox', { name: '法定代表人' })).not.toBeInTheDocument();

    const address = within(form).getByRole('textbox', { name: '地址' });
    await fill(user, address, '海口市龙华区');
    await user.click(within(form).getByRole('button', { name: /保\s*存/ }));

    expect(await screen.findByText('企业信息已保存')).toBeInTheDocument();
    const patch = requests.find((r) => r.method === 'PATCH');
    expect(await bodyOf(patch)).toEqual({ address: '海口市龙华区' });
  });

  it('says when the 海易办 account is bound to someone else', async () => {
    const { router } = renderApp('/enterprise?sso_error=identity_bound_elsewhere', {
      '/api/v1/orgs': { body: [uncertified] },
    });

    expect(
      await screen.findByText('该海易办账号已绑定其他用户，无法用于认证。', {}, slow),
    ).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('says which company 海易办 named when it is not the one being certified', async () => {
    const { router } = renderApp(
      `/enterprise?sso_error=certify_company_mismatch&gov_company=${encodeURIComponent('海南别家有限公司')}`,
      { '/api/v1/orgs': { body: [uncertified] } },
    );

    const dialog = await screen.findByRole('dialog', {}, slow);
    expect(within(dialog).getAllByText('海易办返回的不是本企业').length).toBeGreaterThan(0);
    expect(within(dialog).getByText(/代表的是“海南别家有限公司”/)).toBeInTheDocument();
    expect(
      within(dialog).getByText(/本次未认证任何企业，也没有把您加入其他企业/),
    ).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.search).toBe(''));
  });

  it('says when the account already has another 海易办 account', async () => {
    renderApp('/enterprise?sso_error=provider_already_linked', {
      '/api/v1/orgs': { body: [uncertified] },
    });

    expect(await screen.findByText(/您的账号已绑定另一个海易办账号/, {}, slow)).toBeInTheDocument();
  });

  it('shows staff the profile without edit, certification or sub-account controls', async () => {
    const { user } = renderApp('/enterprise', { '/api/v1/orgs': { body: [other, certified] } });

    expect(await screen.findByRole('combobox', { name: '选择企业' }, slow)).toBeInTheDocument();
    expect(await screen.findByText('员工')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /编\s*辑/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '子账号' })).not.toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '学习时长' })).not.toBeInTheDocument();
    expect(screen.getByText(/请联系企业所有者或管理员通过海易办完成认证/)).toBeInTheDocument();

    // The owner of the other org sees all of it.
    await user.click(screen.getByRole('combobox', { name: '选择企业' }));
    await user.click(await screen.findByTitle('海南椰风贸易有限公司'));
    expect(await screen.findByRole('button', { name: /编\s*辑/ })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '子账号' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: '学习时长' })).toBeInTheDocument();
  });

  it('shows owners their members’ study time in its own tab, and staff never', async () => {
    const { router, user, requests } = renderApp('/enterprise?org=o1', {
      '/api/v1/orgs': { body: [certified, other] },
      '/api/v1/orgs/o1/study-time': {
        body: [
          {
            user_id: 'u1',
            display_name: '王芳',
            mobile: '138****8000',
            studied_ms: 1_800_000,
            courses: 3,
          },
        ],
      },
    });

    await user.click(await screen.findByRole('tab', { name: '学习时长' }, slow));
    const table = await screen.findByRole('table', { name: '点播学习时长' });
    expect(await within(table).findByText('王芳')).toBeInTheDocument();
    expect(within(table).getByText('30 分钟')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?org=o1&tab=study-time');

    // A staff member given the same address sees the profile: no study time is asked for.
    await act(() => router.navigate('/enterprise?org=o2&tab=study-time'));
    expect(await screen.findByText('员工')).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: '学习时长' })).not.toBeInTheDocument();
    expect(requests.filter((r) => r.url.includes('/orgs/o2/study-time'))).toHaveLength(0);
  });
});
