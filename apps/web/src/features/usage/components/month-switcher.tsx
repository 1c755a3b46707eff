import { nextPeriod, periodStart } from '@docket/contracts/usage';

/** The UTC month shown, with Previous and Next; Next stops at the current month. */
export function MonthSwitcher({ month, onChange }: { month: Date; onChange: (month: Date) => void }) {
  const isThisMonth = month.getTime() === periodStart(new Date(), 'monthly').getTime();
  return (
    <div className="actions">
      <button type="button" className="button small" onClick={() => onChange(nextPeriod(month, 'monthly', -1))}>
        ← Previous
      </button>
      <strong data-testid="usage-month">{month.toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })}</strong>
      <button type="button" className="button small" disabled={isThisMonth} onClick={() => onChange(nextPeriod(month, 'monthly'))}>
        Next →
      </button>
    </div>
  );
}
