import { describe, expect, it } from 'vitest';
import type { HistoryStats } from '@docket/contracts/history';
import { metricCards } from '../src/features/dashboard/components/metric-cards.tsx';
import { formatBytes, formatDuration, formatPercent, formatRelativeTime } from '../src/lib/format.ts';

const stats = (overrides: Partial<HistoryStats>): HistoryStats => ({
  total_jobs: 0,
  total_documents: 0,
  documents_processed: 0,
  documents_failed: 0,
  jobs_by_status: { queued: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 },
  recent_activity: [],
  ...overrides,
});

describe('metric cards', () => {
  it('shows a dash, not NaN or Infinity, before any document finished', () => {
    expect(metricCards(stats({}))).toEqual([
      { label: 'Total jobs', value: '0' },
      { label: 'Documents processed', value: '0 / 0' },
      { label: 'Success rate', value: '—' },
      { label: 'Failed documents', value: '0' },
    ]);
  });

  it('computes the success rate over finished documents', () => {
    const cards = metricCards(stats({ total_jobs: 1200, total_documents: 4210, documents_processed: 4100, documents_failed: 95 }));
    expect(cards.map((card) => card.value)).toEqual(['1,200', '4,100 / 4,210', '97.7%', '95']);
  });
});

describe('formatting', () => {
  it('formats percentages, whole ones without decimals', () => {
    expect(formatPercent(1, 2)).toBe('50%');
    expect(formatPercent(2, 3)).toBe('66.7%');
    expect(formatPercent(5, 0)).toBe('—');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });

  it('formats relative times', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(formatRelativeTime('2026-11-24T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelativeTime('2026-11-23T12:00:00Z', now)).toBe('yesterday');
  });
});

describe('formatDuration', () => {
  it('picks the unit a person reads at a glance', () => {
    expect([320.4, 4_200, 210_000, 4_320_000].map(formatDuration)).toEqual(['320 ms', '4.2 s', '3.5 min', '1.2 h']);
  });
});
