import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';

import { classEnums, trainingClass } from '../testing/fixtures';
import { ClassOverview } from './class-overview';

const base = '/api/v1/orgs/o1/classes/c1';
const linked = (course_id: string, title: string | null, provider_name: string | null) => ({
  course_id,
  title,
  provider_name,
  public: title !== null,
});
const card = (id: string, title: string, provider_name: string) => ({
  id,
  title,
  provider_id: `p-${id}`,
  provider_name,
  delivery: 'video',
  training_mode: 'online',
  rating_count: 0,
});
const catalog = (items: ReturnType<typeof card>[]) => ({
  items,
  total: items.length,
  page: 1,
  page_size: 20,
});

function renderOverview(routes: Record<string, Route>, canManage = true) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    ...routes,
  });
  renderWithProviders(<ClassOverview orgId="o1" item={trainingClass} canManage={canManage} />);
  return { ...stub, user: userEvent.setup() };
}

/** The linked-courses card of the overview tab. */
async function coursesCard(): Promise<HTMLElement> {
  const title = await screen.findByText('关联点播课程');
  return title.closest<HTMLElement>('.ant-card')!;
}

describe('linked on-demand courses', () => {
  beforeEach(() => startSession('token-1'));

  it('names the class type, mode and platform in English in English mode', async () => {
    await changeLanguage('en');
    renderOverview({
      [`${base}/courses`]: { body: [] },
      '/api/v1/class-types': {
        body: [
          {
            code: 'enterprise_staff',
            name_zh: '企业职工培训',
            name_en: 'Enterprise staff training',
          },
        ],
      },
    });
    // The class carries only the Chinese name; the dictionary has the English one (item 24).
    expect(await screen.findByText('Enterprise staff training')).toBeInTheDocument();
    expect(screen.queryByText('企业职工培训')).not.toBeInTheDocument();
    expect(screen.getByText('Online live')).toBeInTheDocument();
    expect(screen.getByText('Alibaba DingTalk')).toBeInTheDocument();
  });

  it('lists the linked courses with their provider, and tags one no longer public', async () => {
    renderOverview({
      [`${base}/courses`]: {
        body: [linked('k1', '跨境电商入门与选品', '椰风学院'), linked('k2', null, null)],
      },
    });

    const courses = await coursesCard();
    const list = await within(courses).findByRole('list', { name: '关联点播课程' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole('link', { name: '跨境电商入门与选品' })).toHaveAttribute(
      'href',
      '/classroom/courses/k1',
    );
    expect(within(items[0]!).getByText('椰风学院')).toBeInTheDocument();
    expect(within(items[0]!).queryByText('已下架')).toBeNull();
    expect(within(items[1]!).getByText('已下架')).toBeInTheDocument();
    expect(within(items[1]!).getByText('课程已不在云课堂展示')).toBeInTheDocument();
    expect(within(courses).getByText(/不计入学时、电子凭证和补贴/)).toBeInTheDocument();
    expect(within(courses).getByRole('button', { name: /编辑关联课程/ })).toBeInTheDocument();
  });

  it('explains, when none is linked, that on-demand time shows but never counts', async () => {
    renderOverview({ [`${base}/courses`]: { body: [] } });

    const courses = await coursesCard();
    expect(await within(courses).findByText('还没有关联点播课程')).toBeInTheDocument();
    expect(
      within(courses).getByText(
        /点播学习时长会显示在“直播学习记录”中，与直播学时并列展示，但不计入学时/,
      ),
    ).toBeInTheDocument();
    expect(within(courses).queryByRole('list')).toBeNull();
  });

  it('searches the public catalog, saves the new set with PUT and lists it', async () => {
    let saved = false;
    const { requests, user } = renderOverview({
      [`${base}/courses`]: (request) => {
        if (request.method === 'PUT') saved = true;
        return {
          body: saved
            ? [
                linked('k1', '跨境电商入门与选品', '椰风学院'),
                linked('k7', '直播电商从零到一', '海南跨境学院'),
              ]
            : [linked('k1', '跨境电商入门与选品', '椰风学院')],
        };
      },
      '/api/v1/courses': (request) =>
        new URL(request.url).searchParams.get('q') === '直播'
          ? { body: catalog([card('k7', '直播电商从零到一', '海南跨境学院')]) }
          : { body: catalog([card('k1', '跨境电商入门与选品', '椰风学院')]) },
    });

    const courses = await coursesCard();
    await user.click(await within(courses).findByRole('button', { name: /编辑关联课程/ }));
    const dialog = await screen.findByRole('dialog');
    // The course already linked is picked, labelled with its provider.
    expect(within(dialog).getByText('跨境电商入门与选品 · 椰风学院')).toBeInTheDocument();
    await user.type(within(dialog).getByRole('combobox'), '直播');
    await user.click(await screen.findByTitle('直播电商从零到一 · 海南跨境学院'));
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));

    expect(await screen.findByText('已保存关联课程（2 门）')).toBeInTheDocument();
    const sent = requests.find((r) => r.method === 'PUT');
    expect(await bodyOf(sent)).toEqual({ course_ids: ['k1', 'k7'] });
    const searched = requests
      .filter((r) => new URL(r.url).pathname === '/api/v1/courses')
      .map((r) => new URL(r.url).searchParams.get('q'));
    expect(searched).toContain('直播');
    expect(
      await within(courses).findByRole('link', { name: '直播电商从零到一' }),
    ).toBeInTheDocument();
  });

  it('shows the server’s refusal of a course under the picker, naming it by position', async () => {
    const { user } = renderOverview({
      [`${base}/courses`]: (request) =>
        request.method === 'PUT'
          ? problemReply(422, {
              code: 'validation_failed',
              title: '提交的信息有误',
              errors: [
                {
                  field: 'course_ids[1]',
                  code: 'course_not_public',
                  message: '该课程未上架或不存在，不能关联',
                },
              ],
            })
          : { body: [linked('k1', '跨境电商入门与选品', '椰风学院')] },
      '/api/v1/courses': {
        body: catalog([
          card('k1', '跨境电商入门与选品', '椰风学院'),
          card('k9', '电商客服职业技能', '海南跨境学院'),
        ]),
      },
    });

    await user.click(await screen.findByRole('button', { name: /编辑关联课程/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('combobox'));
    await user.click(await screen.findByTitle('电商客服职业技能 · 海南跨境学院'));
    await user.click(within(dialog).getByRole('button', { name: /保\s*存/ }));

    const picker = within(dialog).getByRole('combobox').closest<HTMLElement>('.ant-form-item')!;
    expect(
      await within(picker).findByText(
        '第 2 门课程“电商客服职业技能 · 海南跨境学院”：该课程未上架或不存在，不能关联',
      ),
    ).toBeInTheDocument();
    // Placed under its field, so no separate alert repeats it.
    expect(within(dialog).queryByText('提交的信息有误')).toBeNull();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('lets staff read the linked courses but not change them', async () => {
    renderOverview(
      { [`${base}/courses`]: { body: [linked('k1', '跨境电商入门与选品', '椰风学院')] } },
      false,
    );

    const courses = await coursesCard();
    expect(await within(courses).findByText('跨境电商入门与选品')).toBeInTheDocument();
    expect(within(courses).queryByRole('button', { name: /编辑关联课程/ })).toBeNull();
  });
});
