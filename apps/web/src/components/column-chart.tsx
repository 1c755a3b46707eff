export type ChartSegment = { name: string; value: number; color: string };
export type ChartColumn = { key: string; label: string; segments: ChartSegment[] };

/**
 * Columns of stacked segments, scaled to the tallest column. Every value is also in the
 * column's tooltip and in a table for screen readers, so the picture is never the only way
 * to read a number.
 */
export function ColumnChart({ columns, label, format, legend }: { columns: ChartColumn[]; label: string; format: (n: number) => string; legend?: boolean }) {
  const totals = columns.map((column) => column.segments.reduce((sum, segment) => sum + segment.value, 0));
  const peak = Math.max(0, ...totals);
  const scale = 38 / Math.max(1, peak);
  const width = 100 / Math.max(1, columns.length);
  const names = columns[0]?.segments.map((segment) => ({ name: segment.name, color: segment.color })) ?? [];
  return (
    <figure className="chart">
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={label} className="chart-plot">
        {columns.map((column, i) => {
          let top = 40;
          return (
            <g key={column.key}>
              <title>{`${column.label}: ${column.segments.map((segment) => `${format(segment.value)} ${segment.name}`).join(', ')}`}</title>
              {column.segments.map((segment) => {
                const height = segment.value * scale;
                top -= height;
                return height > 0 ? <rect key={segment.name} x={i * width + width * 0.15} y={top} width={width * 0.7} height={height} fill={segment.color} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted chart-axis">
        <span>{columns[0]?.label}</span>
        {legend && names.length > 1 ? (
          <span className="chart-legend">
            {names.map((entry) => (
              <span key={entry.name}>
                {/* The colour is the caller's, per series: not something a stylesheet knows. */}
                <span aria-hidden="true" className="chart-swatch" style={{ background: entry.color }} />
                {entry.name}
              </span>
            ))}
          </span>
        ) : (
          <span>peak: {format(peak)}</span>
        )}
        <span>{columns.at(-1)?.label}</span>
      </figcaption>
      {/* A table ignores width, height and overflow: the wrapper is what hides it, else its full size stretches the page. */}
      <div className="sr-only">
        <table>
          <caption>{label}</caption>
          <tbody>
            {columns.map((column) => (
              <tr key={column.key}>
                <th>{column.label}</th>
                {column.segments.map((segment) => (
                  <td key={segment.name}>
                    {format(segment.value)} {segment.name}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
