import { useState } from 'react';
import { periodStart, type UsageMeter } from '@docket/contracts/usage';
import { CardSection } from '../../../components/card-section.tsx';
import { ColumnChart } from '../../../components/column-chart.tsx';
import { PageHead } from '../../../components/page-head.tsx';
import { QueryView } from '../../../components/states.tsx';
import { organizationLabel, useActiveOrganization } from '../../../lib/active-organization.ts';
import { useUsage } from '../api/get-usage.ts';
import { METERS } from './meters.ts';
import { MeterTotals } from './meter-totals.tsx';
import { MonthSwitcher } from './month-switcher.tsx';

/** The organisation's metered usage (what billing counts), a month at a time, by UTC day. */
export function UsagePage() {
  const [month, setMonth] = useState(() => periodStart(new Date(), 'monthly'));
  const [meter, setMeter] = useState<UsageMeter>('documents_processed');
  const usage = useUsage(month);
  const organization = useActiveOrganization();
  const current = METERS.find((m) => m.meter === meter)!;

  return (
    <>
      <PageHead title="Usage" actions={<MonthSwitcher month={month} onChange={setMonth} />}>
        What Docket metered for {organizationLabel(organization)}, by UTC day: documents count on the day they finished, jobs on the day they were submitted.
      </PageHead>
      <QueryView query={usage} loadingRows={6}>
        {(report) => (
          <>
            <MeterTotals totals={report.totals} selected={meter} onSelect={setMeter} />
            <CardSection id="usage-chart" title={`${current.label} per day`}>
              <ColumnChart
                label={`${current.label} per day`}
                format={current.format}
                columns={report.periods.map((period) => ({
                  key: period.period_start,
                  label: period.period_start.slice(0, 10),
                  segments: [{ name: current.label.toLowerCase(), value: period[meter], color: 'var(--info)' }],
                }))}
              />
            </CardSection>
          </>
        )}
      </QueryView>
    </>
  );
}
