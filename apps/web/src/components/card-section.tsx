import type { ReactNode, Ref } from 'react';

/**
 * A card with a heading that names it for assistive technology (`aria-labelledby`), and
 * optional actions on the heading's right. `headingRef` makes the heading focusable, for a
 * section that opens on demand and takes the focus.
 */
export function CardSection({
  id,
  title,
  actions,
  headingRef,
  children,
}: {
  id: string;
  title: ReactNode;
  actions?: ReactNode;
  headingRef?: Ref<HTMLHeadingElement>;
  children: ReactNode;
}) {
  const heading = (
    <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
      {title}
    </h2>
  );
  return (
    <section className="card" aria-labelledby={id}>
      {actions ? (
        <div className="card-head">
          {heading}
          <div className="actions">{actions}</div>
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
