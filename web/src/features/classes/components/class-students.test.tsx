import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { me } from '@/testing/fixtures';
import {
  bodyOf,
  problemReply,
  renderWithProviders,
  stubApi,
  type Route,
} from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import { classEnums, page, student, trainingClass } from '../testing/fixtures';
import { ClassStudents } from './class-students';

const base = '/api/v1/orgs/o1/classes/c1';

const noRecords = { sessions: [], students: [], unmatched_viewers: [], total_live_ms: 0 };
const neverSynced = { job: null, members: 0, pending: 0, failures: [] };
const job = (status: string, done: number, total = 2) => ({
  id: 'j1',
  status,
  progress_done: done,
  progress_total: total,
  last_error: null,
  finished_at: null,
});

function renderStudents(routes: Record<string, Route>, canManage = true) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
    [`${base}/records`]: { body: noRecords },
    [`${base}/sync`]: { body: neverSynced },
    ...routes,
  });
  renderWithProviders(<ClassStudents orgId="o1" item={trainingClass} canManage={canManage} />);
  return { ...stub, user: userEvent.setup() };
}

async function rowOf(text: string): Promise<HTMLElement> {
  const cell = await screen.findByText(text);
  return cell.closest<HTMLElement>('tr')!;
}

describe('students of a class', () => {
  beforeEach(() => startSession('token-1'));

  it('lists students masked and activates the selected inactive ones after confirming', async () => {
    let activated = false;
    const { requests, user } = renderStudents({
      [`${base}/students`]: () => ({
        body: page([
          student('s1', '王伟', activated ? 'active' : 'inactive'),
          student('s2', '李芳', 'active'),
        ]),
      }),
      [`${base}/students/activate`]: () => {
        activated = true;
        return { body: { affected: 1 } };
      },
    });

    const row = await rowOf('王伟');
    expect(within(row).getByText('110101********4514')).toBeInTheDocument();
    expect(within(row).getByText('138****8000')).toBeInTheDocument();
    // Activated students are read-only: not selectable, no edit.
    expect(screen.getByRole('checkbox', { name: '选择“李芳”' })).toBeDisabled();
    expect(within(await rowOf('李芳')).queryByRole('button', { name: /编辑/ })).toBeNull();

    await user.click(screen.getByRole('checkbox', { name: '选择“王伟”' }));
    await user.click(screen.getByRole('button', { name: /批量激活/ }));
    expect(await screen.findByText('激活选中的 1 名学员？')).toBeInTheDocument();
    const confirm = screen.getByRole('tooltip');
    await user.click(within(confirm).getByRole('button', { name: /批量激活/ }));

    expect(await screen.findByText('已激活 1 名学员')).toBeInTheDocument();
    const sent = requests.find((r) => r.url.endsWith('/students/activate'));
    expect(await bodyOf(sent)).toEqual({ student_ids: ['s1'] });
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: '选择“王伟”' })).toBeDisabled(),
    );
  });

  it('shows the server’s resident ID and mobile errors under their fields', async () => {
    const { requests, user } = renderStudents({
      [`${base}/students`]: (request) =>
        request.method === 'POST'
          ? problemReply(422, {
              code: 'validation_failed',
              title: '提交的信息有误',
              errors: [
                {
                  field: 'resident_id',
                  code: 'resident_id_check',
                  message: '身份证号校验位不正确',
                },
                { field: 'mobile', code: 'mobile_format', message: '请输入 11 位中国大陆手机号' },
              ],
            })
          : { body: page([]) },
    });

    expect(await screen.findByText(/班级里还没有学员/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /添加学员/ }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('姓名'), '张三');
    await user.click(within(dialog).getByLabelText('男'));
    await user.type(within(dialog).getByLabelText('身份证号'), '11010119900307451x');
    await user.type(within(dialog).getByLabelText('手机号'), '1380013800');
    await user.click(within(dialog).getByLabelText('文化程度'));
    await user.click(await screen.findByTitle('本科'));
    await user.click(within(dialog).getByRole('button', { name: /添加学员/ }));

    const idItem = within(dialog).getByLabelText('身份证号').closest('.ant-form-item')!;
    expect(
      await within(idItem as HTMLElement).findByText('身份证号校验位不正确'),
    ).toBeInTheDocument();
    const mobileItem = within(dialog).getByLabelText('手机号').closest('.ant-form-item')!;
    expect(
      within(mobileItem as HTMLElement).getByText('请输入 11 位中国大陆手机号'),
    ).toBeInTheDocument();
    const sent = requests.find((r) => r.method === 'POST');
    expect(await bodyOf(sent)).toEqual({
      name: '张三',
      gender: 'male',
      resident_id: '11010119900307451X',
      mobile: '1380013800',
      education: 'bachelor',
    });
  });

  it('imports an xlsx and reports the failed rows with their reasons', async () => {
    const { requests, user } = renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟')]) },
      [`${base}/students/import`]: {
        body: {
          import_id: 'i1',
          sheet: '学员',
          total_rows: 3,
          imported: 2,
          failed: 1,
          errors: [{ row: 3, messages: ['身份证号：校验位不正确'] }],
          error_report_url: `${base}/student-imports/i1/errors.xlsx`,
        },
      },
    });

    await rowOf('王伟');
    await user.click(screen.getByRole('button', { name: /批量导入/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('button', { name: /开始导入/ })).toBeDisabled();
    const file = new File([new Uint8Array([80, 75, 3, 4])], 'students.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    await user.upload(dialog.querySelector<HTMLInputElement>('input[type=file]')!, file);
    await user.click(within(dialog).getByRole('button', { name: /开始导入/ }));

    expect(
      await within(dialog).findByText('共 3 行：成功导入 2 行，失败 1 行'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('已读取工作表：学员')).toBeInTheDocument();
    // Successes and failures apart (issue 21 item 20): a green part and a red one, two numbers.
    expect(within(dialog).getByText('成功 2')).toBeInTheDocument();
    expect(within(dialog).getByText('失败 1')).toBeInTheDocument();
    const bar = within(dialog).getByRole('progressbar', { name: '导入结果' });
    expect(bar).not.toHaveClass('ant-progress-status-exception');
    const green = bar.querySelector<HTMLElement>('.ant-progress-track-success');
    expect(green?.style.width).toBe('67%');
    expect(green?.style.backgroundColor).toBe('rgb(82, 196, 26)');
    expect(within(dialog).getByText('身份证号：校验位不正确')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: /下载错误报告/ })).toBeInTheDocument();
    const sent = requests.find((r) => r.url.endsWith('/students/import'))!;
    expect(sent.headers.get('Content-Type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect((await sent.clone().arrayBuffer()).byteLength).toBe(4);
  });

  it('shows why the server refused a workbook, and when it is busy', async () => {
    const { user } = renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟')]) },
      [`${base}/students/import`]: [
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            {
              field: 'file',
              code: 'xlsx_limit',
              message: '表格超出了可处理的上限（20,000 rows），请只保留学员名单后重新上传',
            },
          ],
        }),
        problemReply(429, {
          code: 'rate_limited',
          title: '操作过于频繁，请稍后再试',
          detail: '请 5 秒后再试。',
        }),
      ],
    });

    await rowOf('王伟');
    await user.click(screen.getByRole('button', { name: /批量导入/ }));
    const dialog = await screen.findByRole('dialog');
    const file = new File([new Uint8Array([80, 75, 3, 4])], 'students.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    await user.upload(dialog.querySelector<HTMLInputElement>('input[type=file]')!, file);
    await user.click(within(dialog).getByRole('button', { name: /开始导入/ }));
    expect(
      await within(dialog).findByText(/表格超出了可处理的上限（20,000 rows）/),
    ).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: /开始导入/ }));
    expect(await within(dialog).findByText('操作过于频繁，请稍后再试')).toBeInTheDocument();
    expect(within(dialog).getByText(/请 5 秒后再试/)).toBeInTheDocument();
  });

  it('shows each student’s on-demand and live time from the records, as the manual does', async () => {
    renderStudents({
      [`${base}/students`]: {
        body: page([student('s1', '王伟', 'active'), student('s3', '赵敏', 'inactive')]),
      },
      [`${base}/records`]: {
        body: {
          ...noRecords,
          students: [
            {
              student_id: 's1',
              name: '王伟',
              live_ms: 8_400_000,
              on_demand_ms: 1_830_000,
              sessions_attended: 1,
            },
          ],
        },
      },
    });

    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual(
      expect.arrayContaining(['点播学习时长', '直播学习时长', '状态', '姓名']),
    );
    // The manual's order: … 文化程度 点播学习时长 直播学习时长 状态 操作.
    const order = ['文化程度', '点播学习时长', '直播学习时长', '状态'].map((h) =>
      headers.indexOf(h),
    );
    expect(order).toEqual([...order].sort((a, b) => a - b));

    const wang = await rowOf('王伟');
    expect(await within(wang).findByText('00:30:30')).toBeInTheDocument();
    expect(within(wang).getByText('02:20:00')).toBeInTheDocument();
    // Not in the records (not activated): nothing learned yet.
    expect(within(await rowOf('赵敏')).getAllByText('00:00:00')).toHaveLength(2);
  });

  it('shows the times as unknown while the records cannot be read', async () => {
    renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟', 'active')]) },
      [`${base}/records`]: problemReply(500, { code: 'internal', title: '服务器出错了' }),
    });
    const wang = await rowOf('王伟');
    expect(await screen.findByText('服务器出错了')).toBeInTheDocument();
    expect(within(wang).getAllByText('—')).toHaveLength(2);
  });

  it('syncs the class to the live platform from the toolbar and follows the job', async () => {
    let polls = 0;
    const { requests, user } = renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟', 'active')]) },
      [`${base}/sync`]: (request) => {
        if (request.method === 'POST')
          return { status: 202, body: { ...neverSynced, job: job('queued', 0) } };
        if (requests.every((r) => r.method !== 'POST')) return { body: neverSynced };
        polls += 1;
        return polls < 2
          ? { body: { ...neverSynced, job: job('running', 1) } }
          : { body: { ...neverSynced, members: 2, job: job('succeeded', 2) } };
      },
    });

    await rowOf('王伟');
    // Nothing to report before a sync is started here.
    expect(screen.queryByText(/同步完成/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /同步班级信息至直播平台/ }));
    expect(await screen.findByText(/正在同步：已处理/)).toBeInTheDocument();
    expect(
      await screen.findByText(
        '同步完成：2 名已激活学员在钉钉部门中，0 人未能加入',
        {},
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST' && r.url.endsWith('/sync'))).toHaveLength(1);
  });

  it('updates the learning records from the toolbar, then shows the new times', async () => {
    let finished = false;
    const { requests, user } = renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟', 'active')]) },
      [`${base}/records`]: () => ({
        body: finished
          ? {
              ...noRecords,
              students: [
                {
                  student_id: 's1',
                  name: '王伟',
                  live_ms: 8_400_000,
                  on_demand_ms: 0,
                  sessions_attended: 1,
                },
              ],
            }
          : noRecords,
      }),
      [`${base}/records/refresh`]: { status: 202, body: job('queued', 0, 1) },
      '/api/v1/orgs/o1/jobs/j1': () => {
        const seen = requests.filter((r) => r.url.endsWith('/jobs/j1')).length;
        if (seen < 2) return { body: job('running', 0, 1) };
        finished = true;
        return { body: job('succeeded', 1, 1) };
      },
    });

    const wang = await rowOf('王伟');
    expect(await within(wang).findAllByText('00:00:00')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: /更新学习记录/ }));
    expect(await screen.findByText('正在从钉钉获取直播数据…')).toBeInTheDocument();
    expect(await screen.findByText('学习记录已更新', {}, { timeout: 8000 })).toBeInTheDocument();
    expect(await within(wang).findByText('02:20:00')).toBeInTheDocument();
  });

  it('folds the toolbar into 更多 on a phone and pins the name while the table scrolls', async () => {
    setViewportWidth(375);
    let synced = false;
    const { requests, user } = renderStudents({
      [`${base}/students`]: { body: page([student('s1', '王伟', 'active')]) },
      [`${base}/sync`]: (request) => {
        if (request.method === 'POST') synced = true;
        return synced
          ? { status: 202, body: { ...neverSynced, members: 1, job: job('succeeded', 1, 1) } }
          : { body: neverSynced };
      },
    });

    const wang = await rowOf('王伟');
    // Adding and the batch actions stay in view; the rest wait under 更多.
    expect(screen.getByRole('button', { name: /添加学员/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /批量激活/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /批量删除/ })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /同步班级信息至直播平台/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: /更\s*多/ }));
    const menu = await screen.findByRole('menu');
    for (const name of ['批量导入', '同步班级信息至直播平台', '更新学习记录', '导出学员']) {
      expect(within(menu).getByRole('menuitem', { name: new RegExp(name) })).toBeInTheDocument();
    }
    await user.click(within(menu).getByRole('menuitem', { name: /同步班级信息至直播平台/ }));
    expect(
      await screen.findByText('同步完成：1 名已激活学员在钉钉部门中，0 人未能加入'),
    ).toBeInTheDocument();
    expect(requests.some((r) => r.method === 'POST' && r.url.endsWith('/sync'))).toBe(true);

    // The name (and the checkbox before it) stay put while the other columns scroll.
    const nameCell = within(wang).getByText('王伟').closest('td')!;
    expect(nameCell).toHaveClass('ant-table-cell-fix-start');
  });

  it('lets staff read the list but not act on it', async () => {
    renderStudents({ [`${base}/students`]: { body: page([student('s1', '王伟')]) } }, false);
    await rowOf('王伟');
    expect(screen.queryByRole('button', { name: /添加学员/ })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /查看“王伟”/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /同步班级信息至直播平台/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /更新学习记录/ })).toBeNull();
    // Staff still read the times.
    expect(screen.getByRole('columnheader', { name: '直播学习时长' })).toBeInTheDocument();
  });
});
