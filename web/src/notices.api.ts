import { get, send, type Of } from './http.ts';
import type { NoticeCsvBody } from '../../src/core/notice-csv.ts';
import type { NoticeFormBody } from '../../src/core/notice-form.ts';
import type { AcceptedNotice, BatchResult, NoticeInput, NoticeList, NoticeView } from '../../src/http/routes/notice.schemas.ts';

/**
 * The notice screens' calls (/notices…), typed by the server's own schemas (imported as types
 * only). A session's cookie and CSRF token go with every call (http.ts); each filing carries an
 * Idempotency-Key, so a retried or doubled request files once.
 */
export type Notice = Of<typeof NoticeView>;
export type NoticePage = Of<typeof NoticeList>;
export type Accepted = Of<typeof AcceptedNotice>;
export type Batch = Of<typeof BatchResult>;

// The bodies the form and the CSV file build (src/core) hold only fields the schema has: a field
// renamed or removed on the server fails the type check here.
type Fields<T> = keyof T;
const formFitsSchema: Exclude<Fields<NoticeFormBody> | Fields<NoticeCsvBody>, Fields<Of<typeof NoticeInput>>> extends never ? true : never = true;
void formFitsSchema;

/** How many notices a page of the list holds. */
export const NOTICE_PAGE_SIZE = 20;

const id = (s: string) => encodeURIComponent(s);

/** A new Idempotency-Key: random, never derived from what is sent. */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const noticesApi = {
  list: (cursor?: string) => get<NoticePage>('/api/v1/notices', { cursor, limit: NOTICE_PAGE_SIZE }),
  one: (noticeId: string) => get<Notice>(`/api/v1/notices/${id(noticeId)}`),
  submit: (body: NoticeFormBody, key: string) => send<Accepted>('POST', '/api/v1/notices', body, { 'idempotency-key': key }),
  batch: (notices: readonly NoticeCsvBody[], key: string) => send<Batch>('POST', '/api/v1/notices/batch', { notices }, { 'idempotency-key': key }),
};
