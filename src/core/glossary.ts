import type { OrgKind, PersonRole } from './organization.ts';

/**
 * The words of the glossary (../shared/reference/glossary-vi-en.md) that name the system's own
 * values, in Vietnamese and English: one per concept, shared by the e-mails and the web app.
 * Change the glossary first.
 */
export const CATEGORY_VI: Record<string, string> = {
  ANIMAL_WELFARE: 'phúc lợi động vật',
  CONSUMER_INFORMATION: 'thông tin cho người tiêu dùng',
  CYBER_VIOLENCE: 'bạo lực trên mạng',
  CYBER_VIOLENCE_AGAINST_WOMEN: 'bạo lực trên mạng đối với phụ nữ',
  DATA_PROTECTION_AND_PRIVACY_VIOLATIONS: 'vi phạm dữ liệu cá nhân, quyền riêng tư',
  ILLEGAL_OR_HARMFUL_SPEECH: 'phát ngôn trái pháp luật hoặc gây hại',
  INTELLECTUAL_PROPERTY_INFRINGEMENTS: 'xâm phạm quyền sở hữu trí tuệ',
  NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS: 'tác động xấu đến thông tin công cộng, bầu cử',
  NOT_SPECIFIED_NOTICE: 'chưa phân loại',
  OTHER_VIOLATION_TC: 'vi phạm khác điều khoản của nền tảng',
  PROTECTION_OF_MINORS: 'bảo vệ trẻ em',
  RISK_FOR_PUBLIC_SECURITY: 'nguy cơ đối với an ninh, trật tự',
  SCAMS_AND_FRAUD: 'lừa đảo, gian lận',
  SELF_HARM: 'tự gây hại',
  UNSAFE_AND_PROHIBITED_PRODUCTS: 'sản phẩm không an toàn, bị cấm',
  VIOLENCE: 'bạo lực',
};
export const VISIBILITY_VI: Record<string, string> = {
  DECISION_VISIBILITY_CONTENT_REMOVED: 'gỡ bỏ nội dung',
  DECISION_VISIBILITY_CONTENT_DISABLED: 'chặn truy cập nội dung',
  DECISION_VISIBILITY_CONTENT_DEMOTED: 'giảm hiển thị',
  DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED: 'giới hạn độ tuổi',
  DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED: 'hạn chế tương tác',
  DECISION_VISIBILITY_CONTENT_LABELLED: 'gắn nhãn',
};
export const KIND: Record<OrgKind, [vi: string, en: string]> = {
  authority: ['cơ quan có thẩm quyền', 'authority'],
  trusted_flagger: ['tổ chức báo cáo tin cậy', 'trusted flagger'],
  rights_holder: ['chủ sở hữu quyền', 'rights holder'],
  platform: ['nền tảng', 'platform'],
  public_reporter: ['người phản ánh', 'reporter (member of the public)'],
};
export const ROLE: Record<PersonRole, [vi: string, en: string]> = { admin: ['quản trị viên', 'admin'], reviewer: ['người xử lý', 'reviewer'], viewer: ['người xem', 'viewer'] };

export const categoryCode = (c: string) => c.replace(/^STATEMENT_CATEGORY_/, '');
export const categoryVi = (c: string) => CATEGORY_VI[categoryCode(c)] ?? categoryCode(c);
export const categoryEn = (c: string) => categoryCode(c).toLowerCase().replace(/_/g, ' ');
export const visibilityEn = (v: string) =>
  v
    .replace(/^DECISION_VISIBILITY_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
