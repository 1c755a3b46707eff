import type { MeterQuantities, UsageMeter } from '@docket/contracts/usage';
import { METERS } from './meters.ts';

/** The month's total of every meter; each is a toggle that picks the meter the chart shows. */
export function MeterTotals({ totals, selected, onSelect }: { totals: MeterQuantities; selected: UsageMeter; onSelect: (meter: UsageMeter) => void }) {
  return (
    <section className="grid metrics five" aria-label="Month totals">
      {METERS.map((m) => (
        <button type="button" key={m.meter} className="card meter-toggle" aria-pressed={m.meter === selected} onClick={() => onSelect(m.meter)} data-testid={`usage-${m.meter}`}>
          <div className="metric-label">{m.label}</div>
          <div className="metric-value">{m.format(totals[m.meter])}</div>
        </button>
      ))}
    </section>
  );
}
