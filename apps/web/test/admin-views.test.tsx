import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminWorkers, QueueStats } from '@docket/contracts/admin';
import { QueuesCard } from '../src/features/admin/components/queues-card.tsx';
import { WorkersCard } from '../src/features/admin/components/workers-card.tsx';

const AT = '2026-11-29T12:00:00.000Z';

const queue = (name: string, kind: QueueStats['kind'], pending: number): QueueStats => ({
  name,
  kind,
  status: 'idle',
  queue: { pending, processing: 0, failed: 0, completed: 10 },
  performance: { average_execution_ms: 12, last_execution_ms: 10, success_rate: 1 },
  schedule: null,
  recent_executions: [],
  generated_at: AT,
});

const WORKER = 'docket@host:42';
const workers: AdminWorkers = {
  active: { [WORKER]: [{ id: 'q1', queue: 'extract-document', document_id: 'd1', started_at: AT }] },
  scheduled: { [WORKER]: [{ id: 'q2', queue: 'extract-document', start_after: AT, document_id: 'd2', job_id: 'j2', attempts: 1 }] },
  reserved: { [WORKER]: [] },
  revoked: { [WORKER]: ['q3', 'q4', 'q5'] },
  stats: { [WORKER]: { host: 'host', pid: 42, concurrency: 2, started_at: AT, uptime_s: 60, last_heartbeat_at: AT, processed: 7, failed: 1, memory_rss_bytes: 1 << 27 } },
};

// The server's answers to the two admin lists these cards read.
beforeEach(() => {
  const answers: Record<string, unknown> = {
    '/api/admin/queues': { items: [queue('extract-document', 'queue', 3), queue('maintenance', 'queue', 0), queue('single', 'job_type', 5), queue('batch', 'job_type', 1)] },
    '/api/admin/workers': workers,
  };
  vi.stubGlobal('fetch', async (path: string) => new Response(JSON.stringify(answers[path]), { status: 200, headers: { 'content-type': 'application/json' } }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const renderWithQueries = (children: ReactNode) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>{children}</MemoryRouter>
    </QueryClientProvider>,
  );

const rowNames = (table: HTMLElement) => within(table).getAllByRole('link').map((link) => link.textContent);

describe('admin views', () => {
  it('shows the queues and the job types in two tables, each linking to its page', async () => {
    renderWithQueries(
      <>
        <QueuesCard kind="queue" />
        <QueuesCard kind="job_type" />
      </>,
    );
    expect(rowNames(await screen.findByRole('table', { name: 'Queues' }))).toEqual(['extract-document', 'maintenance']);
    const jobTypes = screen.getByRole('table', { name: 'Job types' });
    expect(rowNames(jobTypes)).toEqual(['single', 'batch']);
    expect(within(jobTypes).getByRole('link', { name: 'single' }).getAttribute('href')).toBe('/admin/queues/single');
  });

  it('counts each worker’s documents in flight, retries waiting on it and documents it revoked', async () => {
    renderWithQueries(<WorkersCard />);
    const row = within(await screen.findByRole('table', { name: 'Workers' })).getByRole('row', { name: new RegExp(WORKER) });
    const cells = within(row).getAllByRole('cell').map((cell) => cell.textContent);
    expect(cells.slice(0, 4)).toEqual([WORKER, '1 / 2', '1', '3']);
  });
});
