/**
 * Deterministic Vietnamese post generator for the match-speed benchmark.
 *
 * A first-order Markov chain over whitespace tokens (≈ syllables) of the VFND texts in
 * ../shared/corpus/vfnd (when present; never copied into the repository), else of a built-in
 * Vietnamese word list sampled Zipf-like. Post i is a pure function of (seed, i), so the main
 * thread can regenerate any stored post to derive near-duplicate queries without keeping them.
 * Posts of a Markov chain share common bigrams the way real posts do (realistic background
 * Jaccard and hot LSH buckets), unlike uniformly random words.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const VFND_DIR = path.resolve(ROOT, '../shared/corpus/vfnd');

export type Rng = () => number;

/** mulberry32: uniform in [0, 1). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const WORDS = `của và là có không được người những cho với các một này đã trong khi đến từ theo như để
về ra làm nhiều năm sẽ thì cũng đó lại việc sau còn tại bị nên mới vì phải ngày đang thể nói biết
nước hơn rồi chỉ mà thông tin tiền cảnh báo lừa đảo chia sẻ ngay xe miễn phí trúng thưởng tài khoản
ngân hàng số điện thoại mọi công an xã huyện tỉnh thành phố hà nội sài gòn bệnh viện bác sĩ thuốc
vắc xin dịch bệnh trẻ em học sinh giáo viên trường mẹ bố gia đình mất tích bắt cóc cứu giúp đỡ
khẩn cấp tin đồn sự thật chính phủ bộ y tế quyết định mới nhất giá xăng tăng giảm đất đai bão lũ
lụt miền trung bắc nam chết bị thương tai nạn giao thông cảnh sát phạt tiền triệu đồng nghìn`.split(/\s+/);

export interface Chain {
  vocab: string[];
  /** Token ids of the corpus in order. */
  seq: Int32Array;
  /** Successor ids of each token id: succ.subarray(succStart[id], succStart[id + 1]). */
  succ: Int32Array;
  succStart: Int32Array;
  source: string;
}

function corpusTexts(): { texts: string[]; source: string } {
  if (!existsSync(VFND_DIR)) return { texts: [], source: 'synthetic' };
  const texts: string[] = [];
  for (const f of readdirSync(VFND_DIR)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    try {
      const d = JSON.parse(readFileSync(path.join(VFND_DIR, f), 'utf8')) as Record<string, unknown>;
      for (const k of ['title', 'description', 'text', 'maintext']) {
        const v = d[k];
        if (typeof v === 'string' && v.trim()) texts.push(v);
      }
    } catch {
      /* skip unreadable file */
    }
  }
  return { texts, source: `VFND (${texts.length} texts from ${VFND_DIR})` };
}

export function buildChain(): Chain {
  let { texts, source } = corpusTexts();
  let tokens: string[] = [];
  for (const t of texts) for (const tok of t.split(/\s+/)) if (tok && !tok.includes('\\') && tok.length < 40) tokens.push(tok);
  if (tokens.length < 20_000) {
    source = 'synthetic (built-in word list, Zipf-sampled)';
    const r = rng(12345);
    tokens = [];
    for (let i = 0; i < 60_000; i++) tokens.push(WORDS[Math.floor(WORDS.length * Math.pow(r(), 2.2))]!);
  }
  const ids = new Map<string, number>();
  const vocab: string[] = [];
  const seq = new Int32Array(tokens.length);
  tokens.forEach((t, i) => {
    let id = ids.get(t);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(t);
      ids.set(t, id);
    }
    seq[i] = id;
  });
  const counts = new Int32Array(vocab.length + 1);
  for (let i = 0; i + 1 < seq.length; i++) counts[seq[i]! + 1]!++;
  const succStart = new Int32Array(vocab.length + 1);
  for (let v = 0; v < vocab.length; v++) succStart[v + 1] = succStart[v]! + counts[v + 1]!;
  const fill = succStart.slice();
  const succ = new Int32Array(Math.max(0, seq.length - 1));
  for (let i = 0; i + 1 < seq.length; i++) succ[fill[seq[i]!]!++] = seq[i + 1]!;
  return { vocab, seq, succ, succStart, source };
}

/** Post i (≈ `length` tokens) for a given seed: a random walk over the chain, restarting at dead ends. */
export function generatePost(chain: Chain, seed: number, i: number, length = 100): string {
  const r = rng(mix(seed, i));
  const out: string[] = [];
  let cur = chain.seq[Math.floor(r() * chain.seq.length)]!;
  out.push(chain.vocab[cur]!);
  while (out.length < length) {
    const a = chain.succStart[cur]!;
    const b = chain.succStart[cur + 1]!;
    // Occasionally jump (keeps posts from locking into one long memorized passage).
    cur = b > a && r() > 0.04 ? chain.succ[a + Math.floor(r() * (b - a))]! : chain.seq[Math.floor(r() * chain.seq.length)]!;
    out.push(chain.vocab[cur]!);
  }
  return out.join(' ');
}

export function stripMarks(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

export const VARIANTS = [
  'replace 1 word',
  'replace 3 words',
  'diacritics stripped',
  'alarm prefix + suffix',
  'clauses reordered',
  'cut to 75%',
  'teencode + zero-width + old tone style',
  'stripped + 2 words replaced',
] as const;

/** A re-post of `text` of the given kind (index into VARIANTS). */
export function nearDuplicate(chain: Chain, text: string, kind: number, r: Rng): string {
  const words = text.split(' ');
  const replace = (ws: string[], n: number): string[] => {
    const out = ws.slice();
    for (let k = 0; k < n; k++) out[Math.floor(r() * out.length)] = chain.vocab[Math.floor(r() * chain.vocab.length)]!;
    return out;
  };
  switch (kind) {
    case 0:
      return replace(words, 1).join(' ');
    case 1:
      return replace(words, 3).join(' ');
    case 2:
      return stripMarks(text);
    case 3:
      return `CẢNH BÁO!!! ${text} Hãy chia sẻ ngay cho mọi người!!!`;
    case 4: {
      const cut = Math.floor(words.length * (0.3 + 0.4 * r()));
      return [...words.slice(cut), ...words.slice(0, cut)].join(' ');
    }
    case 5:
      return words.slice(Math.floor(words.length * 0.25)).join(' ');
    case 6: {
      const teen: Record<string, string> = { không: 'ko', được: 'dc', người: 'ng', với: 'vs', rồi: 'r', biết: 'bik', quá: 'wá' };
      return words.map((w, j) => (teen[w] ?? w.replace(/hòa/g, 'hoà').replace(/khỏe/g, 'khoẻ').replace(/thúy/g, 'thuý')) + (j % 7 === 3 ? '\u200b' : '')).join(' ');
    }
    default:
      return stripMarks(replace(words, 2).join(' '));
  }
}
