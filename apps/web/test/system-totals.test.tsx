import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AdminStats } from '@docket/contracts/admin';
import { SystemTotals } from '../src/features/admin/components/system-totals.tsx';

afterEach(cleanup);

const stats: AdminStats = {
  total_jobs: 40,
  by_status: { queued: 7, running: 3, succeeded: 25, failed: 4, cancelled: 1 },
  total_documents: 200,
  documents_by_status: { queued: 20, processing: 5, succeeded: 165, failed: 10, cancelled: 0 },
  total_users: 12,
  generated_at: '2026-11-29T12:00:00.000Z',
};

const value = (testId: string) => screen.getByTestId(testId).querySelector('.metric-value')?.textContent;

describe('admin system totals', () => {
  it('counts only running jobs under "Running now", not the queued ones', () => {
    render(<SystemTotals stats={stats} />);
    expect(value('admin-running-now')).toBe('3');
  });

  it('shows users, jobs and the failed documents with their share', () => {
    render(<SystemTotals stats={stats} />);
    expect([value('admin-users'), value('admin-jobs'), value('admin-documents-failed')]).toEqual(['12', '40', '10 (5%)']);
  });
});
