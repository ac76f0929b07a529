/**
 * A progress bar on standard error: redrawn in place on a terminal, a line every few seconds
 * otherwise (logs, CI), so long imports always show how far they are and how fast they go.
 */
export function progressBar(label: string, total: number) {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let lastDraw = 0;
  const draw = (done: number, items: number, final = false) => {
    const now = Date.now();
    if (!final && now - lastDraw < (tty ? 100 : 5000)) return;
    lastDraw = now;
    const fraction = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? Math.round(items / seconds) : 0;
    const eta = fraction > 0 && !final ? Math.round((seconds / fraction) * (1 - fraction)) : 0;
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1)}% ${items.toLocaleString('en')} items, ${rate.toLocaleString('en')}/s${final ? `, ${seconds.toFixed(1)} s` : `, ETA ${eta} s`}`;
    process.stderr.write(tty ? `\r${line}${final ? '\n' : ''}` : `${line}\n`);
  };
  return { update: (done: number, items: number) => draw(done, items), finish: (items: number) => draw(total, items, true) };
}
