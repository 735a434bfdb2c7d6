import { screen } from '@testing-library/react';
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

import { certifiedOrg, FakeMediaInput, provider, providerEnums } from '../test-fixtures';

import { ProviderApplication } from './provider-application';

function renderApplication(routes: Record<string, Route>, org = certifiedOrg) {
  startSession('token-1');
  const stub = stubApi({ '/api/v1/meta/enums': { body: providerEnums }, ...routes });
  renderWithProviders(<ProviderApplication org={org} MediaInput={FakeMediaInput} />, {
    path: '/provider',
  });
  const writes = () => stub.requests.filter((r) => r.method === 'POST' || r.method === 'PUT');
  return { ...stub, writes, user: userEvent.setup() };
}

const notApplied = problemReply(404, { code: 'not_found', title: '不存在' });

describe('ProviderApplication', () => {
  it('sends an uncertified org to certify first, linking to its enterprise page', async () => {
    renderApplication({}, { ...certifiedOrg, certification: 'uncertified' });

    expect(await screen.findByText('企业尚未认证')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /前往认证企业/ })).toHaveAttribute(
      'href',
      '/enterprise?org=o1',
    );
    expect(screen.queryByRole('button', { name: /保存并提交审核/ })).not.toBeInTheDocument();
  });

  it('applies with the org fields pre-filled and the one-type note, then shows pending', async () => {
    const { writes, user } = renderApplication({
      '/api/v1/orgs/o1/provider': [
        notApplied,
        { status: 201, body: provider() },
        { body: provider() },
      ],
    });

    await screen.findByText(/仅可升级为一种服务商/);
    expect(screen.getByText('云课堂供应商')).toBeInTheDocument();
    expect(screen.getByText('91460200MA5RCN2P6M')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: '服务商名称' })).toHaveValue('海南椰风贸易有限公司');
    expect(screen.getByRole('textbox', { name: '详细地址' })).toHaveValue(certifiedOrg.address);
    expect(screen.getByRole('textbox', { name: '详细地址' })).toHaveAttribute('maxlength', '30');
    expect(screen.getByRole('textbox', { name: '联系电话' })).toHaveAttribute('maxlength', '20');
    expect(screen.getByRole('textbox', { name: '简介' })).toHaveAttribute('maxlength', '300');

    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));
    expect(await screen.findByText('请上传 Logo')).toBeInTheDocument();
    expect(screen.getByText('请输入简介')).toBeInTheDocument();
    expect(writes()).toHaveLength(0);

    await user.type(screen.getByRole('textbox', { name: 'media:provider_logo' }), 'm-logo');
    await user.type(screen.getByRole('textbox', { name: '简介' }), '跨境电商培训。');
    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));

    expect(await screen.findByText(/您的申请正在审核中/)).toBeInTheDocument();
    expect(writes()[0]!.method).toBe('POST');
    expect(await bodyOf(writes()[0])).toEqual({
      name: '海南椰风贸易有限公司',
      address: certifiedOrg.address,
      contact_phone: certifiedOrg.contact_phone,
      intro: '跨境电商培训。',
      logo_media_id: 'm-logo',
    });
    expect(screen.getByText('待审核')).toBeInTheDocument();
  });

  it('puts the server’s field errors under their fields', async () => {
    const { user } = renderApplication({
      '/api/v1/orgs/o1/provider': [
        notApplied,
        problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            { field: 'logo_media_id', code: 'media_dimensions', message: '尺寸应为 185×74' },
          ],
        }),
      ],
    });
    await user.type(await screen.findByRole('textbox', { name: 'media:provider_logo' }), 'm-wrong');
    await user.type(screen.getByRole('textbox', { name: '简介' }), '简介');
    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));

    expect(await screen.findByText('尺寸应为 185×74')).toBeInTheDocument();
    expect(screen.queryByText('提交的信息有误')).not.toBeInTheDocument();
  });

  it('shows the reason of a rejection and resubmits the edit with PUT', async () => {
    const rejected = provider({ status: 'rejected', reject_reason: 'Logo 不清晰' });
    const { writes, user } = renderApplication({
      '/api/v1/orgs/o1/provider': (request) =>
        request.method === 'PUT' ? { body: provider() } : { body: rejected },
    });

    expect(await screen.findByText(/申请被驳回/)).toBeInTheDocument();
    expect(screen.getByText('驳回原因：Logo 不清晰')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /进入服务商后台/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /修改信息/ }));
    const intro = screen.getByRole('textbox', { name: '简介' });
    await user.clear(intro);
    await user.type(intro, '新的简介');
    await user.click(screen.getByRole('button', { name: /保存并提交审核/ }));

    await screen.findByText('已保存');
    expect(writes()[0]!.method).toBe('PUT');
    expect(await bodyOf(writes()[0])).toMatchObject({ intro: '新的简介', logo_media_id: 'm-logo' });
  });

  it('offers the provider console once approved', async () => {
    renderApplication({
      '/api/v1/orgs/o1/provider': { body: provider({ status: 'approved' }) },
    });

    expect(await screen.findByText(/您已是云课堂服务商/)).toBeInTheDocument();
    expect(await screen.findByText('已通过')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /进入服务商后台/ })).toHaveAttribute(
      'href',
      '/provider-console/o1',
    );
  });
});
