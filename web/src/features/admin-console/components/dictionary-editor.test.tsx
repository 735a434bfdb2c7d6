import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { bodyOf, problemReply, renderWithProviders, stubApi } from '@/testing/test-utils';

import type { Dictionary } from '../api/get-dictionary';
import { DictionaryEditor } from './dictionary-editor';

const entry = (code: string, overrides: Record<string, unknown> = {}) => ({
  id: `id-${code}`,
  code,
  name_zh: `分类 ${code}`,
  name_en: `Category ${code}`,
  sort_order: 10,
  enabled: true,
  ...overrides,
});

function Harness({ canEdit = true }: { canEdit?: boolean }) {
  const [dictionary, setDictionary] = useState<Dictionary>('categories');
  return (
    <DictionaryEditor
      dictionary={dictionary}
      onDictionaryChange={setDictionary}
      canEdit={canEdit}
    />
  );
}

describe('DictionaryEditor', () => {
  it('adds an entry, showing the server’s field and conflict errors, then disables it', async () => {
    startSession('token-1');
    const entries = [entry('trade')];
    const { requests } = stubApi({
      '/api/v1/admin/dictionaries/categories': async (request) => {
        if (request.method === 'GET') return { body: entries };
        const form = (await request.json()) as { code: string };
        if (form.code === 'taken') {
          return problemReply(409, { code: 'already_exists', title: '已存在相同的编码或名称' });
        }
        if (form.code === 'ok_but_server') {
          return problemReply(422, {
            code: 'validation_failed',
            title: '请求参数有误',
            errors: [{ field: 'code', code: 'code_format', message: '编码格式不正确' }],
          });
        }
        const created = entry(form.code, { id: 'new' });
        entries.push(created);
        return { status: 201, body: created };
      },
      '/api/v1/admin/dictionaries/categories/new': async (request) => {
        const form = (await request.json()) as { enabled: boolean };
        entries[1] = { ...entries[1]!, enabled: form.enabled };
        return { body: entries[1] };
      },
      '/api/v1/admin/dictionaries/class-types': { body: [entry('online')] },
    });
    const events = userEvent.setup();
    const fill = async (input: HTMLElement, text: string) => {
      await events.clear(input);
      await events.click(input);
      await events.paste(text);
    };
    renderWithProviders(<Harness />);
    expect(await screen.findByText('分类 trade')).toBeInTheDocument();

    await events.click(screen.getByRole('button', { name: /新增条目/ }));
    const dialog = await screen.findByRole('dialog');
    const save = within(dialog).getByRole('button', { name: /保\s*存/ });
    await fill(within(dialog).getByLabelText('编码'), 'Bad Code');
    await fill(within(dialog).getByLabelText('中文名称'), '新分类');
    await fill(within(dialog).getByLabelText('英文名称'), 'New');
    await events.click(save);
    expect(await within(dialog).findByText(/只能包含小写字母/)).toBeInTheDocument();

    await fill(within(dialog).getByLabelText('编码'), 'ok_but_server');
    await events.click(save);
    expect(await within(dialog).findByText('编码格式不正确')).toBeInTheDocument();

    await fill(within(dialog).getByLabelText('编码'), 'taken');
    await events.click(save);
    expect(await within(dialog).findByText('已存在相同的编码或名称')).toBeInTheDocument();

    await fill(within(dialog).getByLabelText('编码'), 'fresh');
    await events.click(save);
    expect(await screen.findByText('已保存 分类 fresh')).toBeInTheDocument();
    const created = requests.filter((r) => r.method === 'POST').at(-1);
    expect(await bodyOf(created)).toMatchObject({ code: 'fresh', enabled: true, sort_order: 20 });

    const row = (await screen.findByText('分类 fresh')).closest('tr') as HTMLElement;
    const disable = within(row)
      .getByText(/^停\s*用$/)
      .closest('button') as HTMLElement;
    await events.click(disable);
    expect(await within(row).findByText('已停用')).toBeInTheDocument();
    const put = requests.find((r) => r.method === 'PUT');
    expect(await bodyOf(put)).toMatchObject({ code: 'fresh', enabled: false });

    await events.click(screen.getByText('班级类型'));
    expect(await screen.findByText('分类 online')).toBeInTheDocument();
  });

  it('is read-only for operators who are not super admins', async () => {
    startSession('token-1');
    stubApi({ '/api/v1/admin/dictionaries/categories': { body: [entry('trade')] } });
    renderWithProviders(<Harness canEdit={false} />);
    expect(await screen.findByText('分类 trade')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /新增条目/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '停用 trade' })).not.toBeInTheDocument();
  });
});
