import type { HistoryScope } from '@docket/contracts/organizations';

const SCOPES: ReadonlyArray<{ scope: HistoryScope; label: string }> = [
  { scope: 'organization', label: 'This organisation' },
  { scope: 'user', label: 'All my jobs' },
];

/** Whose numbers the dashboard shows: every member's jobs in the active organisation, or the user's own in all of theirs. */
export function ScopeSwitch({ scope, onChange }: { scope: HistoryScope; onChange: (scope: HistoryScope) => void }) {
  return (
    <div role="group" aria-label="Whose jobs" className="button-group">
      {SCOPES.map((option) => (
        <button key={option.scope} type="button" className={`button small${option.scope === scope ? ' primary' : ''}`} aria-pressed={option.scope === scope} onClick={() => onChange(option.scope)}>
          {option.label}
        </button>
      ))}
    </div>
  );
}
