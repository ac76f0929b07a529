import { describe, expect, it } from 'vitest';
import { htmlOverLimit, MAX_HTML_BYTES, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, scanHtml } from './html-limits.ts';

describe('scanHtml', () => {
  it('counts elements and nesting, not end tags, comments or doctype', () => {
    expect(scanHtml('<!doctype html><html><body><!-- <div><div> --><div><p>a</p><p>b</p></div></body></html>')).toEqual({ elements: 5, depth: 3 });
  });

  it('does not let void, implicitly closed or SVG self-closed elements add depth', () => {
    const page = `<html><body>${'<p>para<br><img src=x>'.repeat(200)}<ul>${'<li>item'.repeat(200)}</ul><svg>${'<path d="M0"/>'.repeat(200)}</svg></body></html>`;
    expect(scanHtml(page).depth).toBeLessThan(10);
  });

  it('counts unclosed and "<div/>" elements as nested, as the parser nests them', () => {
    expect(scanHtml('<div><b><i>x'.repeat(100)).depth).toBe(300);
    expect(scanHtml('<div/>'.repeat(100)).depth).toBe(100);
  });

  it('reads script, style and textarea contents as text', () => {
    const page = `<html><body><script>for (let i = 0; i < n; i++) s += "<div><div>";</script><style>a<b{}</style><textarea><div></textarea><div>x</div></body></html>`;
    expect(scanHtml(page)).toEqual({ elements: 6, depth: 3 });
  });
});

describe('htmlOverLimit', () => {
  it('passes an ordinary page', () => {
    const page = `<!doctype html><html><head><title>t</title></head><body>${'<div class="row"><p>Một đoạn văn.</p><a href="/x">x</a></div>'.repeat(2_000)}</body></html>`;
    expect(htmlOverLimit(page)).toBeNull();
  });

  it('refuses a page over the byte limit, counting UTF-8 bytes', () => {
    expect(htmlOverLimit('ệ'.repeat(Math.ceil(MAX_HTML_BYTES / 3) + 1))?.reason).toBe('too_large');
  });

  it('refuses a page with too many elements', () => {
    expect(htmlOverLimit('<br>'.repeat(MAX_HTML_ELEMENTS + 1))?.reason).toBe('too_many_elements');
    expect(htmlOverLimit('<br>'.repeat(MAX_HTML_ELEMENTS))).toBeNull();
  });

  it('refuses unclosed nested tags, the input that froze the server', () => {
    expect(htmlOverLimit(`<html><body>${'<div><b><i>'.repeat(MAX_HTML_DEPTH / 3 + 1)}</body></html>`)).toMatchObject({
      reason: 'too_deep',
      message: expect.stringContaining('deep'),
    });
  });

  it('reads malformed input to a verdict: tags without ">", unterminated comments and scripts', () => {
    expect(htmlOverLimit(`<svg>${'<a'.repeat(MAX_HTML_BYTES / 2 - 3)}`)?.reason).toBe('too_deep');
    expect(htmlOverLimit('<!--'.repeat(MAX_HTML_BYTES / 4))).toBeNull();
    expect(htmlOverLimit('<script>'.repeat(MAX_HTML_BYTES / 8))).toBeNull();
  });
});
