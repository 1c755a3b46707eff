export type ChartSeries = { label: string; color: string; points: { x: number; y: number }[] };

export type LineChart = {
  title: string;
  xLabel: string;
  yLabel: string;
  /** `log`: for sizes spanning decades (a flat line is then the claim); `linear`: for counts such as processes. */
  xScale: 'log' | 'linear';
  /** How an x value is written under the axis. */
  formatX(x: number): string;
  series: ChartSeries[];
};

/**
 * A small line chart (SVG, no dependencies) for the benchmarks' pictures: one line per
 * series, a dot per measured point, the measured x values as the axis ticks and the
 * y axis from 0, so slopes and gaps are drawn to scale.
 */
export function lineChartSvg(chart: LineChart): string {
  const width = 640;
  const height = 320;
  const margin = { top: 40, right: 190, bottom: 44, left: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const position = chart.xScale === 'log' ? Math.log10 : (x: number) => x;
  const xs = [...new Set(chart.series.flatMap((series) => series.points.map((point) => point.x)))];
  const [minX, maxX] = [Math.min(...xs.map(position)), Math.max(...xs.map(position))];
  const maxY = niceCeiling(Math.max(...chart.series.flatMap((series) => series.points.map((point) => point.y))));
  const x = (value: number) => margin.left + (maxX === minX ? plotW / 2 : ((position(value) - minX) / (maxX - minX)) * plotW);
  const y = (value: number) => margin.top + plotH - (value / maxY) * plotH;

  const gridY = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="600" fill="#111827">${escapeXml(chart.title)}</text>`,
    ...gridY.map(
      (value) =>
        `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e7eb"/><text x="${margin.left - 8}" y="${y(value) + 4}" text-anchor="end" fill="#6b7280">${round(value)}</text>`,
    ),
    ...xs.map((value) => `<text x="${x(value)}" y="${margin.top + plotH + 18}" text-anchor="middle" fill="#6b7280">${escapeXml(chart.formatX(value))}</text>`),
    `<text x="${margin.left + plotW / 2}" y="${height - 6}" text-anchor="middle" fill="#374151">${escapeXml(chart.xLabel)}</text>`,
    `<text transform="translate(14 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#374151">${escapeXml(chart.yLabel)}</text>`,
  ];
  chart.series.forEach((series, i) => {
    const path = series.points.map((point, j) => `${j ? 'L' : 'M'}${x(point.x).toFixed(1)} ${y(point.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${series.color}" stroke-width="2.5"/>`);
    for (const point of series.points) parts.push(`<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="3.5" fill="${series.color}"/>`);
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

/** A grid value as written: quarters of the top value, so at most two decimals (0.25, not a rounded 0.3). */
const round = (value: number) => String(Number(value.toFixed(2)));
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
