import type { CategorySpecification, StatementCategory } from './dsa.ts';

/**
 * What a member of the public picks on the report form, in plain words, and the DSA category and
 * keyword each becomes on the notice, so the platform gets what it understands. The glossary's
 * table "What a member of the public picks" (../shared/reference/glossary-vi-en.md) fixes the
 * words, the order and the mapping; report-choices.test.ts reads it and checks this list agrees.
 * Where the glossary offers an alternative keyword ("or PHISHING when a login page"), the first is
 * used: a login page has its own choice.
 */
export interface ReportChoice {
  /** Stable identifier sent by the form and stored with the report. */
  id: string;
  vi: string;
  en: string;
  category: StatementCategory;
  /** The notice's `category_specification`; none for "something else". */
  keyword: CategorySpecification | null;
}

export const REPORT_CHOICES = [
  { id: 'scam', vi: 'Lừa đảo, chiếm đoạt tiền hoặc tài sản', en: 'Scam or fraud', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', keyword: 'KEYWORD_OTHER' },
  {
    id: 'impersonation',
    vi: 'Giả mạo người, cơ quan, thương hiệu',
    en: 'Impersonation',
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    keyword: 'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING',
  },
  { id: 'phishing', vi: 'Đường link lấy cắp tài khoản, mã độc', en: 'Phishing or malware link', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD', keyword: 'KEYWORD_PHISHING' },
  {
    id: 'false_news',
    vi: 'Tin giả, thông tin sai sự thật',
    en: 'Fake or false news',
    category: 'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
    keyword: 'KEYWORD_MISINFORMATION_DISINFORMATION',
  },
  {
    id: 'personal_data',
    vi: 'Lộ thông tin cá nhân của tôi hoặc người khác',
    en: "My or someone's personal data exposed",
    category: 'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
    keyword: 'KEYWORD_OTHER',
  },
  {
    id: 'copyright',
    vi: 'Vi phạm bản quyền',
    en: 'Copyright infringement',
    category: 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
    keyword: 'KEYWORD_COPYRIGHT_INFRINGEMENT',
  },
  { id: 'insult', vi: 'Xúc phạm, bôi nhọ, bắt nạt', en: 'Insult, defamation, bullying', category: 'STATEMENT_CATEGORY_CYBER_VIOLENCE', keyword: 'KEYWORD_DEFAMATION' },
  {
    id: 'incitement',
    vi: 'Kích động bạo lực, thù ghét',
    en: 'Incitement to violence or hatred',
    category: 'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
    keyword: 'KEYWORD_HATE_SPEECH',
  },
  { id: 'harmful_to_children', vi: 'Nội dung có hại cho trẻ em', en: 'Harmful to children', category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', keyword: 'KEYWORD_OTHER' },
  {
    id: 'prohibited_goods',
    vi: 'Hàng cấm, hàng giả',
    en: 'Prohibited or counterfeit goods',
    category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
    keyword: 'KEYWORD_OTHER',
  },
  { id: 'other', vi: 'Khác', en: 'Something else', category: 'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE', keyword: null },
] as const satisfies readonly ReportChoice[];

export type ReportChoiceId = (typeof REPORT_CHOICES)[number]['id'];

export const REPORT_CHOICE_IDS = REPORT_CHOICES.map((c) => c.id) as unknown as readonly [ReportChoiceId, ...ReportChoiceId[]];

export function reportChoice(id: ReportChoiceId): ReportChoice {
  return REPORT_CHOICES.find((c) => c.id === id)!;
}
