/** Deterministic ids shared by the loader workers and the query side. */
export const FILLER_CASE = '20000000-0000-4000-8000-000000000000';
export const NOTICE_ID = '30000000-0000-4000-8000-000000000000';
export const ORG_ID = '40000000-0000-4000-8000-000000000000';
export const fpId = (i: number): string => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
export const sourceCaseId = (k: number): string => `10000000-0000-4000-8000-${k.toString(16).padStart(12, '0')}`;

/** Stored post i is the source of near-duplicate query k when i = k·stride (k < sources). */
export function caseOf(i: number, stride: number, sources: number): string {
  return i % stride === 0 && i / stride < sources ? sourceCaseId(i / stride) : FILLER_CASE;
}
