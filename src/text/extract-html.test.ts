import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { extractFromHtml } from './extract-html.ts';
import { MAX_HTML_BYTES } from './html-limits.ts';

const P1 = 'Chiều ngày 05/11, tại Trụ sở Bộ, Thứ trưởng đã có buổi tiếp và làm việc với đại diện nền tảng mạng xã hội do Phó Chủ tịch phụ trách chính sách công làm Trưởng đoàn.';
const P2 = 'Thứ trưởng đề nghị nền tảng cần chủ động, tích cực hợp tác, thường xuyên trao đổi với Bộ để gỡ bỏ các thông tin xấu độc và bảo vệ thông tin cá nhân người dùng.';
const P3 = 'Đại diện nền tảng cam kết sẽ đối thoại thường xuyên với Bộ và các cơ quan có liên quan để cùng nhau xây dựng môi trường không gian mạng an toàn, lành mạnh.';

const PAGE = `<!doctype html>
<html lang="vi"><head>
<meta charset="utf-8"><title>Thứ trưởng tiếp và làm việc với đại diện nền tảng - Báo Điện tử X</title>
<script>globalThis.__extractHtmlPwned = true;</script>
<script src="https://tracker.example/t.js"></script>
<link rel="stylesheet" href="https://cdn.example/site.css">
<style>body { color: red }</style>
</head><body>
<header><div class="logo">Báo Điện tử X</div>
<nav class="menu"><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li><li><a href="/cong-nghe">Công nghệ</a></li></ul></nav></header>
<main>
<article>
<h1>Thứ trưởng tiếp và làm việc với đại diện nền tảng</h1>
<div class="meta"><span class="date">20:22 | 05/11/2019</span> <span class="views">Lượt xem: 1234</span></div>
<div class="share-tools social"><a href="#">Chia sẻ</a> <a href="#">Facebook</a> <a href="#">Zalo</a></div>
<p>${P1}</p>
<figure><img src="https://img.example/a.jpg" alt="ảnh"><figcaption>Quang cảnh buổi làm việc. (Ảnh: TTXVN)</figcaption></figure>
<p>${P2}</p>
<p>${P3}</p>
<p class="author">Theo Đài Sơn</p>
</article>
<aside class="related sidebar"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Mã độc đánh cắp tài khoản hoành hành mạnh tại Việt Nam</a></li>
<li><a href="/b">Xử lý một trường hợp đăng tải thông tin sai sự thật</a></li>
<li><a href="/c">AI thay đổi cục diện thị trường việc làm</a></li></ul></aside>
</main>
<div class="comments"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea><button>Gửi bình luận</button></form></div>
<footer><p>© 2024 Báo Điện tử X. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p><p>Tổng lượt truy cập: 82.121.320</p></footer>
<script>document.body.innerHTML = 'hijacked'; globalThis.__extractHtmlPwned = true;</script>
</body></html>`;

const FURNITURE = [
  'Trang chủ',
  'Thời sự',
  'Tin liên quan',
  'Mã độc đánh cắp tài khoản',
  'AI thay đổi cục diện',
  'Chia sẻ',
  'Zalo',
  'Lượt xem',
  'Ý kiến bạn đọc',
  'Gửi bình luận',
  '©',
  'Ghi rõ nguồn',
  'Tổng lượt truy cập',
  'Báo Điện tử X',
  'hijacked',
  '__extractHtmlPwned',
  'color: red',
  'Ảnh: TTXVN',
];

describe('extractFromHtml', () => {
  it('finds the headline and the article text, without the page furniture', () => {
    const { title, text } = extractFromHtml(PAGE, 'https://news.example/bai-viet/1');
    expect(title).toBe('Thứ trưởng tiếp và làm việc với đại diện nền tảng');
    expect(text).toBe([P1, P2, P3].join('\n\n'));
    for (const f of FURNITURE) expect(text, f).not.toContain(f);
  });

  it('never executes scripts', () => {
    const g = globalThis as { __extractHtmlPwned?: boolean; __inlineHandler?: boolean };
    delete g.__extractHtmlPwned;
    const html = `<html><body><img src="x" onerror="globalThis.__inlineHandler = true">
      <script>globalThis.__extractHtmlPwned = true</script><p>${P1}</p><p>${P2}</p>
      <script type="module">globalThis.__extractHtmlPwned = true</script></body></html>`;
    const { text } = extractFromHtml(html);
    extractFromHtml(PAGE);
    expect(g.__extractHtmlPwned).toBeUndefined();
    expect(g.__inlineHandler).toBeUndefined();
    expect(text).toContain(P1);
    expect(text).not.toContain('__extractHtmlPwned');
  });

  it('refuses oversize input with a clear error naming the field', () => {
    const huge = `<html><body><p>${'a'.repeat(MAX_HTML_BYTES)}</p></body></html>`;
    let err: unknown;
    try {
      extractFromHtml(huge);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('payload_too_large');
    expect((err as AppError).message).toMatch(/limit is 2097152 bytes/);
    expect((err as AppError).fields[0]?.field).toBe('html');
  });

  it('counts bytes, not characters (Vietnamese letters take 2–3 bytes in UTF-8)', () => {
    const chars = Math.ceil(MAX_HTML_BYTES / 3) + 10; // under the limit in characters, over it in bytes
    expect(() => extractFromHtml('ệ'.repeat(chars))).toThrow(AppError);
  });

  it('refuses, before parsing, a page nested deeper than any article (it would parse for minutes)', () => {
    expect(() => extractFromHtml(`<html><body>${'<div><b><i>x'.repeat(2_000)}</body></html>`)).toThrow(/more than 5000 deep/);
  });

  it('accepts a fragment and falls back to the plain-text extractor when Readability finds nothing', () => {
    expect(extractFromHtml('')).toEqual({ title: null, text: '' });
    const fragment = `<div>Trang chủ</div><div>Thời sự</div><h2>Một tiêu đề bài viết ngắn</h2><div>${P1}</div><div>${P2}</div>`;
    const { title, text } = extractFromHtml(fragment);
    expect(text).toContain(P1);
    expect(text).toContain(P2);
    expect(text).not.toContain('Trang chủ');
    expect(title).toBe('Một tiêu đề bài viết ngắn');
  });

  it('keeps the line structure of a pasted page saved in <pre> and applies the plain-text rules', () => {
    const pre = `<html><body><pre>Trang chủ\nThời sự\nTiêu đề của bài được dán vào\n20:22 | 05/11/2019\n${P1}\n${P2}\nTheo Đài Sơn\nTin liên quan\nMột bài khác hoàn toàn</pre></body></html>`;
    const { title, text } = extractFromHtml(pre);
    expect(title).toBe('Tiêu đề của bài được dán vào');
    expect(text).toBe(`${P1}\n\n${P2}`);
  });

  it('with no prose at all, returns the remaining lines and no title', () => {
    expect(extractFromHtml('<html><body><div>Trang chủ</div><div>Liên hệ với chúng tôi</div></body></html>')).toEqual({
      title: null,
      text: 'Trang chủ\nLiên hệ với chúng tôi',
    });
  });

  it('a deeply nested page skips Readability and is still extracted, quickly', () => {
    const depth = 4000; // Readability alone would take minutes on this
    const html = `<html><body>${'<div>'.repeat(depth)}<p>${P1}</p><p>${P2}</p>${'</div>'.repeat(depth)}</body></html>`;
    const started = Date.now();
    expect(extractFromHtml(html).text).toBe(`${P1}\n\n${P2}`);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
