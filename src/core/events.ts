/**
 * Domain events: what happened, written to the outbox in the same transaction as the change
 * (src/repositories/outbox.repository.ts) and carried from there by the worker to webhooks,
 * e-mail and escalations. The names are the API's: webhook endpoints subscribe to them.
 */
export const EVENT_TYPES = [
  'notice.received',
  // A submitter added information to its notice / withdrew it (notice-update.service.ts): one per case it is on.
  'notice.updated',
  'notice.withdrawn',
  // A decision answered a submitter's notice (notice-outcome.service.ts): one per notice, to its submitter alone.
  'notice.answered',
  'case.created',
  'case.updated',
  'case.merged',
  'case.due_soon',
  'case.overdue',
  'decision.created',
  'appeal.created',
  // A decision's statement link is to be mailed to the affected user (ids only: the address stays in statement_links).
  'statement.issued',
  // Counter-notices (counter-notice.service.ts): filed by the uploader (to the platform and the
  // case's rights holders), a court filing shown, the waiting period ended (the platform must restore).
  'counter_notice.received',
  'counter_notice.court_action',
  'counter_notice.restoration_due',
  // A fact-checker published a verdict on a case (fact-check.service.ts).
  'fact_check.created',
  // The platform decided an appeal (appeal.service.ts): its outcome, never the appellant's text.
  'appeal.decided',
  'record.published',
  // A published record was superseded by a correction (correction.service.ts): ids only.
  'record.corrected',
  'person.invited',
  'webhook_endpoint.disabled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(s: string): s is EventType {
  return (EVENT_TYPES as readonly string[]).includes(s);
}

/** One event as a use case records it. */
export interface DomainEvent {
  /** UUIDv7; stable for ever: receivers de-duplicate on it (it is the webhook-id). */
  id: string;
  type: EventType;
  at: Date;
  /** The organization whose action it records; null for the system (deadlines, the linker). */
  org_id: string | null;
  /** The case it concerns: events of one case are delivered in the order they were recorded. */
  case_id: string | null;
  /** What a receiver needs; never a reporter's personal data (it leaves the system). */
  data: Record<string, unknown>;
}

/** An outbox event as the worker reads it back. */
export interface OutboxEvent extends DomainEvent {
  /** Order of recording (a bigint, as text). */
  seq: string;
}

/** A job as a handler runs it. */
export interface Job {
  id: string;
  kind: string;
  event_id: string | null;
  seq: string;
  order_key: string | null;
  payload: Record<string, unknown>;
  /** 1 on the first run. */
  attempt: number;
  created_at: Date;
}
