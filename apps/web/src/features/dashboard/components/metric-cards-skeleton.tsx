import { Skeleton } from '../../../components/states.tsx';

/** The four key numbers' cards while the stats load, shaped like the real ones so nothing jumps. */
export function MetricCardsSkeleton() {
  return (
    <div className="grid metrics">
      {[1, 2, 3, 4].map((i) => (
        <div className="card" key={i}>
          <Skeleton shape="label" />
          <Skeleton shape="value" />
        </div>
      ))}
    </div>
  );
}
