import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { changeLanguage } from '@/lib/i18n';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import { CategoryGrid } from './category-grid';

const page = {
  items: [
    {
      id: '1',
      code: 'cross_border_ecommerce',
      name_zh: '跨境电商实务',
      name_en: 'Cross-border e-commerce practice',
      sort_order: 10,
    },
    {
      id: '2',
      code: 'live_commerce',
      name_zh: '直播电商',
      name_en: 'Live-stream commerce',
      sort_order: 60,
    },
  ],
  total: 2,
  page: 1,
  page_size: 100,
};

describe('CategoryGrid', () => {
  it('lists the categories from the API, each linking to the filtered catalog', async () => {
    await changeLanguage('zh-CN');
    const { requests } = stubApi({ '/api/v1/categories': { body: page } });

    renderWithProviders(<CategoryGrid />);

    const list = await screen.findByRole('list', { name: '课程分类' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(list).getByRole('link', { name: /跨境电商实务/ })).toHaveAttribute(
      'href',
      '/classroom?category=cross_border_ecommerce',
    );
    expect(requests[0]?.headers.get('Accept-Language')).toBe('zh-CN');
  });

  it('shows English names and asks the API in English after the switch', async () => {
    await changeLanguage('en');
    const { requests } = stubApi({ '/api/v1/categories': { body: page } });

    renderWithProviders(<CategoryGrid />);

    expect(await screen.findByText('Live-stream commerce')).toBeInTheDocument();
    expect(requests[0]?.headers.get('Accept-Language')).toBe('en');
    expect(window.localStorage.getItem('ketang.language')).toBe('en');
    await changeLanguage('zh-CN');
  });

  it('shows the problem the server answered and retries on request', async () => {
    await changeLanguage('zh-CN');
    stubApi({
      '/api/v1/categories': [
        {
          status: 503,
          contentType: 'application/problem+json',
          body: {
            type: '/problems/service_unavailable',
            title: '服务暂不可用，请稍后再试',
            status: 503,
            code: 'service_unavailable',
          },
        },
        { body: page },
      ],
    });

    renderWithProviders(<CategoryGrid />);

    expect(await screen.findByText('服务暂不可用，请稍后再试')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('跨境电商实务')).toBeInTheDocument();
  });

  it('says so when there are no categories', async () => {
    await changeLanguage('zh-CN');
    stubApi({ '/api/v1/categories': { body: { ...page, items: [], total: 0 } } });

    renderWithProviders(<CategoryGrid />);

    expect(await screen.findByText('暂无课程分类')).toBeInTheDocument();
  });
});
