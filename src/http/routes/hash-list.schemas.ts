import { Type } from '@sinclair/typebox';
import { HASH_LIST_FORMATS, MAX_HASH_LIST_CHARS, MAX_HASH_LIST_ENTRIES, MAX_HASH_LIST_TEXT } from '../../core/hash-list.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

const FORMATS_TEXT =
  '`text`: a line per hash, `<pdq>[ <CATEGORY>][ <tag>,<tag>…]` (what `threatexchange dataset -P` prints; bare hashes, `pdq <hash>` lines and JSON lines with `pdq` are read too). ' +
  '`csv`: `threatexchange dataset -P --csv`, header `collab,signal_type,signal_str,category,tags` (tags separated by spaces; rows of other signal types are skipped).';

/** The shape only: the content's rules (hashes, labels, bounds) are src/core/hash-list.ts's, which name the line and field. */
export const HashListImportInput = Type.Object(
  {
    name: Type.String({ maxLength: 4 * MAX_HASH_LIST_TEXT, description: `1 to ${MAX_HASH_LIST_TEXT} characters, shown beside each match` }),
    content: Type.String({ maxLength: MAX_HASH_LIST_CHARS, description: `The file's text: at most ${MAX_HASH_LIST_CHARS} characters and ${MAX_HASH_LIST_ENTRIES} hashes` }),
    format: Type.Optional(StringEnum(HASH_LIST_FORMATS, { description: `Detected from the first line when absent. ${FORMATS_TEXT}` })),
    source: Type.Optional(Nullable(Type.String({ maxLength: 4 * MAX_HASH_LIST_TEXT, description: 'Where the list came from (a ThreatExchange collaboration, a partner)' }))),
  },
  { additionalProperties: false },
);

/** With a text/plain or text/csv body: the list's name and format travel in the query. */
export const HashListImportQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 4 * MAX_HASH_LIST_TEXT, description: 'Required with a text/plain or text/csv body' })),
    format: Type.Optional(StringEnum(HASH_LIST_FORMATS)),
    source: Type.Optional(Type.String({ maxLength: 4 * MAX_HASH_LIST_TEXT })),
  },
  { additionalProperties: false },
);

export const HashListView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  owner: Nullable(Type.Object({ id: Type.String(), name: Type.String() }), {
    description: "The organization that imported it; null: the operator's list, which every platform may export",
  }),
  format: StringEnum(HASH_LIST_FORMATS),
  source: Nullable(Type.String()),
  entry_count: Type.Integer(),
  created_at: DateTime,
});

export const ImportedHashList = Type.Object({
  ...HashListView.properties,
  skipped: Type.Integer({ description: 'CSV rows of another signal type, left out' }),
  duplicates: Type.Integer({ description: 'Lines repeating a hash: one entry each, labels merged' }),
});

export const HashListList = Type.Object({ items: Type.Array(HashListView) });

export const HashListExportQuery = Type.Object(
  { format: Type.Optional(StringEnum(HASH_LIST_FORMATS, { description: `Default text. ${FORMATS_TEXT}` })) },
  { additionalProperties: false },
);

export const HashListMatch = Type.Object({
  list_id: Type.String(),
  list_name: Type.String(),
  labels: Type.Array(Type.String()),
  distance: Type.Integer({ description: 'PDQ Hamming distance, 0 to 31' }),
  image_sha256: Type.String({ description: "The case's image that matched: GET /api/v1/images/{sha256}" }),
});
