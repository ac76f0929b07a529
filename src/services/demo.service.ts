import { AppError } from '../core/errors.ts';
import type { OrgKind } from '../core/organization.ts';
import type { NoticeInput } from '../core/notice.ts';
import { listOrganizations } from '../repositories/organization.repository.ts';
import { listServices } from '../repositories/service.repository.ts';
import { actOnCase } from './case.service.ts';
import type { ServiceContext } from './context.ts';
import { recordDecision } from './decision.service.ts';
import { submitNotice } from './intake.service.ts';
import { createOrganization } from './organization.service.ts';

/**
 * A small, realistic demo drawn from the situations in the source articles: account-stealing
 * malware spread through Facebook, false information about officials, pirated films on YouTube,
 * a fake car giveaway harvesting phone numbers. All URLs and organizations are fictional ("demo").
 */
const ORGS: { key: string; kind: OrgKind; name: string; service?: string }[] = [
  { key: 'ministry', kind: 'authority', name: 'Cục Phát thanh, truyền hình và thông tin điện tử (demo)' },
  { key: 'security', kind: 'authority', name: 'Cục An toàn thông tin (demo)' },
  { key: 'factcheck', kind: 'trusted_flagger', name: 'Nhóm kiểm chứng thông tin Sự Thật (demo)' },
  { key: 'rights', kind: 'rights_holder', name: 'Hãng phim Sao Việt (demo)' },
  { key: 'public', kind: 'public_reporter', name: 'Cổng tiếp nhận phản ánh của người dân (demo)' },
  { key: 'facebook', kind: 'platform', name: 'Facebook (Meta) (demo)', service: 'facebook' },
  { key: 'youtube', kind: 'platform', name: 'YouTube (Google) (demo)', service: 'youtube' },
];

const NOTICES: { by: string; notice: NoticeInput }[] = [
  {
    by: 'security',
    notice: {
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      category_specification: ['KEYWORD_PHISHING', 'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING'],
      items: [{ url: 'https://www.facebook.com/demo.tienich.page/posts/100001', text: 'Tải tiện ích xem ai đã xem trang cá nhân của bạn! Cài ngay miễn phí…' }],
      explanation: 'Bài đăng phát tán tiện ích trình duyệt chứa mã độc đánh cắp tài khoản Facebook; mã độc này đã lây nhiễm hơn 100.000 máy tính tại Việt Nam trong một tháng.',
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      content_language: 'vi',
      urgency: 'urgent',
    },
  },
  {
    by: 'public',
    notice: {
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      category_specification: ['KEYWORD_PHISHING'],
      items: [{ url: 'https://m.facebook.com/demo.tienich.page/posts/100001?fbclid=IwAR0demo&utm_source=share' }],
      explanation: 'Trang này dụ cài tiện ích lạ, bạn tôi cài xong thì mất tài khoản.',
      content_language: 'vi',
    },
  },
  {
    by: 'factcheck',
    notice: {
      category: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
      category_specification: ['KEYWORD_MISINFORMATION_DISINFORMATION'],
      items: [{ url: 'https://www.facebook.com/demo.tintuc24h/posts/200002/', text: 'NÓNG: Chính phủ sắp thu hồi toàn bộ sổ đỏ cấp trước năm 2000!!!' }],
      explanation: 'Thông tin sai sự thật: không có văn bản nào quy định thu hồi sổ đỏ cấp trước năm 2000; đã đối chiếu với thông cáo chính thức.',
      content_language: 'vi',
    },
  },
  {
    by: 'rights',
    notice: {
      category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
      category_specification: ['KEYWORD_COPYRIGHT_INFRINGEMENT'],
      items: [{ url: 'https://youtu.be/DEMOfilm001?si=share123' }, { url: 'https://www.youtube.com/watch?v=DEMOfilm002&feature=share' }],
      explanation: 'Tải lên trái phép toàn bộ phim điện ảnh do hãng giữ bản quyền, chưa được cấp phép.',
      content_language: 'vi',
    },
  },
  {
    by: 'ministry',
    notice: {
      category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
      category_specification: ['KEYWORD_OTHER'],
      items: [{ url: 'https://www.tiktok.com/@demo.quatang/video/7300000000000000001', text: 'Tặng xe VinFast miễn phí, để lại số điện thoại để nhận quà' }],
      explanation: 'Giả mạo chương trình tặng xe để thu thập số điện thoại người dùng.',
      legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
      content_language: 'vi',
    },
  },
];

export interface DemoOrganization {
  name: string;
  kind: OrgKind;
  org_id: string;
  /** Only when the demo was just loaded: keys are shown once. */
  api_key?: string;
}

/**
 * Loads the demo all or nothing, in one transaction. Loaded already: nothing is added and the
 * organizations are listed (without keys, which were shown once). A database where another
 * organization already answers for one of the demo's platforms is refused before anything is
 * written: the demo is for trying minhbach out on an empty database.
 */
export async function loadDemo(ctx: ServiceContext): Promise<{ loaded: boolean; organizations: DemoOrganization[] }> {
  return ctx.db.transaction(async (tx) => {
    const existing = await listOrganizations(tx);
    const demo = existing.filter((o) => o.name.endsWith('(demo)'));
    if (demo.length > 0) return { loaded: false, organizations: demo.map((o) => ({ name: o.name, kind: o.kind, org_id: o.id })) };
    const wanted = ORGS.flatMap((o) => (o.service ? [o.service] : []));
    const taken = (await listServices(tx)).filter((s) => s.organization_id !== null && wanted.includes(s.slug));
    if (taken.length > 0) {
      throw new AppError(
        'conflict',
        `The demo brings its own ${wanted.join(' and ')} organizations, but ${taken.map((s) => `"${s.organization_name}" already answers for ${s.slug}`).join(' and ')}; ` +
          'load the demo into an empty database (another MINHBACH_DATA_DIR) instead. Nothing was added.',
        { extra: { existing_ids: taken.map((s) => s.organization_id) } },
      );
    }
    return { loaded: true, organizations: await load({ db: tx, now: ctx.now }) };
  });
}

async function load(ctx: ServiceContext): Promise<DemoOrganization[]> {
  const orgs = new Map<string, { name: string; kind: OrgKind; services: string[]; org_id: string; api_key: string }>();
  for (const o of ORGS) {
    const created = await createOrganization(ctx, { kind: o.kind, name: o.name, ...(o.service ? { services: [o.service] } : {}) });
    orgs.set(o.key, { name: o.name, kind: o.kind, ...created });
  }
  const actor = (key: string) => {
    const o = orgs.get(key)!;
    return { orgId: o.org_id, kind: o.kind, name: o.name, services: o.services, personId: null, keyId: null, role: null };
  };
  const caseIds: string[] = [];
  for (const n of NOTICES) {
    const out = await submitNotice(ctx, actor(n.by), n.notice);
    caseIds.push(out.body.cases[0]!.id);
  }
  // Facebook has already answered the malware case, with its reasons, and is reviewing the rumour.
  const facebook = actor('facebook');
  const today = ctx.now().toISOString().slice(0, 10);
  await recordDecision(ctx, facebook, caseIds[0]!, {
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    decision_account: 'DECISION_ACCOUNT_SUSPENDED',
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24',
    illegal_content_explanation: 'The post distributes a browser extension that steals Facebook session cookies.',
    content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_APP'],
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    category_specification: ['KEYWORD_PHISHING'],
    content_language: 'VI',
    content_date: today,
    application_date: today,
    territorial_scope: ['VN'],
    decision_facts: 'Bài đăng dẫn tới tiện ích chứa mã độc đánh cắp tài khoản; nội dung đã bị gỡ và trang bị tạm khóa.',
    automated_detection: 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: 'demo-fb-decision-0001',
  });
  await actOnCase(ctx, facebook, caseIds[2]!, 'start_review', 'Đang đối chiếu với nguồn chính thức');
  return [...orgs.values()].map(({ services: _s, ...o }) => o);
}
