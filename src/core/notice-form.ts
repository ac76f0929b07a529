import { URGENT_SUBMITTERS, type SubmitterKind } from './organization.ts';

/**
 * The web app's notice form (/notices/new) as data: what a person typed becomes the body of
 * `POST /api/v1/notices`, blank required fields are named before anything is sent, and the
 * server's field errors (`items[1].url`) find the input they are about. Pure, so it is tested
 * here and bundled as it is.
 */

/** Who may mark a notice urgent: the server's rule (organization.ts), bundled as it is. */
export const URGENT_KINDS = URGENT_SUBMITTERS;

export interface NoticeFormState {
  category: string;
  keywords: string[];
  explanation: string;
  instrument: string;
  provision: string;
  reference_url: string;
  urgency: 'normal' | 'urgent';
  content_language: string;
  items: { url: string; text: string }[];
}

export interface NoticeFormBody {
  category: string;
  category_specification?: string[];
  items: { url: string; text?: string }[];
  explanation: string;
  legal_basis?: { instrument: string; provision?: string; reference_url?: string };
  content_language?: string;
  urgency?: 'normal' | 'urgent';
}

/** A required field left blank, named as the server names fields. */
export interface MissingField {
  field: 'category' | 'explanation' | 'legal_basis.instrument' | `items[${number}].url`;
}

/**
 * The body to send, the form rows its items came from (an item row left wholly empty is skipped,
 * so `rows[i]` is the row of item i), and the required fields left blank.
 */
export function noticeFromForm(state: NoticeFormState, kind: SubmitterKind): { body: NoticeFormBody; rows: number[]; missing: MissingField[] } {
  const missing: MissingField[] = [];
  const rows: number[] = [];
  const items: NoticeFormBody['items'] = [];
  state.items.forEach((item, row) => {
    const url = item.url.trim();
    const text = item.text.trim() === '' ? undefined : item.text;
    if (url === '' && text === undefined && state.items.length > 1) return;
    if (url === '') missing.push({ field: `items[${row}].url` });
    rows.push(row);
    items.push(text === undefined ? { url } : { url, text });
  });
  if (state.category === '') missing.unshift({ field: 'category' });
  const explanation = state.explanation.trim();
  if (explanation === '') missing.push({ field: 'explanation' });

  const body: NoticeFormBody = { category: state.category, items, explanation };
  if (state.keywords.length > 0) body.category_specification = [...state.keywords];
  const instrument = state.instrument.trim();
  const provision = state.provision.trim();
  const reference = state.reference_url.trim();
  if (instrument !== '' || provision !== '' || reference !== '') {
    body.legal_basis = { instrument, ...(provision ? { provision } : {}), ...(reference ? { reference_url: reference } : {}) };
  }
  if (instrument === '' && (kind === 'authority' || body.legal_basis)) missing.push({ field: 'legal_basis.instrument' });
  if (URGENT_KINDS.includes(kind)) body.urgency = state.urgency;
  if (state.content_language !== '') body.content_language = state.content_language;
  return { body, rows, missing };
}

const ITEM_FIELD = /^items\[(\d+)\](?:\.(url|text))?/;

/**
 * The id of the input a server field error is about. Items are numbered as sent, so `rows` turns
 * them back into form rows; anything the form has no input for goes to the first URL.
 */
export function inputIdOf(field: string, rows: readonly number[]): string {
  const item = ITEM_FIELD.exec(field);
  if (item) return `items-${rows[Number(item[1])] ?? 0}-${item[2] === 'text' ? 'text' : 'url'}`;
  const [head, sub] = field.split(/[.[]/, 2);
  switch (head) {
    case 'category':
    case 'explanation':
    case 'content_language':
      return head;
    case 'category_specification':
      return 'keywords';
    case 'urgency':
      return 'urgency-normal';
    case 'legal_basis':
      return sub === 'provision' ? 'legal_basis-provision' : sub === 'reference_url' ? 'legal_basis-reference_url' : 'legal_basis-instrument';
    default:
      return `items-${rows[0] ?? 0}-url`;
  }
}
