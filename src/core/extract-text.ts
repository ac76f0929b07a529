/**
 * Finds the article in a web page that was pasted as plain text, with its furniture still in it:
 * menus, breadcrumbs, share buttons, visitor counters, "related articles" lists, footers.
 *
 * Pure and dependency-free. The rules were written against real Vietnamese news and government
 * pages (see /work/shared/context/articles) and are deliberately conservative: when unsure, a line
 * is kept, because a reporter would rather delete a stray menu item than lose a paragraph.
 *
 * Outline:
 *  1. Split into trimmed lines and classify each one (paragraph, headline-like, date line,
 *     furniture that ends a section, furniture that is merely dropped).
 *  2. Cut the page into blocks at "hard breaks" (date lines, attribution, section headings such as
 *     "Tin liên quan", counters, share bars, footers).
 *  3. The article body is the block with the most paragraph text.
 *  4. The title is the nearest headline-like line above the body (skipping date and counter lines).
 */

export interface ExtractedText {
  title: string | null;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// Line-level patterns. Vietnamese letters are non-ASCII, so `\b` (ASCII-only) is never used after a
// Vietnamese word; `END` (end of word: space, punctuation or end of line) is used instead.
// ---------------------------------------------------------------------------------------------
const END = String.raw`(?=$|[\s:.,|>»›\-–—])`;
const rx = (source: string): RegExp => new RegExp(source, 'iu');

/**
 * Headings that open a block of furniture: everything after them up to the next break is a list of
 * other articles, comments or widgets, never the article itself. Only applied to short lines, so a
 * paragraph that starts "Chia sẻ về tình hình..." (a real sentence in 004) is unaffected.
 */
const SECTION_HEADING = rx(
  String.raw`^(tin|bài viết|bài|tin tức)\s+(liên quan|cùng chuyên mục|khác|mới|mới nhất|đọc nhiều|xem nhiều|nổi bật|đã đưa)${END}` +
    String.raw`|^(xem thêm|đọc thêm|cùng tác giả|cùng chuyên mục|nổi bật trong ngày|tiêu điểm|ý kiến bạn đọc|bình luận|gửi bình luận|ý kiến của bạn|viết bình luận|thống kê truy cập|liên kết website|từ khóa|từ khoá|tags?|chủ đề|đang truy cập|tổng lượt truy cập|lượt truy cập|liên hệ quảng cáo|bản đồ địa giới hành chính)${END}`,
);

/** Visitor and view counters ("Lượt xem: 1234", "Hôm nay : 488", "Tổng số : 82.121.320"): widget noise. */
const COUNTER = rx(
  String.raw`^(số\s+)?(lượt xem|lượt đọc|lượt truy cập|đang truy cập|đang online|trực tuyến|tổng lượt truy cập|tổng số lượt truy cập|truy cập hôm nay|hôm nay|hôm qua|tuần này|tuần trước|tháng này|tháng trước|tháng\s*\d{1,2}|năm\s*\d{4}|tổng số|tổng cộng|khách|thành viên|lượt thích|lượt chia sẻ)(?:\s*[:：])?[\d.,\s]+$`, // spaces after the label: matched by one quantifier, not three
);

/**
 * Share bars, font-size and contrast toolbars, print/email buttons, rating widgets. These are
 * toolbars around the article; a toolbar line is a hard break because it sits between regions.
 */
const TOOLBAR = rx(
  String.raw`chia sẻ bài viết|A-\s*A\s*A\+|tăng tương phản|giảm tương phản|click để đánh giá|đánh giá bài viết|tổng số điểm của bài viết|cỡ chữ|in bài viết|gửi bài viết|lưu bài viết` +
    String.raw`|^(chia sẻ|share|tweet|thích|like|in bài|bản in|print|gửi email|email|facebook|twitter|zalo|lưu|báo lỗi|theo dõi)(\s*[|:]|$)`,
);

/** Footers: copyright, licence, editor-in-chief, contact lines. Nothing after them is article text. */
const FOOTER = rx(
  String.raw`^(©|\(c\)|copyright|bản quyền|ghi rõ nguồn|giấy phép|chịu trách nhiệm|tổng biên tập|cơ quan chủ quản|địa chỉ\s*:|điện thoại\s*:|đt\s*:|fax\s*:|hotline|e-?mail\s*:)`,
);

/** "Nguồn: ..." source lines close an article (003: "Nguồn: http://www.vietnamplus.vn/..."). */
const SOURCE = rx(String.raw`^(nguồn|source)\s*:`);

/**
 * Attribution lines ("Theo Đài Sơn", "Theo NGỌC BÍCH (TTXVN/VIETNAM+)", "Theo Cổng Thông tin điện tử
 * Chính phủ") conventionally end a Vietnamese article. A paragraph starting "Theo đó, ..." is not
 * one: attribution lines are short, have no comma and do not end a sentence.
 */
const ATTRIBUTION = /^theo\s+[^,;]{2,80}$/iu;

/**
 * Inline cross-links inside an article ("Xem thêm: <headline>", "Đọc thêm: ..."): dropped, but they
 * do NOT end the article, because news sites put them between paragraphs of the same story.
 */
const INLINE_LINK = rx(String.raw`^(xem thêm|đọc thêm|xem tiếp|tin liên quan|bài liên quan)\s*[:>»]\s*\S`);

/** Photo captions carry a credit ("- Ảnh: VGP/Nhật Bắc", "(Ảnh: Minh Quyết/TTXVN)"); drop them. */
const PHOTO_CREDIT = rx(String.raw`(^|[\s\-–(])(ảnh|nguồn ảnh|photo|video)\s*:\s*(?:[^.:\s][^.:]{0,59})?\)?\.?\s*$|\(ảnh minh hoạ?\)|^ảnh minh hoạ?`); // the credit starts after the spaces: they are not matched twice

/** Breadcrumbs: "Trang chủ > Tin tức > Kinh tế", "Home » ...". */
const BREADCRUMB = /^[^.!?]{0,120}(?:\s[>»›/]\s(?:(?!\s[>»›/]\s)[^.!?]){1,60}){2,}$/u; // a part never spans a separator: no exponential backtracking

/** A full date (05/11/2019, 22-03-2023, 21.03.2017). Times and weekdays are removed to test shortness. */
const DATE = /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b/u;
const DATE_NOISE = rx(
  String.raw`\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}:\d{2}\d*|(thứ\s+(\d|hai|ba|tư|năm|sáu|bảy|bẩy))|chủ nhật|cập nhật|ngày|đăng|lúc|gmt\s*\+?\s*\d*|lượt xem|lượt đọc|lượt thích|bình luận|views?|\d+|(?<!\p{L})(am|pm)(?!\p{L})|[|,\-–—()]`,
);

const SENTENCE_END = /[.!?…"”»)']\s*$/u;
const LETTER = /\p{L}/u;

// ---------------------------------------------------------------------------------------------

const words = (line: string): number => line.split(/\s+/u).filter(Boolean).length;

/** Normalises spaces, including the no-break spaces pasted pages are full of (003). */
function normaliseLine(line: string): string {
  return line
    .replace(/[\u00a0\u2000-\u200b\u202f\u3000\ufeff\t]/gu, ' ')
    .replace(/ {2,}/gu, ' ')
    .trim();
}

/**
 * A paragraph is prose: long enough (≥ 60 characters and ≥ 10 words) and sentence-like (it ends a
 * sentence or contains one). Menus, headlines and captions are shorter or lack sentence punctuation.
 */
export function isParagraph(line: string): boolean {
  return line.length >= 60 && words(line) >= 10 && (SENTENCE_END.test(line) || /[.!?;]\s+\p{Lu}/u.test(line));
}

/**
 * A date line is a short line whose content is essentially a date ("Thứ 3, 19/09/2023 | 20:34",
 * "20:22 | 05/11/2019", "Thứ tư - 22/03/2023 16:086620", "Cập nhật ngày 21/03/2017"): at most two
 * words remain when date, time, weekday and filler are removed. A headline that merely contains a
 * date ("Giá vàng ngày 27/04/2024 tăng mạnh") keeps too many words to qualify. View and comment
 * counts glued to the date ("20:22 | 05/11/2019 Lượt xem: 1234") are part of the same meta line.
 */
export function isDateLine(line: string): boolean {
  if (!DATE.test(line) || line.length > 80) return false;
  return words(line.replace(new RegExp(DATE_NOISE.source, 'giu'), ' ')) <= 2;
}

function isShort(line: string): boolean {
  return line.length <= 160 && !(isParagraph(line) && SENTENCE_END.test(line) && words(line) >= 14);
}

/** Lines that end a region: the article cannot continue past them. */
export function isHardBreak(line: string): boolean {
  if (isDateLine(line)) return true;
  if (!isShort(line)) return TOOLBAR.test(line) && !SENTENCE_END.test(line);
  if (INLINE_LINK.test(line)) return false;
  return (
    SECTION_HEADING.test(line) ||
    COUNTER.test(line) ||
    TOOLBAR.test(line) ||
    FOOTER.test(line) ||
    SOURCE.test(line) ||
    (ATTRIBUTION.test(line) && words(line) <= 10 && !/[.!?]$/u.test(line))
  );
}

/** Lines dropped wherever they appear, without ending a region. */
function isNoise(line: string, title: string | null): boolean {
  // Bare numbers ("0" under the date in 000 is a comment counter) and symbol-only lines ("• :", "-").
  if (!LETTER.test(line) || /^[\d\s.,:|]+$/u.test(line)) return true;
  if (isShort(line) && (INLINE_LINK.test(line) || BREADCRUMB.test(line))) return true;
  if (line.length <= 300 && PHOTO_CREDIT.test(line)) return true;
  // Image alt text and breadcrumbs that repeat the headline ("Kinh tế vĩ mô - <title> (Hình 2).").
  // Compared case-insensitively: 001 repeats its headline as a caption with "Đại diện" capitalised.
  if (title && line !== title && line.length <= title.length + 60 && line.toLowerCase().includes(title.toLowerCase())) return true;
  return false;
}

/**
 * Could this line be a headline? Headlines are 2–40 words, have letters, and do not end like a
 * sentence fragment (".", ",", ";", ":"); "?" and "!" are allowed. Source tags in parentheses
 * ("(laichau.gov.vn)"), URLs and domain names are not headlines.
 */
export function isHeadline(line: string): boolean {
  const n = words(line);
  if (n < 2 || n > 40 || line.length < 8 || line.length > 250) return false;
  if (!LETTER.test(line) || /[.,;:]$/u.test(line)) return false;
  if (/^\(.*\)$/u.test(line) || /^(?:https?:\/\/|www\.)/iu.test(line) || /^[\w-]+(?:\.[\w-]+)+$/u.test(line)) return false;
  return !isHardBreak(line) && !isNoise(line, null);
}

/**
 * A line that is page furniture wherever it appears (toolbars, counters, section headings, footers,
 * date and attribution lines, captions, bare numbers). Used to clean text another extractor found.
 */
export function isFurnitureLine(line: string): boolean {
  const l = normaliseLine(line);
  return l.length === 0 || isHardBreak(l) || isNoise(l, null);
}

/**
 * A heading or footer after which a page holds no more article text ("Tin liên quan", "Ý kiến bạn
 * đọc", "Cùng chuyên mục", "© 2024 ..."). Inline links ("Xem thêm: <headline>") do not end it.
 */
export function endsArticle(line: string): boolean {
  const l = normaliseLine(line);
  return isShort(l) && !INLINE_LINK.test(l) && (SECTION_HEADING.test(l) || FOOTER.test(l));
}

interface Block {
  start: number; // index of the first line (inclusive)
  end: number; // index after the last line
  score: number;
}

/** Cuts lines into blocks at hard breaks; a block's score is its total paragraph length. */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let start = 0;
  const close = (end: number): void => {
    // Trim leading and trailing non-paragraph lines: a body starts and ends with prose, so the
    // headline, site name and menu items around it fall outside.
    let s = start;
    let e = end;
    while (s < e && !isParagraph(lines[s] as string)) s++;
    while (e > s && !isParagraph(lines[e - 1] as string)) e--;
    if (s < e) {
      let score = 0;
      for (let i = s; i < e; i++) if (isParagraph(lines[i] as string)) score += (lines[i] as string).length;
      out.push({ start: s, end: e, score });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    if (isHardBreak(lines[i] as string)) {
      close(i);
      start = i + 1;
    }
  }
  close(lines.length);
  return out;
}

/**
 * The title is the nearest headline-like line above the body, looking back at most 8 non-empty
 * lines and skipping date lines, counters, toolbars and source tags. On news pages the headline
 * sits right above the date line (000, 001, 004) or above a source tag (003). When the page has
 * no headline above its first paragraph (002 starts with its lead), the title is null: inventing
 * one from the lead would be wrong.
 */
function findTitle(lines: string[], bodyStart: number): string | null {
  let looked = 0;
  for (let i = bodyStart - 1; i >= 0 && looked < 8; i--, looked++) {
    const line = lines[i] as string;
    if (isHeadline(line)) return line;
  }
  return null;
}

/**
 * Extracts the title and the main text from a pasted page. The text is the body's lines joined by
 * blank lines, with in-body noise (captions with photo credits, alt text repeating the headline,
 * inline "Xem thêm:" links, bare numbers) removed. If the page has no paragraph at all (a short
 * note, a list), every non-furniture line is returned and the title is null.
 */
export function extractFromPlainText(input: string): ExtractedText {
  const lines = input
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map(normaliseLine)
    .filter((l) => l.length > 0);

  const candidates = blocks(lines);
  if (candidates.length === 0) {
    const kept = lines.filter((l) => !isHardBreak(l) && !isNoise(l, null));
    return { title: null, text: kept.join('\n') };
  }

  // The body is the block with the most prose. Ties go to the earlier block: related-article lists
  // come after the article. The related lists of 000 and 001 hold paragraph-like teasers, but each
  // teaser is cut off by its own date line (000) or the list is shorter than the article (001).
  let best = candidates[0] as Block;
  for (const b of candidates) if (b.score > best.score) best = b;

  const title = findTitle(lines, best.start);
  const body: string[] = [];
  for (let i = best.start; i < best.end; i++) {
    const line = lines[i] as string;
    if (!isNoise(line, title)) body.push(line);
  }
  return { title, text: body.join('\n\n') };
}
