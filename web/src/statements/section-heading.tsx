import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A section's heading on the statement page that takes the focus when asked: after a form is sent
 * and replaced by its status, a keyboard or screen-reader user lands on what happened instead of
 * at the top of the page.
 */
export function SectionHeading({ id, children, focus = false }: { id: string; children: ReactNode; focus?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return (
    <h3 id={id} tabIndex={-1} ref={ref}>
      {children}
    </h3>
  );
}
