import type { ReactNode } from 'react';

/** One key number with its label; `testIdPrefix` gives it a test id made of the prefix and the label (`admin-running-now`). */
export function MetricCard({ label, value, testIdPrefix }: { label: string; value: ReactNode; testIdPrefix?: string }) {
  return (
    <div className="card" data-testid={testIdPrefix && `${testIdPrefix}-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <div className="metric-label">{label}</div>
      <div className="metric-value">{value}</div>
    </div>
  );
}
