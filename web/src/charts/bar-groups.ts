import type * as PlotLib from '@observablehq/plot';

/**
 * The one shape every statistics chart takes: groups of labelled horizontal bars, each bar with its
 * value written at its end. Horizontal, because labels (authorities, platforms, outcomes) are long
 * and a 360 px phone has no room for them under vertical bars; the value written out, because a
 * reader must never have to tell bars apart by colour or estimate a length.
 */
export type Plot = typeof PlotLib;

export interface Bar {
  label: string;
  value: number;
  /** The value as the page writes it ("12", "33,3 %"). */
  text: string;
}

export interface BarGroup {
  /** Shown above the group's bars (a platform's name), when there are several groups. */
  title?: string;
  bars: readonly Bar[];
}

export interface BarChart {
  groups: readonly BarGroup[];
  /** One scale for every group (bars comparable across platforms), or each group its own. */
  sharedScale: boolean;
  /** The largest value the scale must show, whatever the bars (a share's 1). */
  max?: number;
  /** A reference line, such as a deadline, with its words. */
  rule?: { value: number; label: string };
}

/** AA against white: the portal's brand (9:1) for bars, its error red (6:1) for a limit. */
const BAR = '#0b4f6c';
const RULE = '#b3261e';
const ROW = 28;
const FONT_PX = 13;

let measure: CanvasRenderingContext2D | null | undefined;

/** How wide the browser draws a label, in pixels (an estimate where it cannot say). */
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * FONT_PX * 0.6;
  measure.font = `${FONT_PX}px system-ui, sans-serif`;
  return measure.measureText(text).width;
}

/** The label, cut with an ellipsis where it would be wider than `room` pixels. */
function fit(label: string, room: number): string {
  if (textWidth(label) <= room) return label;
  const chars = [...label];
  let n = chars.length;
  while (n > 1 && textWidth(`${chars.slice(0, n).join('').trimEnd()}…`) > room) n--;
  return `${chars.slice(0, n).join('').trimEnd()}…`;
}

export function renderBarChart(Plot: Plot, width: number, chart: BarChart): HTMLElement {
  const root = document.createElement('div');
  const longest = Math.max(0, ...chart.groups.flatMap((g) => g.bars.map((b) => textWidth(b.label))));
  // Room for the labels, but never more than 45% of the width: a longer label is cut (the table has it whole).
  const marginLeft = Math.min(Math.round(width * 0.45), Math.ceil(longest) + 16);
  const all = chart.groups.flatMap((g) => g.bars.map((b) => b.value));
  const sharedMax = Math.max(chart.max ?? 0, chart.rule?.value ?? 0, ...all, 1);
  for (const group of chart.groups) {
    if (group.title) {
      const title = document.createElement('p');
      title.className = 'chart-group';
      title.textContent = group.title;
      root.append(title);
    }
    const max = chart.sharedScale ? sharedMax : Math.max(chart.max ?? 0, chart.rule?.value ?? 0, ...group.bars.map((b) => b.value), 1);
    const marginTop = chart.rule ? 22 : 4;
    const svg = Plot.plot({
      width,
      height: group.bars.length * ROW + marginTop + 4,
      marginLeft,
      marginRight: 64,
      marginTop,
      marginBottom: 4,
      x: { domain: [0, max], axis: null },
      y: { domain: group.bars.map((b) => b.label), padding: 0.25, axis: null },
      marks: [
        // Cut by the widths the browser draws (Plot's own estimate does not know Vietnamese letters).
        Plot.axisY({ label: null, tickSize: 0, tickPadding: 6, tickFormat: (label: string) => fit(label, marginLeft - 8), fontSize: FONT_PX }),
        Plot.barX(group.bars, { x: 'value', y: 'label', fill: BAR }),
        Plot.text(group.bars, { x: 'value', y: 'label', text: 'text', textAnchor: 'start', dx: 5, fontSize: FONT_PX, fontWeight: 'bold' }),
        ...(chart.rule
          ? [
              Plot.ruleX([chart.rule.value], { stroke: RULE, strokeWidth: 2, strokeDasharray: '5,3' }),
              Plot.text([chart.rule.label], {
                x: chart.rule.value,
                frameAnchor: 'top',
                lineAnchor: 'bottom',
                dy: -4,
                textAnchor: chart.rule.value > max * 0.6 ? 'end' : 'start',
                fill: RULE,
                fontSize: FONT_PX,
              }),
            ]
          : []),
      ],
    });
    root.append(svg);
  }
  // Plot adds a <style> element to each chart; the portal's policy allows no inline style, so it
  // is dropped before the chart enters the page (charts.css holds the same rules).
  for (const style of root.querySelectorAll('style')) style.remove();
  return root;
}
