import { lineChartSvg } from '../line-chart.ts';

export type ScalingPoint = { jobs: number; stats: number; hourly: number; daily: number };

const SERIES = [
  { key: 'stats', label: 'GET /api/history/stats', color: '#2563eb' },
  { key: 'hourly', label: 'analytics, 31 days hourly', color: '#16a34a' },
  { key: 'daily', label: 'analytics, 366 days daily', color: '#d97706' },
] as const;

/** p99 latency of the history reads against the number of jobs on a log scale: flat lines are the claim. */
export function scalingChartSvg(points: ScalingPoint[], title: string): string {
  return lineChartSvg({
    title,
    xLabel: 'jobs of one user (log scale)',
    yLabel: 'p99 latency, ms',
    xScale: 'log',
    formatX: compact,
    series: SERIES.map((series) => ({ label: series.label, color: series.color, points: points.map((point) => ({ x: point.jobs, y: point[series.key] })) })),
  });
}

const compact = (jobs: number) => (jobs >= 1_000_000 ? `${jobs / 1_000_000}M` : jobs >= 1000 ? `${jobs / 1000}k` : String(jobs));
