import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { startSession } from '@/lib/session';
import { renderWithProviders, stubApi } from '@/testing/test-utils';

import { ReviewInbox } from './review-inbox';

describe('ReviewInbox', () => {
  it('shows every queue’s count with the way to it, subsidies included', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/reviews/counts': {
        body: {
          providers: 2,
          courses: 5,
          subsidies: 1,
          members: 0,
          offline_payments: 0,
          held_payments: 0,
        },
      },
    });
    renderWithProviders(<ReviewInbox />);

    expect(await screen.findByRole('link', { name: '服务商审核：2 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/providers',
    );
    expect(screen.getByRole('link', { name: '课程审核：5 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/courses',
    );
    expect(screen.getByRole('link', { name: '补贴申请审核：1 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/subsidies',
    );
  });

  it('counts the online payments held for review, leading to the queue’s flagged segment', async () => {
    startSession('token-1');
    stubApi({
      '/api/v1/admin/reviews/counts': {
        body: {
          providers: 0,
          courses: 0,
          subsidies: 0,
          members: 0,
          offline_payments: 2,
          held_payments: 3,
        },
      },
    });
    renderWithProviders(<ReviewInbox />);

    const held = await screen.findByRole('link', { name: '在线支付待核查：3 项待审核' });
    expect(held).toHaveAttribute('href', '/admin/reviews/offline-payments?status=flagged');
    expect(within(held).getByRole('button')).toHaveClass('ant-btn-primary');
    expect(screen.getByText('在线支付待核查')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '线下缴费确认：2 项待审核' })).toHaveAttribute(
      'href',
      '/admin/reviews/offline-payments',
    );
  });
});
