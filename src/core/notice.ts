import { createHash } from 'node:crypto';
import { AppError, type FieldError } from './errors.ts';
import { uuidv7 } from './ids.ts';
import { URGENT_SUBMITTERS, type SubmitterKind } from './organization.ts';
import { DEFAULT_SLA_RULES, noticeDeadline, type SlaRules, type Urgency } from './sla.ts';
import { BUILT_IN_DIRECTORY, type ServiceDirectory } from './services.ts';
import { canonicalizeUrl } from './url-canonical.ts';
import type { AttachedImage } from './notice-images.ts';

/** A notice as a submitter sends it (already shape-checked by the edge's schema). */
export interface NoticeInput {
  category: string;
  category_specification?: string[];
  /** `images`: data URLs, decoded and hashed by the intake service (image-intake.service.ts), never by these rules. */
  items: { url: string; text?: string; images?: { data_url: string }[] }[];
  explanation: string;
  legal_basis?: { instrument: string; provision?: string; reference_url?: string };
  content_language?: string;
  urgency?: Urgency;
}

export interface NoticeItemDraft {
  position: number;
  url: string;
  text: string | null;
  platform: string;
  canonical_url: string;
  content_key: string;
  /** Images attached to the item, hashed before the notice is stored (src/services/image-intake.service.ts). */
  images?: readonly AttachedImage[];
}

/** A notice that passed every rule, ready to be stored. */
export interface NoticeDraft {
  id: string;
  submitter_kind: SubmitterKind;
  category: string;
  category_specification: string[];
  explanation: string;
  legal_basis: NoticeInput['legal_basis'] | null;
  content_language: string | null;
  urgency: Urgency;
  fingerprint: string;
  received_at: Date;
  due_at: Date;
  items: NoticeItemDraft[];
}

function collapse(s: string): string {
  return s.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * What makes two notices from one submitter "the same notice": the same category, the same
 * content (by canonical key, so URL variants count as the same), and the same explanation. A
 * retried or re-imported notice is then reported as a repeat instead of being counted twice.
 */
export function noticeFingerprint(category: string, contentKeys: string[], explanation: string): string {
  const keys = [...new Set(contentKeys)].sort();
  return createHash('sha256')
    .update(`${category}\n${keys.join('\n')}\n${collapse(explanation).toLowerCase()}`)
    .digest('base64url');
}

/**
 * The rules a notice must meet beyond its shape. Returns every problem, each naming its field,
 * so a submitter can fix a notice in one round trip.
 */
export function draftNotice(
  input: NoticeInput,
  submitterKind: SubmitterKind,
  receivedAt: Date,
  sla: SlaRules = DEFAULT_SLA_RULES,
  services: ServiceDirectory = BUILT_IN_DIRECTORY,
): { ok: true; draft: NoticeDraft } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (submitterKind === 'authority' && !input.legal_basis) {
    errors.push({ field: 'legal_basis', message: 'is required for requests from an authority: name the legal instrument and provision the request rests on' });
  }
  if (input.urgency === 'urgent' && !URGENT_SUBMITTERS.includes(submitterKind)) {
    errors.push({ field: 'urgency', message: `may be urgent only from ${URGENT_SUBMITTERS.join(' or ')} organizations; a ${submitterKind} notice is normal` });
  }
  if (collapse(input.explanation) === '') errors.push({ field: 'explanation', message: 'must say why the content is unlawful or harmful' });
  const specs = input.category_specification ?? [];
  if (new Set(specs).size !== specs.length) errors.push({ field: 'category_specification', message: 'must not repeat a value' });

  const items: NoticeItemDraft[] = [];
  const seen = new Map<string, number>();
  input.items.forEach((item, position) => {
    try {
      const c = canonicalizeUrl(item.url, services);
      const earlier = seen.get(c.content_key);
      if (earlier !== undefined) {
        errors.push({ field: `items[${position}].url`, message: `is the same content as items[${earlier}].url` });
        return;
      }
      seen.set(c.content_key, position);
      const text = item.text === undefined || item.text.trim() === '' ? null : item.text;
      items.push({ position, url: item.url, text, platform: c.platform, canonical_url: c.canonical_url, content_key: c.content_key });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ field: `items[${position}].url`, message: e.message });
    }
  });
  if (errors.length > 0) return { ok: false, errors };

  const urgency = input.urgency ?? 'normal';
  return {
    ok: true,
    draft: {
      id: uuidv7(receivedAt.getTime()),
      submitter_kind: submitterKind,
      category: input.category,
      category_specification: specs,
      explanation: input.explanation.trim(),
      legal_basis: input.legal_basis ?? null,
      content_language: input.content_language ?? null,
      urgency,
      fingerprint: noticeFingerprint(
        input.category,
        items.map((i) => i.content_key),
        input.explanation,
      ),
      received_at: receivedAt,
      due_at: noticeDeadline(receivedAt, { submitter_kind: submitterKind, category: input.category, urgency }, sla),
      items,
    },
  };
}
