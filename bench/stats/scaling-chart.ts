export type ScalingPoint = { jobs: number; stats: number; hourly: number; daily: number };

const SERIES = [
  { key: 'stats', label: 'GET /api/history/stats', color: '#2563eb' },
  { key: 'hourly', label: 'analytics, 31 days hourly', color: '#16a34a' },
  { key: 'daily', label: 'analytics, 366 days daily', color: '#d97706' },
] as const;

/**
 * A small line chart (SVG, no dependencies) of p99 latency against the number of jobs on a
 * log scale: flat lines are the claim, so the picture should make a slope obvious.
 */
export function scalingChartSvg(points: ScalingPoint[], title: string): string {
  const width = 640;
  const height = 320;
  const margin = { top: 40, right: 190, bottom: 44, left: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const logs = points.map((point) => Math.log10(point.jobs));
  const [minLog, maxLog] = [Math.min(...logs), Math.max(...logs)];
  const maxY = niceCeiling(Math.max(...points.flatMap((point) => SERIES.map((series) => point[series.key]))));
  const x = (jobs: number) => margin.left + (maxLog === minLog ? plotW / 2 : ((Math.log10(jobs) - minLog) / (maxLog - minLog)) * plotW);
  const y = (ms: number) => margin.top + plotH - (ms / maxY) * plotH;

  const gridY = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="600" fill="#111827">${escapeXml(title)}</text>`,
    ...gridY.map(
      (ms) =>
        `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(ms)}" y2="${y(ms)}" stroke="#e5e7eb"/><text x="${margin.left - 8}" y="${y(ms) + 4}" text-anchor="end" fill="#6b7280">${round(ms)}</text>`,
    ),
    ...points.map(
      (point) => `<text x="${x(point.jobs)}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#6b7280">${compact(point.jobs)}</text>`,
    ),
    `<text x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#374151">jobs of one user (log scale)</text>`,
    `<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#374151">p99 latency, ms</text>`,
  ];
  SERIES.forEach((series, i) => {
    const path = points.map((point, j) => `${j ? 'L' : 'M'}${x(point.jobs).toFixed(1)} ${y(point[series.key]).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2.5"/>`);
    for (const point of points) parts.push(`<circle cx="${x(point.jobs).toFixed(1)}" cy="${y(point[series.key]).toFixed(1)}" r="3.5" fill="${series.color}"/>`);
    const legendY = margin.top + 10 + i * 20;
    parts.push(
      `<line x1="${margin.left + plotW + 16}" x2="${margin.left + plotW + 36}" y1="${legendY}" y2="${legendY}" stroke="${series.color}" stroke-width="2.5"/>`,
      `<text x="${margin.left + plotW + 42}" y="${legendY + 4}" fill="#111827">${escapeXml(series.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceCeiling(value: number): number {
  const step = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return Math.ceil(value / step) * step || 1;
}

const round = (ms: number) => (Number.isInteger(ms) ? String(ms) : ms.toFixed(1));
const compact = (jobs: number) => (jobs >= 1_000_000 ? `${jobs / 1_000_000}M` : jobs >= 1000 ? `${jobs / 1000}k` : String(jobs));
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
