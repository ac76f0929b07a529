/**
 * The hostile inputs of issue 11, each as it was reported against the server: what froze or
 * crashed it before. Built once, before the clock starts, so the attackers spend their time
 * sending, not building.
 */
export interface Attack {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A string, or one per request (the i-th) where repeats would be refused before the work. */
  body?: string | ((i: number) => string);
  /** Which credentials to send: an organization's key, a random wrong key, or none. */
  auth: 'key' | 'wrong-key' | 'none';
}

const categoryFields = {
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  explanation: 'Trang giả mạo ngân hàng để lấy mật khẩu',
  legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
};

/** 287 KB of unclosed nested tags: blocked /healthz for 4.7 s when parsed on the event loop. */
function nestedTags(bytes: number): string {
  const unit = '<div><b><i><span><a href="#">x';
  return '<html><body>' + unit.repeat(Math.ceil(bytes / unit.length));
}

/**
 * A page inside every pre-parse limit (under 50,000 elements, shallow) that is still expensive to
 * parse and reduce to its article: this one reaches the worker threads and their time budget.
 */
function wideTable(elements: number): string {
  const row = '<tr><td><a href="/x?a=1&b=2">ô</a></td><td><span>Nhận quà</span></td></tr>';
  return `<html><body><article><table>${row.repeat(Math.floor(elements / 5))}</table></article></body></html>`;
}

/**
 * URLs built to make the old edge-trimming regex (`[\s\p{Cf}]+$`) go quadratic: a long run of
 * zero-width characters that does not reach the end, in a URL that starts outside ASCII (the
 * condition that ran it). Each is refused as not a URL; the attack was the time spent deciding so.
 */
function craftedUrl(i: number, length: number): string {
  const junk = ['\u200b', '\u00a0', '\u2060', ' '][i % 4]!;
  return `\u00a0${junk.repeat(length)}x${junk.repeat(length)}é`;
}

/** A JSON body nested 3,000 deep: overflowed the stack of the NUL guard's recursion. */
function deepJson(depth: number): string {
  return '{"items":' + '['.repeat(depth) + ']'.repeat(depth) + '}';
}

/** Digits and separators in every arrangement the redaction looks at, for a published explanation. */
function digitSoup(bytes: number): string {
  const parts = ['0912 345 678', 'sđt0912345678', '00 10 99 01 23 45', '123.456.789', 'STK 0071000123456', '1.500.000đ', '147/2024/NĐ-CP', ' - ', '\u200b', '. ', '０９１２'];
  let s = '';
  for (let i = 0; s.length < bytes; i++) s += parts[(i * 7) % parts.length] + (i % 3 ? ' ' : '9');
  return s;
}

export function buildAttacks(): Attack[] {
  const json = { 'content-type': 'application/json' };
  // 2 notices of 100 URLs of ~1,400 characters (up to 3 bytes each): just under the 1 MiB body limit.
  const urlBatch = {
    notices: Array.from({ length: 2 }, (_, n) => ({ ...categoryFields, items: Array.from({ length: 100 }, (_, i) => ({ url: craftedUrl(n * 100 + i, 700) })) })),
  };
  return [
    { name: 'nested HTML, 287 KB, to /match', method: 'POST', path: '/api/v1/match', headers: json, body: JSON.stringify({ html: nestedTags(287_000) }), auth: 'key' },
    { name: 'nested HTML, 900 KB, to /match', method: 'POST', path: '/api/v1/match', headers: json, body: JSON.stringify({ html: nestedTags(900_000) }), auth: 'key' },
    { name: 'wide HTML, 45,000 elements, to /match', method: 'POST', path: '/api/v1/match', headers: json, body: JSON.stringify({ html: wideTable(45_000) }), auth: 'key' },
    { name: 'crafted URLs, 200 in a ~900 KB batch', method: 'POST', path: '/api/v1/notices/batch', headers: json, body: JSON.stringify(urlBatch), auth: 'key' },
    { name: 'JSON nested 3,000 deep', method: 'POST', path: '/api/v1/notices', headers: json, body: deepJson(3_000), auth: 'key' },
    {
      name: 'published explanation of digit soup, 5,000 characters (the maximum)',
      method: 'POST',
      path: '/api/v1/notices',
      headers: json,
      body: (
        (soup) => (i: number) =>
          JSON.stringify({ ...categoryFields, explanation: soup, items: [{ url: `https://www.facebook.com/page/posts/${1000 + i}` }] })
      )(digitSoup(5_000)),
      auth: 'key',
    },
    { name: 'NUL in a query string', method: 'GET', path: '/api/v1/public/records?q=%00', auth: 'none' },
    { name: 'public stats', method: 'GET', path: '/api/v1/public/stats', auth: 'none' },
    { name: 'random API keys', method: 'GET', path: '/api/v1/cases', auth: 'wrong-key' },
  ];
}
