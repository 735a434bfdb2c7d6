import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { FakeMediaInput, lecturers, providerEnums } from '../test-fixtures';

import { LecturerList } from './lecturer-list';

function renderLecturers(route: Route) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/meta/enums': { body: providerEnums },
    '/api/v1/orgs/o1/lecturers': route,
    '/api/v1/orgs/o1/lecturers/l1': route,
    '/api/v1/orgs/o1/lecturers/l2': route,
  });
  renderWithProviders(<LecturerList orgId="o1" canEdit MediaInput={FakeMediaInput} />);
  return { ...stub, user: userEvent.setup() };
}

describe('LecturerList', () => {
  it('lists the lecturers with gender and intro', async () => {
    renderLecturers({ body: lecturers });
    const list = await screen.findByRole('region', { name: '讲师列表' });
    expect(await within(list).findByText('陈静')).toBeInTheDocument();
    expect(within(list).getByText('刘洋')).toBeInTheDocument();
    expect(await within(list).findByText('女')).toBeInTheDocument();
    expect(within(list).getByText('十年跨境电商运营经验。')).toBeInTheDocument();
  });

  it('says what to do when there is none', async () => {
    renderLecturers({ body: [] });
    expect(await screen.findByText(/暂无讲师/)).toBeInTheDocument();
  });

  it('adds a lecturer with a photo through the modal', async () => {
    const { requests, user } = renderLecturers((request) =>
      request.method === 'POST'
        ? { status: 201, body: { ...lecturers[1], id: 'l3', name: '王芳' } }
        : { body: lecturers },
    );
    await user.click(await screen.findByRole('button', { name: /新增讲师/ }));
    const dialog = await screen.findByRole('dialog', { name: '新增讲师' });
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));
    expect(await within(dialog).findByText('请输入讲师姓名')).toBeInTheDocument();
    expect(within(dialog).getByText('请选择性别')).toBeInTheDocument();

    await user.type(within(dialog).getByRole('textbox', { name: '讲师姓名' }), '王芳');
    await user.click(within(dialog).getByRole('radio', { name: '女' }));
    await user.type(within(dialog).getByRole('textbox', { name: '讲师介绍' }), '直播电商讲师');
    await user.type(within(dialog).getByRole('textbox', { name: 'media:lecturer_photo' }), 'm-p');
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));

    await screen.findByText('讲师信息已保存');
    const post = requests.find((r) => r.method === 'POST');
    expect(await bodyOf(post)).toEqual({
      name: '王芳',
      gender: 'female',
      intro: '直播电商讲师',
      photo_media_id: 'm-p',
    });
  });

  it('edits a lecturer with PUT', async () => {
    const { requests, user } = renderLecturers((request) =>
      request.method === 'PUT' ? { body: lecturers[0] } : { body: lecturers },
    );
    await user.click(await screen.findByRole('button', { name: '编辑 陈静' }));
    const dialog = await screen.findByRole('dialog', { name: '编辑讲师' });
    const name = within(dialog).getByRole('textbox', { name: '讲师姓名' });
    expect(name).toHaveValue('陈静');
    await user.clear(name);
    await user.type(name, '陈静静');
    await user.click(within(dialog).getByRole('button', { name: /确\s*定/ }));

    await screen.findByText('讲师信息已保存');
    const put = requests.find((r) => r.method === 'PUT');
    expect(new URL(put!.url).pathname).toBe('/api/v1/orgs/o1/lecturers/l1');
    expect(await bodyOf(put)).toMatchObject({ name: '陈静静', gender: 'female' });
  });

  it('deletes after a confirmation, and names the courses when the lecturer is in use', async () => {
    const { requests, user } = renderLecturers((request) =>
      request.method === 'DELETE'
        ? problemReply(409, {
            code: 'lecturer_in_use',
            title: '讲师仍在已上架课程中',
            detail: '讲师仍在以下课程中：跨境电商入门、直播带货实战',
          })
        : { body: lecturers },
    );
    await user.click(await screen.findByRole('button', { name: '删除 陈静' }));
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    const confirm = await screen.findByRole('tooltip');
    expect(within(confirm).getByText('确定删除讲师“陈静”？')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: /删\s*除/ }));

    expect(await screen.findByText('讲师仍在已上架课程中')).toBeInTheDocument();
    expect(screen.getByText('讲师仍在以下课程中：跨境电商入门、直播带货实战')).toBeInTheDocument();
    await waitFor(() => expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1));
  });
});
