import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import type { OwnCoursesFilter } from '../api/get-own-courses';
import { providerEnums, summary } from '../test-fixtures';

import { CourseList } from './course-list';

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, page_size: 10 });

const courses = [
  summary(1, { title: '跨境电商入门', status: 'approved', listed: true }),
  summary(2, { title: '直播带货实战', status: 'rejected', reject_reason: '封面模糊' }),
  summary(3, { title: '海外仓', status: 'draft', delivery: 'live' }),
];

function Harness() {
  const [filter, setFilter] = useState<OwnCoursesFilter>({ page: 1, page_size: 10 });
  return <CourseList orgId="o1" canEdit filter={filter} onFilterChange={setFilter} />;
}

function renderList(routes: Record<string, Route> = {}) {
  startSession('token-1');
  const stub = stubApi({
    '/api/v1/meta/enums': { body: providerEnums },
    '/api/v1/orgs/o1/courses': (request) => {
      const query = new URL(request.url).searchParams;
      if (query.get('q') === '没有') return { body: page([]) };
      if (query.get('status') === 'rejected') return { body: page([courses[1]]) };
      return { body: page(courses) };
    },
    ...routes,
  });
  const rendered = renderWithProviders(<Harness />, { path: '/provider-console/o1/courses' });
  const listRequests = () =>
    stub.requests
      .filter((r) => new URL(r.url).pathname === '/api/v1/orgs/o1/courses')
      .map((r) => Object.fromEntries(new URL(r.url).searchParams));
  return { ...stub, ...rendered, listRequests, user: userEvent.setup() };
}

describe('CourseList', () => {
  it('shows each course with its state, listing and reject reason', async () => {
    renderList();
    const row = (await screen.findByText('直播带货实战')).closest('tr')!;
    expect(within(row).getByText('驳回原因：封面模糊')).toBeInTheDocument();
    expect(await within(row).findByText('已驳回')).toBeInTheDocument();
    const listed = screen.getByText('跨境电商入门').closest('tr')!;
    expect(within(listed).getByText('已上架')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '跨境电商入门' })).toHaveAttribute(
      'href',
      '/provider-console/o1/courses/c1',
    );
    expect(screen.getByRole('link', { name: /新增课程/ })).toHaveAttribute(
      'href',
      '/provider-console/o1/courses/new',
    );
  });

  it('filters by status and searches titles', async () => {
    const { listRequests, user } = renderList();
    await screen.findByText('跨境电商入门');

    await user.click(screen.getByRole('combobox', { name: '审核状态' }));
    await user.click((await screen.findAllByText('已驳回')).at(-1)!);
    await waitFor(() => expect(listRequests().at(-1)).toMatchObject({ status: 'rejected' }));
    await waitFor(() => expect(screen.queryByText('跨境电商入门')).not.toBeInTheDocument());

    await user.type(screen.getByRole('searchbox', { name: '搜索课程标题' }), '没有{Enter}');
    await waitFor(() =>
      expect(listRequests().at(-1)).toEqual({
        status: 'rejected',
        q: '没有',
        page: '1',
        page_size: '10',
      }),
    );
    expect(await screen.findByText('没有符合条件的课程')).toBeInTheDocument();
  });

  it('submits a draft for review from its menu', async () => {
    const { requests, user } = renderList({
      '/api/v1/orgs/o1/courses/c3/submit': { body: {} },
    });
    await user.click(await screen.findByRole('button', { name: /更多 海外仓/ }));
    const menu = await screen.findByRole('menu');
    expect(within(menu).getByText('查看报名')).toBeInTheDocument();
    expect(within(menu).getByText('签到二维码')).toBeInTheDocument();
    await user.click(within(menu).getByText('提交审核'));
    expect(await screen.findByText('已提交审核')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/c3/submit'))).toBe(true);
  });

  it('unlists a listed course', async () => {
    const { requests, user } = renderList({
      '/api/v1/orgs/o1/courses/c1/unlist': { body: {} },
    });
    await user.click(await screen.findByRole('button', { name: /更多 跨境电商入门/ }));
    await user.click(within(await screen.findByRole('menu')).getByText('下架'));
    expect(await screen.findByText('课程已下架')).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/c1/unlist'))).toBe(true);
  });

  it('deletes only after the confirmation', async () => {
    const { requests, user } = renderList({
      '/api/v1/orgs/o1/courses/c2': { status: 204 },
    });
    await user.click(await screen.findByRole('button', { name: /更多 直播带货实战/ }));
    await user.click(within(await screen.findByRole('menu')).getByText('删除'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByText('确定删除课程“直播带货实战”？')[0]).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'DELETE')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: /删\s*除/ }));
    expect(await screen.findByText('课程已删除')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  });

  it('shows cards instead of a table on a phone', async () => {
    setViewportWidth(375);
    renderList();
    const title = await screen.findByRole('link', { name: '直播带货实战' });
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    const card = title.closest('.ant-list-item') as HTMLElement;
    expect(within(card).getByText('驳回原因：封面模糊')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: /更多 直播带货实战/ })).toBeInTheDocument();
  });
});
