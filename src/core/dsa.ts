/**
 * Enumerations of the EU DSA Transparency Database, schema v2 (mandatory in the EU since 1 July 2025).
 * Values are copied verbatim from the database's API documentation so that a platform can send
 * minhbach the same payload it already sends to Brussels; never rename or "tidy" them.
 */

export const STATEMENT_CATEGORIES = [
  'STATEMENT_CATEGORY_ANIMAL_WELFARE',
  'STATEMENT_CATEGORY_CONSUMER_INFORMATION',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE',
  'STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN',
  'STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS',
  'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
  'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS',
  'STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS',
  'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE',
  'STATEMENT_CATEGORY_OTHER_VIOLATION_TC',
  'STATEMENT_CATEGORY_PROTECTION_OF_MINORS',
  'STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY',
  'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  'STATEMENT_CATEGORY_SELF_HARM',
  'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
  'STATEMENT_CATEGORY_VIOLENCE',
] as const;
export type StatementCategory = (typeof STATEMENT_CATEGORIES)[number];

/**
 * The 69 `category_specification` keywords of schema v2. Schema v1 keywords that v2 dropped
 * (e.g. KEYWORD_DANGEROUS_TOYS, KEYWORD_DISINFORMATION) are deliberately absent: the EU rejects them.
 */
export const CATEGORY_SPECIFICATIONS = [
  'KEYWORD_ADULT_SEXUAL_MATERIAL',
  'KEYWORD_AGE_SPECIFIC_RESTRICTIONS',
  'KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS',
  'KEYWORD_ANIMAL_HARM',
  'KEYWORD_BIOMETRIC_DATA_BREACH',
  'KEYWORD_BULLYING_AGAINST_GIRLS',
  'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL',
  'KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE',
  'KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS',
  'KEYWORD_COORDINATED_HARM',
  'KEYWORD_COPYRIGHT_INFRINGEMENT',
  'KEYWORD_CYBER_BULLYING_INTIMIDATION',
  'KEYWORD_CYBER_HARASSMENT',
  'KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN',
  'KEYWORD_CYBER_INCITEMENT',
  'KEYWORD_CYBER_STALKING',
  'KEYWORD_CYBER_STALKING_AGAINST_WOMEN',
  'KEYWORD_DATA_FALSIFICATION',
  'KEYWORD_DEFAMATION',
  'KEYWORD_DESIGN_INFRINGEMENT',
  'KEYWORD_DISCRIMINATION',
  'KEYWORD_FEMALE_GENDERED_DISINFORMATION',
  'KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT',
  'KEYWORD_GEOGRAPHICAL_REQUIREMENTS',
  'KEYWORD_GOODS_SERVICES_NOT_PERMITTED',
  'KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS',
  'KEYWORD_HATE_SPEECH',
  'KEYWORD_HIDDEN_ADVERTISEMENT',
  'KEYWORD_HUMAN_EXPLOITATION',
  'KEYWORD_HUMAN_TRAFFICKING',
  'KEYWORD_ILLEGAL_ORGANIZATIONS',
  'KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING',
  'KEYWORD_INAUTHENTIC_ACCOUNTS',
  'KEYWORD_INAUTHENTIC_LISTINGS',
  'KEYWORD_INAUTHENTIC_USER_REVIEWS',
  'KEYWORD_INCITEMENT_AGAINST_WOMEN',
  'KEYWORD_INCITEMENT_VIOLENCE_HATRED',
  'KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS',
  'KEYWORD_LANGUAGE_REQUIREMENTS',
  'KEYWORD_MISINFORMATION_DISINFORMATION',
  'KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS',
  'KEYWORD_MISLEADING_INFO_GOODS_SERVICES',
  'KEYWORD_MISSING_PROCESSING_GROUND',
  'KEYWORD_NON_CONSENSUAL_IMAGE_SHARING',
  'KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN',
  'KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE',
  'KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN',
  'KEYWORD_NONCOMPLIANCE_PRICING',
  'KEYWORD_NUDITY',
  'KEYWORD_OTHER',
  'KEYWORD_PATENT_INFRINGEMENT',
  'KEYWORD_PHISHING',
  'KEYWORD_PROHIBITED_PRODUCTS',
  'KEYWORD_PYRAMID_SCHEMES',
  'KEYWORD_RIGHT_TO_BE_FORGOTTEN',
  'KEYWORD_RISK_ENVIRONMENTAL_DAMAGE',
  'KEYWORD_RISK_PUBLIC_HEALTH',
  'KEYWORD_SELF_MUTILATION',
  'KEYWORD_STALKING',
  'KEYWORD_SUICIDE',
  'KEYWORD_TERRORIST_CONTENT',
  'KEYWORD_TRADE_SECRET_INFRINGEMENT',
  'KEYWORD_TRADEMARK_INFRINGEMENT',
  'KEYWORD_TRAFFICKING_WOMEN_GIRLS',
  'KEYWORD_UNLAWFUL_SALE_ANIMALS',
  'KEYWORD_UNSAFE_CHALLENGES',
  'KEYWORD_UNSAFE_PRODUCTS',
  'KEYWORD_VIOLATION_EU_LAW',
  'KEYWORD_VIOLATION_NATIONAL_LAW',
] as const;
export type CategorySpecification = (typeof CATEGORY_SPECIFICATIONS)[number];

export const CONTENT_TYPES = [
  'CONTENT_TYPE_APP',
  'CONTENT_TYPE_AUDIO',
  'CONTENT_TYPE_IMAGE',
  'CONTENT_TYPE_PRODUCT',
  'CONTENT_TYPE_SYNTHETIC_MEDIA',
  'CONTENT_TYPE_TEXT',
  'CONTENT_TYPE_VIDEO',
  'CONTENT_TYPE_OTHER',
] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const DECISION_VISIBILITIES = [
  'DECISION_VISIBILITY_CONTENT_REMOVED',
  'DECISION_VISIBILITY_CONTENT_DISABLED',
  'DECISION_VISIBILITY_CONTENT_DEMOTED',
  'DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED',
  'DECISION_VISIBILITY_CONTENT_LABELLED',
  'DECISION_VISIBILITY_OTHER',
] as const;
export type DecisionVisibility = (typeof DECISION_VISIBILITIES)[number];

export const DECISION_MONETARY = ['DECISION_MONETARY_SUSPENSION', 'DECISION_MONETARY_TERMINATION', 'DECISION_MONETARY_OTHER'] as const;
export type DecisionMonetary = (typeof DECISION_MONETARY)[number];

export const DECISION_PROVISION = [
  'DECISION_PROVISION_PARTIAL_SUSPENSION',
  'DECISION_PROVISION_TOTAL_SUSPENSION',
  'DECISION_PROVISION_PARTIAL_TERMINATION',
  'DECISION_PROVISION_TOTAL_TERMINATION',
] as const;
export type DecisionProvision = (typeof DECISION_PROVISION)[number];

export const DECISION_ACCOUNT = ['DECISION_ACCOUNT_SUSPENDED', 'DECISION_ACCOUNT_TERMINATED'] as const;
export type DecisionAccount = (typeof DECISION_ACCOUNT)[number];

export const ACCOUNT_TYPES = ['ACCOUNT_TYPE_BUSINESS', 'ACCOUNT_TYPE_PRIVATE'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const DECISION_GROUNDS = ['DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT'] as const;
export type DecisionGround = (typeof DECISION_GROUNDS)[number];

export const AUTOMATED_DECISIONS = ['AUTOMATED_DECISION_FULLY', 'AUTOMATED_DECISION_PARTIALLY', 'AUTOMATED_DECISION_NOT_AUTOMATED'] as const;
export type AutomatedDecision = (typeof AUTOMATED_DECISIONS)[number];

/** The DSA spells its booleans (automated_detection, incompatible_content_illegal) as these strings. */
export const YES_NO = ['Yes', 'No'] as const;
export type YesNo = (typeof YES_NO)[number];

export const SOURCE_TYPES = ['SOURCE_ARTICLE_16', 'SOURCE_TRUSTED_FLAGGER', 'SOURCE_TYPE_OTHER_NOTIFICATION', 'SOURCE_VOLUNTARY'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** EU member states as the DSA database spells them (Greece is GR, not EL). */
// prettier-ignore
export const EU_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU',
  'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

/** The 30 codes the EU database accepts in `territorial_scope`: the EU plus Iceland, Liechtenstein, Norway. */
// prettier-ignore
export const EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;
export type EeaCountry = (typeof EEA_COUNTRIES)[number];

/** Narrows `value` to a member of `list`; `list` is typed as readonly string[] so any unknown can be tested. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

// All 249 officially assigned ISO 3166-1 alpha-2 codes, grouped by first letter: the first character of
// each group is the shared first letter, the rest are the second letters. Reserved codes (EU, UK, XK…)
// are not assigned and so are not accepted.
const ISO_3166_ALPHA2_GROUPS =
  'ADEFGILMOQRSTUWXZ BABDEFGHIJLMNOQRSTVWYZ CACDFGHIKLMNORUVWXYZ DEJKMOZ ECEGHRST FIJKMOR ' +
  'GABDEFGHILMNPQRSTUWY HKMNRTU IDELMNOQRST JEMOP KEGHIMNPRWYZ LABCIKRSTUVY ' +
  'MACDEFGHKLMNOPQRSTUVWXYZ NACEFGILOPRUZ OM PAEFGHKLMNRSTWY QA REOSUW ' +
  'SABCDEGHIJKLMNORSTVXYZ TCDFGHJKLMNORTVWZ UAGMSYZ VACEGINU WFS YET ZAMW';

const ISO_3166_ALPHA2: ReadonlySet<string> = expandGroups(ISO_3166_ALPHA2_GROUPS);

function expandGroups(groups: string): ReadonlySet<string> {
  return new Set(groups.split(' ').flatMap((group) => [...group.slice(1)].map((second) => `${group[0]}${second}`)));
}

/** True for an officially assigned ISO 3166-1 alpha-2 code, in upper case as the DSA database requires. */
export function isIsoCountryAlpha2(code: unknown): code is string {
  return typeof code === 'string' && ISO_3166_ALPHA2.has(code);
}

// ISO 639-1 two-letter language codes (including the withdrawn but still seen "bh"), in the same
// grouped encoding as the country codes above.
const ISO_639_1_GROUPS =
  'aabefkmnrsvyz baeghimnors caehorsuvy daevz eelnostu fafijory gadlnuv haeiortuyz iadegikostu jav ' +
  'kagijklmnorsuvwy labginotuv mghiklnrsty nabdeglnorvy ocjmrs pailst qu rmnouw sacdegiklmnoqrstuvw ' +
  'taeghiklnorstwy ugkrz veio wao xh yio zahu';

const ISO_639_1: ReadonlySet<string> = expandGroups(ISO_639_1_GROUPS);

/**
 * True for an ISO 639-1 language code in either case. The DSA database itself wants upper case ("VI");
 * callers that forward data there enforce that separately.
 */
export function isIso639_1(code: unknown): code is string {
  return typeof code === 'string' && code.length === 2 && ISO_639_1.has(code.toLowerCase());
}
