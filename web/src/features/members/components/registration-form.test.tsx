import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { ApiProblem } from '@/lib/api-client';
import { legalDocument } from '@/testing/fixtures';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import type { Registration } from '../api/register-membership';
import { userTypes } from '../testing/fixtures';
import { RegistrationForm } from './registration-form';

type User = ReturnType<typeof userEvent.setup>;

const outdated = new ApiProblem({
  type: '/problems/legal_version_outdated',
  title: '条款已更新，请阅读最新版本后再同意',
  status: 409,
  code: 'legal_version_outdated',
});

/** An org already on the platform applying (no SMS code): the fields its owner fills in. */
async function fillIn(user: User) {
  const type = async (label: string | RegExp, text: string) => {
    await user.click(screen.getByLabelText(label));
    await user.paste(text);
  };
  await type('单位法人', '王法人');
  await type('法人移动电话', '13900000001');
  await type(/^联系人$/, '张联系');
  await type('联系人移动电话', '13800000002');
  await user.click(screen.getByLabelText('用户类型'));
  await user.click(await screen.findByTitle('企业'));
  await type(/^密码$/, 'Member#2026x');
  await type('确认密码', 'Member#2026x');
}

type Submit = (registration: Registration) => Promise<unknown>;

function renderForm(onSubmit: Submit, charters: { body: unknown }[]) {
  const { requests } = stubApi({
    '/api/v1/member-user-types': { body: userTypes },
    '/api/v1/legal/charter': charters,
  });
  renderWithProviders(
    <RegistrationForm
      org={{ name: '海南测试企业', uscc: '91460100MA5TDEM28D' }}
      submitText="申请入会"
      submitting={false}
      onSubmit={onSubmit}
    />,
  );
  return { requests, user: userEvent.setup() };
}

describe('the charter of a membership registration', () => {
  it('opens the real charter, ticks the box from it and sends the version shown', async () => {
    const onSubmit = vi.fn<Submit>().mockResolvedValue(undefined);
    const { user } = renderForm(onSubmit, [{ body: legalDocument('charter', 1) }]);
    await fillIn(user);

    await user.click(screen.getByRole('button', { name: '《协会章程》' }));
    const dialog = await screen.findByRole('dialog', { name: '协会章程' });
    expect(await within(dialog).findByText(/依据中华人民共和国法律订立/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '我已阅读并同意' }));
    expect(screen.getByRole('checkbox', { name: /我同意遵守/ })).toBeChecked();
    await user.click(screen.getByRole('button', { name: '申请入会' }));

    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ agree_charter: true, charter_version: 1 });
  });

  it('shows a charter published meanwhile, unticks the box, and sends its version once agreed', async () => {
    const onSubmit = vi.fn<Submit>().mockRejectedValueOnce(outdated).mockResolvedValue(undefined);
    const { user } = renderForm(onSubmit, [
      { body: legalDocument('charter', 1) },
      { body: legalDocument('charter', 2, { body: '第二版章程：新增理事会换届。' }) },
    ]);
    await fillIn(user);
    const box = screen.getByRole('checkbox', { name: /我同意遵守/ });
    await user.click(box);
    await user.click(screen.getByRole('button', { name: '申请入会' }));

    const dialog = await screen.findByRole('dialog', { name: '协会章程' });
    expect(await within(dialog).findByText('第二版章程：新增理事会换届。')).toBeInTheDocument();
    expect(within(dialog).getByRole('alert')).toHaveTextContent('条款已更新');
    expect(box).not.toBeChecked();
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ charter_version: 1 });

    await user.click(within(dialog).getByRole('button', { name: '我已阅读并同意' }));
    expect(box).toBeChecked();
    await user.click(screen.getByRole('button', { name: '申请入会' }));

    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(onSubmit.mock.calls[1]![0]).toMatchObject({ agree_charter: true, charter_version: 2 });
  });
});
