import type { UsagePeriod } from '@docket/contracts/usage';

/**
 * One column per day, scaled to the busiest day; each column's value is in its title and in
 * the screen-reader table, so the chart is never the only way to read a number.
 */
export function UsageChart({ periods, value, format, label }: { periods: UsagePeriod[]; value: (period: UsagePeriod) => number; format: (n: number) => string; label: string }) {
  const peak = Math.max(0, ...periods.map(value));
  const max = Math.max(1, peak);
  const width = 100 / periods.length;
  return (
    <figure style={{ margin: 0 }}>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={`${label} per day`} style={{ width: '100%', height: '220px', display: 'block' }}>
        {periods.map((period, i) => {
          const height = (value(period) / max) * 38;
          return (
            <rect key={period.period_start} x={i * width + width * 0.15} y={40 - height} width={width * 0.7} height={height} rx={0.4} fill="var(--info)">
              <title>{`${period.period_start.slice(0, 10)}: ${format(value(period))}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="muted" style={{ display: 'flex', justifyContent: 'space-between', fontSize: '0.8rem' }}>
        <span>{periods[0]?.period_start.slice(0, 10)}</span>
        <span>busiest day: {format(peak)}</span>
        <span>{periods.at(-1)?.period_start.slice(0, 10)}</span>
      </figcaption>
      <table className="sr-only">
        <caption>{label} per day</caption>
        <tbody>
          {periods.map((period) => (
            <tr key={period.period_start}>
              <th>{period.period_start.slice(0, 10)}</th>
              <td>{format(value(period))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
