import type { OrgKind } from './organization.ts';

/**
 * The server, not the platform, says where a decision came from (DSA `source_type` and
 * `source_identity`), because it knows every notice that joined the case. The strongest source
 * wins: an authority's order, then a trusted flagger, then an ordinary (Article 16) notice.
 * Public reporters are private persons: they are counted, never named.
 */
export interface CaseSubmitter {
  kind: OrgKind;
  name: string;
}

export function statementSource(submitters: readonly CaseSubmitter[]): { source_type: string; source_identity?: string } {
  if (submitters.length === 0) return { source_type: 'SOURCE_VOLUNTARY' };
  const named = (kinds: OrgKind[]) => [...new Set(submitters.filter((s) => kinds.includes(s.kind)).map((s) => s.name))].join('; ').slice(0, 500);
  if (submitters.some((s) => s.kind === 'authority')) {
    return { source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION', source_identity: named(['authority']) };
  }
  if (submitters.some((s) => s.kind === 'trusted_flagger')) {
    return { source_type: 'SOURCE_TRUSTED_FLAGGER', source_identity: named(['trusted_flagger']) };
  }
  const holders = named(['rights_holder']);
  return { source_type: 'SOURCE_ARTICLE_16', ...(holders ? { source_identity: holders } : {}) };
}
