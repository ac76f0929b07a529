import { get } from './http.ts';
import type { PublicRecord } from './api.ts';

/**
 * The fact-check pages' calls. The portal reads verdicts as the transparency database publishes
 * them (records of type fact_check: the verdict's value, claim, explanation, sources); the
 * schema.org ClaimReview export (/api/v1/public/fact-checks) is for machines, and is used here
 * only to find the record a statement's `fact_check_id` points to.
 */
export interface FactCheckRecord extends PublicRecord {
  fact_check_id: string;
  case_id: string;
  verdict: 'false' | 'misleading' | 'missing_context' | 'true' | 'unverifiable';
  claim: string | null;
  explanation: string;
  sources: string[];
  fact_checker: { name: string };
  content_url: string;
  published_at: string;
}

export const factCheckApi = {
  recent: (cursor?: string) => get<{ items: FactCheckRecord[]; next_cursor: string | null }>('/api/v1/public/records', { type: 'fact_check', limit: 20, cursor }),
  /** The record id of a fact-check: the ClaimReview's url ends with it (`…/records/{id}`). */
  recordOf: async (factCheckId: string): Promise<string | null> => {
    const review = await get<{ url?: string }>(`/api/v1/public/fact-checks/${encodeURIComponent(factCheckId)}`);
    return review.url?.split('/records/')[1] ?? null;
  },
};
