import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { legalDocument } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { LegalAdmin } from './legal-admin';

const history = (...versions: ReturnType<typeof legalDocument>[]) => ({
  body: {
    items: versions.map(({ version, title, change_note, published_at, is_default }) => ({
      version,
      title,
      change_note,
      published_at,
      is_default,
    })),
    total: versions.length,
    page: 1,
    page_size: 10,
  },
});

function renderAdmin(routes: Record<string, Route>, canEdit = true) {
  const stub = stubApi({
    '/api/v1/legal/terms': { body: legalDocument('terms', 1) },
    '/api/v1/legal/terms/versions': history(legalDocument('terms', 1)),
    ...routes,
  });
  const onKindChange = vi.fn();
  renderWithProviders(<LegalAdmin kind="terms" canEdit={canEdit} onKindChange={onKindChange} />);
  const posts = () => stub.requests.filter((r) => r.method === 'POST');
  return { posts, onKindChange, user: userEvent.setup() };
}

describe('法律文本 (operators)', () => {
  it('shows the current version, the history, and opens each version as users saw it', async () => {
    const { user, onKindChange } = renderAdmin({
      '/api/v1/legal/terms/versions/1': { body: legalDocument('terms', 1) },
    });

    const current = (await screen.findByText('当前版本')).closest<HTMLElement>('.ant-card')!;
    expect(await within(current).findByText('平台法律声明')).toBeInTheDocument();
    expect(within(current).getByText('第 1 版')).toBeInTheDocument();
    expect(within(current).getByText('平台默认文本')).toBeInTheDocument();
    expect(within(current).getByRole('link', { name: '公开页面' })).toHaveAttribute(
      'href',
      '/legal/terms',
    );

    const historyCard = screen.getByText('历史版本').closest<HTMLElement>('.ant-card')!;
    const [view] = await within(historyCard).findAllByLabelText('查看第 1 版');
    const row = view!.closest('tr')!;
    expect(within(row).getByText('平台默认文本')).toBeInTheDocument();
    await user.click(view!);
    const dialog = await screen.findByRole('dialog', { name: '平台法律声明' });
    expect(await within(dialog).findByText(/依据中华人民共和国法律订立/)).toBeInTheDocument();
    expect(within(dialog).getByRole('heading', { name: '一、总则' })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: /关\s*闭/ }));
    await user.click(screen.getByText('隐私政策', { selector: '[role="tab"], [role="tab"] *' }));
    expect(onKindChange).toHaveBeenCalledWith('privacy');
  });

  it('checks the new version before anything is sent, then publishes it after a confirmation', async () => {
    const published = legalDocument('terms', 2, {
      title: '平台服务协议',
      change_note: '新增第八条',
    });
    const { posts, user } = renderAdmin({
      '/api/v1/admin/legal/terms': { status: 201, body: published },
    });
    const form = (
      await screen.findByText('发布新版本', { selector: '.ant-card-head-title' })
    ).closest<HTMLElement>('.ant-card')!;

    await user.click(within(form).getByRole('button', { name: '发布新版本' }));
    expect(await within(form).findByText('请输入标题')).toBeInTheDocument();
    expect(within(form).getByText('请输入正文')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.type(within(form).getByLabelText('标题'), '平台服务协议');
    await user.click(within(form).getByLabelText('正文（Markdown）'));
    await user.paste('## 第八条\n\n1. 人工智能生成的内容须标识。\n\n<script>alert(1)</script>');
    await user.type(within(form).getByLabelText('修改说明'), '新增第八条');
    await user.click(within(form).getByRole('tab', { name: '预览' }));
    expect(within(form).getByRole('heading', { name: '第八条' })).toBeInTheDocument();
    expect(within(form).getByRole('listitem')).toHaveTextContent('人工智能生成的内容须标识。');
    expect(form.querySelector('script')).toBeNull();

    await user.click(within(form).getByRole('button', { name: '发布新版本' }));
    const confirm = await screen.findByRole('dialog', { name: '确定发布《平台服务协议》？' });
    expect(confirm).toHaveTextContent('发布后，已同意旧版本的用户将在下次使用时被要求重新同意。');
    expect(posts()).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: /发\s*布/ }));

    expect(await screen.findByText('已发布第 2 版')).toBeInTheDocument();
    expect(await bodyOf(posts()[0])).toEqual({
      title: '平台服务协议',
      body: '## 第八条\n\n1. 人工智能生成的内容须标识。\n\n<script>alert(1)</script>',
      change_note: '新增第八条',
    });
  });

  it('sends nothing when the confirmation is cancelled, and shows the server’s refusal', async () => {
    const { posts, user } = renderAdmin({
      '/api/v1/admin/legal/terms': problemReply(409, {
        code: 'legal_publish_conflict',
        title: '另一位管理员刚刚发布了新版本，请刷新后再试',
      }),
    });
    const form = (
      await screen.findByText('发布新版本', { selector: '.ant-card-head-title' })
    ).closest<HTMLElement>('.ant-card')!;
    await user.click(await within(form).findByRole('button', { name: '以当前版本为底稿' }));
    expect(within(form).getByLabelText('标题')).toHaveValue('平台法律声明');

    await user.click(within(form).getByRole('button', { name: '发布新版本' }));
    const confirm = await screen.findByRole('dialog', { name: /确定发布/ });
    await user.click(within(confirm).getByRole('button', { name: /取\s*消/ }));
    expect(posts()).toHaveLength(0);

    await user.click(within(form).getByRole('button', { name: '发布新版本' }));
    // The cancelled confirmation may still be on its way out: the new one.
    let again: HTMLElement | undefined;
    await vi.waitFor(() => {
      again = screen.getAllByRole('dialog', { name: /确定发布/ }).find((d) => d !== confirm);
      expect(again).toBeDefined();
    });
    await user.click(within(again!).getByRole('button', { name: /发\s*布/ }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      '另一位管理员刚刚发布了新版本，请刷新后再试',
    );
    expect(posts()).toHaveLength(1);
  });

  it('lets other operators read without publishing', async () => {
    renderAdmin({}, false);
    expect(await screen.findByText('第 1 版', { selector: 'td *, td' })).toBeInTheDocument();
    expect(
      screen.getByText('您的管理员角色只能查看；发布新版本需要超级管理员。'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '发布新版本' })).not.toBeInTheDocument();
  });
});
