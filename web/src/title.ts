import { useEffect } from 'react';

/** Each page names itself in the window title: what a screen reader announces and a tab shows. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Minh bạch`;
  }, [title]);
}
