import type { ReactNode } from 'react';

/** A form control (`children`, whose id is `id`) under its label; `grow` takes the toolbar's spare width. */
export function Field({ id, label, grow, children }: { id: string; label: string; grow?: boolean; children: ReactNode }) {
  return (
    <div className={grow ? 'field grow' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}
