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

import { classEnums, page, student, trainingClass } from '../testing/fixtures';
import { ClassStudents } from './class-students';

const base = '/api/v1/orgs/o1/classes/c1';

function renderStudents(routes: Record<string, Route>, canManage = true) {
  const stub = stubApi({
    '/api/v1/me': { body: me },
    '/api/v1/meta/enums': { body: classEnums },
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

  it('lets staff read the list but not act on it', async () => {
    renderStudents({ [`${base}/students`]: { body: page([student('s1', '王伟')]) } }, false);
    await rowOf('王伟');
    expect(screen.queryByRole('button', { name: /添加学员/ })).toBeNull();
    expect(screen.queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /查看“王伟”/ })).toBeNull();
  });
});
