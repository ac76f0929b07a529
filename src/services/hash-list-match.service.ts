import { PDQ_MATCH_DISTANCE } from '../core/pdq.ts';
import type { Db } from '../db/db.ts';
import { findHashListEntries, listCaseImagePdqs } from '../repositories/hash-list.repository.ts';
import { findPdqMatches } from '../repositories/pdq-index.repository.ts';

export interface HashListMatch {
  list_id: string;
  list_name: string;
  labels: string[];
  /** Hamming distance between the image's PDQ and the entry's (0–31). */
  distance: number;
  /** The case's image that matched (GET /api/v1/images/{sha256}). */
  image_sha256: string;
}

/** Matches shown on one case at most: a case holds a few images, a list rarely repeats a picture. */
const MAX_MATCHES = 50;

/**
 * The hash lists the images of a case match (PDQ distance ≤ 31), closest first, one per list
 * and image (its closest entry): for whoever may see the case (the caller has checked), never in public
 * outputs. A list's name and the entry's labels are shown, never the hash.
 */
export async function hashListMatchesOfCase(db: Db, caseId: string, maxDistance = PDQ_MATCH_DISTANCE): Promise<HashListMatch[]> {
  const images = await listCaseImagePdqs(db, caseId);
  if (images.length === 0) return [];
  const matches = await findPdqMatches(
    db,
    images.map((i) => i.pdq),
    { ownerKind: 'hash_list', maxDistance, limit: MAX_MATCHES },
  );
  if (matches.length === 0) return [];
  // An entry deleted since (its list removed) has no row: its match is dropped.
  const entries = new Map((await findHashListEntries(db, [...new Set(matches.map((m) => m.owner_id))])).map((e) => [e.id, e]));
  // One line per list and image: the closest entry (matches come closest first). Two entries of a
  // list near one picture say nothing more to the reviewer.
  const seen = new Set<string>();
  return matches.flatMap((m) => {
    const e = entries.get(m.owner_id);
    const image = images[m.query]!.sha256;
    if (!e || seen.has(`${e.list_id}:${image}`)) return [];
    seen.add(`${e.list_id}:${image}`);
    return [{ list_id: e.list_id, list_name: e.list_name, labels: e.labels, distance: m.distance, image_sha256: image }];
  });
}
