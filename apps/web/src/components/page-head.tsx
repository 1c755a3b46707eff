import type { ReactNode } from 'react';

/** A page's title block: where it sits (`trail`), its `<h1>`, what it is for, and its actions on the right. */
export function PageHead({ title, trail, actions, children }: { title: ReactNode; trail?: ReactNode; actions?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        {trail && <p className="muted">{trail}</p>}
        <h1>{title}</h1>
        {children && <p className="muted">{children}</p>}
      </div>
      {actions}
    </div>
  );
}
