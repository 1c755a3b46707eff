export function ProgressBar({ value, max, label, tone }: { value: number; max: number; label: string; tone?: 'done' | 'error' }) {
  const percent = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0;
  return (
    <div className={`progress ${tone ?? ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      {/* The one value CSS cannot know: how far along it is. */}
      <span style={{ width: `${percent}%` }} />
    </div>
  );
}
