/**
 * Realistic public records for the log benchmark, built by the production builders
 * (publicRecordForDecision, publicRecordsForNotice in src/core/public-record.ts, redaction
 * included) once per template; each appended record is a template with fresh ids, so rows are
 * distinct (UNIQUE (type, source_id, platform)) and every body hashes differently.
 *
 * Two shapes: "realistic" (statements of reasons and authority requests, ~1.2–1.6 KB of JSON
 * body, 50/50) and "compact" (a minimal statement of reasons, ~0.4 KB), to show how the cost of
 * the entry computation (publicDocument → RFC 8785 JCS → SHA-256) scales with the body.
 */
import { randomUUID } from 'node:crypto';
import type { NoticeDraft } from '../../src/core/notice.ts';
import { publicRecordForDecision, publicRecordsForNotice, type PublicRecordDraft } from '../../src/core/public-record.ts';
import { uuidv7 } from '../../src/core/ids.ts';
import { sealPublicRecord } from '../../src/core/public-record-document.ts';

export type RecordShape = 'realistic' | 'compact';

const PLATFORMS: string[] = ['facebook', 'youtube', 'tiktok', 'x', 'instagram', 'threads', 'vnexpress.net'];
const CATEGORIES = [
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_VIOLENCE',
  'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
];
const FACTS = [
  'Bài đăng dẫn tới một trang giả mạo ngân hàng, yêu cầu người dùng nhập tên đăng nhập, mật khẩu và mã OTP để "nhận quà tri ân khách hàng". Trang đã được xác minh là không thuộc ngân hàng; tên miền được đăng ký hai ngày trước khi bài đăng xuất hiện. Nội dung đã bị gỡ trên toàn bộ lãnh thổ Việt Nam và tài khoản đăng bài bị hạn chế chức năng quảng cáo trong 90 ngày.',
  'Video tải lên sử dụng toàn bộ một tập phim truyền hình đang được phát sóng độc quyền, không có sự cho phép của chủ sở hữu quyền. Chủ sở hữu đã gửi thông báo kèm bằng chứng đăng ký quyền tác giả; nền tảng đã đối chiếu dấu vân tay nội dung và xác nhận trùng khớp 98%. Video bị chặn hiển thị tại Việt Nam.',
  'Bài viết chứa thông tin sai lệch về chính sách tiêm chủng, khẳng định vắc-xin gây vô sinh, đã được cơ quan y tế bác bỏ. Bài viết được chia sẻ hơn 12.000 lần trong 24 giờ. Nền tảng đã giảm phạm vi hiển thị và gắn nhãn thông tin kèm liên kết tới nguồn chính thức.',
];

function statement(i: number, compact: boolean): Record<string, unknown> {
  const category = CATEGORIES[i % CATEGORIES.length]!;
  if (compact) {
    return {
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      content_type: ['CONTENT_TYPE_TEXT'],
      category,
      content_date: '2026-11-01',
      application_date: '2026-11-02',
      decision_facts: 'Trang giả mạo ngân hàng.',
      automated_detection: 'No',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      puid: `puid-${i}`,
    };
  }
  return {
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED', 'DECISION_VISIBILITY_CONTENT_LABELLED'],
    decision_monetary: 'DECISION_MONETARY_SUSPENSION',
    decision_provision: 'DECISION_PROVISION_PARTIAL_SUSPENSION',
    decision_account: 'DECISION_ACCOUNT_SUSPENDED',
    account_type: 'ACCOUNT_TYPE_PRIVATE',
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24; Luật An ninh mạng 2018, Điều 16',
    illegal_content_explanation: 'Nội dung lừa đảo chiếm đoạt tài sản, giả mạo tổ chức tín dụng để thu thập thông tin đăng nhập của người dùng.',
    content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'],
    category,
    category_specification: ['KEYWORD_PHISHING'],
    content_language: 'vi',
    content_date: '2026-11-01',
    application_date: '2026-11-02',
    end_date_monetary_restriction: '2027-02-01',
    territorial_scope: ['VN'],
    decision_facts: FACTS[i % FACTS.length]!,
    automated_detection: 'Yes',
    automated_decision: 'AUTOMATED_DECISION_PARTIALLY',
    puid: `puid-${i}-${randomUUID()}`,
    content_id: { EAN_13: '8934567890123' },
  };
}

function noticeDraft(i: number, at: Date): NoticeDraft {
  const platform = PLATFORMS[i % PLATFORMS.length]!;
  return {
    id: randomUUID(),
    submitter_kind: 'authority',
    category: CATEGORIES[i % CATEGORIES.length]!,
    category_specification: ['KEYWORD_PHISHING'],
    explanation: `${FACTS[(i + 1) % FACTS.length]!} Yêu cầu gỡ bỏ trong thời hạn 24 giờ theo quy định. Liên hệ: phòng PA05, hồ sơ số ${1000 + i}.`,
    legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
    content_language: 'vi',
    urgency: 'normal',
    fingerprint: `bench-${i}`,
    received_at: at,
    due_at: new Date(at.getTime() + 86_400_000),
    items: [0, 1].map((k) => ({
      position: k,
      url: `https://www.${platform}.com/post/${i}-${k}`,
      text: null,
      platform,
      canonical_url: `https://www.${platform}.com/post/${i}-${k}`,
      content_key: `${platform}:post:${i}-${k}`,
    })),
  };
}

/** Template drafts; `fresh` makes a new distinct record from one. */
export class RecordFactory {
  readonly templates: PublicRecordDraft[];
  #next = 0;
  constructor(
    readonly shape: RecordShape,
    count = 512,
  ) {
    const at = new Date('2026-11-02T08:00:00.000Z');
    this.templates = [];
    for (let i = 0; i < count; i++) {
      if (shape === 'realistic' && i % 2 === 1) {
        const [r] = publicRecordsForNotice(noticeDraft(i, at), { kind: 'authority', name: 'Cục An toàn thông tin, Bộ Công an' });
        this.templates.push(r!);
      } else {
        const platform = PLATFORMS[i % PLATFORMS.length]!;
        this.templates.push(
          publicRecordForDecision({
            decisionId: randomUUID(),
            caseId: randomUUID(),
            platform,
            platformName: `${platform[0]!.toUpperCase()}${platform.slice(1)}`,
            canonicalUrl: `https://www.${platform}.com/post/${i}`,
            statement: statement(i, shape === 'compact'),
            createdAt: at,
          }),
        );
      }
    }
  }

  /** A new record: fresh id, source id and the body's own ids, published now, sealed (digested) as its publisher does. */
  fresh(): PublicRecordDraft & { sha256: string } {
    const t = this.templates[this.#next++ % this.templates.length]!;
    const now = new Date();
    const source = randomUUID();
    const body: Record<string, unknown> = { ...t.body };
    if (t.type === 'statement_of_reasons') Object.assign(body, { uuid: source, case_id: randomUUID(), created_at: now.toISOString() });
    else Object.assign(body, { notice_id: source, received_at: now.toISOString(), due_at: new Date(now.getTime() + 86_400_000).toISOString() });
    return sealPublicRecord({ ...t, id: uuidv7(now.getTime()), source_id: source, published_at: now, body });
  }

  batch(n: number): (PublicRecordDraft & { sha256: string })[] {
    return Array.from({ length: n }, () => this.fresh());
  }

  /** Mean JSON size of a body, bytes (UTF-8). */
  meanBodyBytes(): number {
    const sample = this.batch(200);
    return Math.round(sample.reduce((a, r) => a + Buffer.byteLength(JSON.stringify(r.body)), 0) / sample.length);
  }
}
