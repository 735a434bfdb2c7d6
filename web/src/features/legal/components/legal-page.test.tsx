import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { legalDocument } from '@/testing/fixtures';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import { LegalPage } from './legal-page';

const versions = {
  body: {
    items: [2, 1].map((version) => {
      const { title, change_note, published_at, is_default } = legalDocument('privacy', version);
      return { version, title, change_note, published_at, is_default };
    }),
    total: 2,
    page: 1,
    page_size: 100,
  },
};

describe('the public page of a text', () => {
  it('shows the current version, rendered from its Markdown, and offers the earlier ones', async () => {
    stubApi({
      '/api/v1/legal/privacy': { body: legalDocument('privacy', 2) },
      '/api/v1/legal/privacy/versions': versions,
    });
    const onVersionChange = vi.fn();
    renderWithProviders(<LegalPage kind="privacy" onVersionChange={onVersionChange} />);

    expect(await screen.findByRole('heading', { level: 1, name: '隐私政策' })).toBeInTheDocument();
    expect(screen.getByText(/依据中华人民共和国法律订立（第 2 版）/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: '一、总则' })).toBeInTheDocument();
    expect(screen.getByText(/第 2 版 · 2026年12月1日 发布/)).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('版本'));
    await user.click(await screen.findByTitle(/^第 1 版/));
    expect(onVersionChange).toHaveBeenCalledWith(1);
  });

  it('says an earlier version is one, with the way to the current text', async () => {
    stubApi({
      '/api/v1/legal/privacy': { body: legalDocument('privacy', 2) },
      '/api/v1/legal/privacy/versions/1': { body: legalDocument('privacy', 1) },
      '/api/v1/legal/privacy/versions': versions,
    });
    renderWithProviders(<LegalPage kind="privacy" version={1} onVersionChange={vi.fn()} />);

    expect(await screen.findByText(/法律订立（第 1 版）/)).toBeInTheDocument();
    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent('这是历史版本（第 1 版），当前为第 2 版。');
    expect(within(notice).getByRole('link', { name: '查看当前版本' })).toHaveAttribute(
      'href',
      '/legal/privacy',
    );
  });
});
