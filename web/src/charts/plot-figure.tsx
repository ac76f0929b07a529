import { useEffect, useRef, useState } from 'react';
import type { BarChart, Plot } from './bar-groups.ts';

/**
 * The chart library is loaded on first use, in its own file: the statistics page is the only one
 * that draws charts, so no other page's first load carries it (the portal's first-load budget).
 */
let library: Promise<[Plot, typeof import('./bar-groups.ts')]> | null = null;
const load = () => (library ??= Promise.all([import('@observablehq/plot'), import('./bar-groups.ts')]));

/**
 * A chart drawn at the width it is given, redrawn when that changes. Hidden from assistive
 * technology: the data table beside it says the same, in text (chart-section.tsx).
 */
export function PlotFigure({ chart }: { chart: BarChart }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (width === 0) return;
    let current = true;
    load().then(
      ([Plot, { renderBarChart }]) => {
        if (current) ref.current?.replaceChildren(renderBarChart(Plot, width, chart));
      },
      // Without the library the page still has every figure, in the tables: nothing to show here.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [chart, width]);

  return <div className="chart" ref={ref} aria-hidden="true" />;
}
