import { Type } from '@sinclair/typebox';
import { DUMP_FORMATS } from '../../core/open-data-dump.ts';
import { DateTime, Nullable, PageQuery, StringEnum } from '../schema.ts';

export const DumpListQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const DumpFileParams = Type.Object({ id: Type.String({ description: 'UUID of the dump' }), format: StringEnum(DUMP_FORMATS) });

const DumpFileSchema = Type.Object({
  format: StringEnum(DUMP_FORMATS),
  name: Type.String({ description: 'minhbach-records-<Vietnamese date>-<records>.<format>' }),
  bytes: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ description: 'Lowercase hex SHA-256 of the file, as sha256sum prints it; also in the dump record' }),
  url: Type.String({ description: 'Where to download it (path on this server)' }),
});

export const PublicDumpSchema = Type.Object({
  id: Type.String(),
  date: Type.String({ description: 'The Vietnamese calendar day (UTC+7) of the dump, YYYY-MM-DD' }),
  records: Type.Integer({ description: 'Records in the dump: those at log indexes 0 to records − 1' }),
  checkpoint: Type.Object(
    {
      origin: Type.String(),
      size: Type.Integer(),
      root_hash: Type.String({ description: 'Base64, as in the checkpoint note' }),
    },
    { description: 'The signed checkpoint whose tree the dump is (its note is in the dump record)' },
  ),
  files: Type.Array(DumpFileSchema),
  public_record_id: Type.String({ description: 'The open_data_dump record publishing these files, itself in the log' }),
  log_index: Nullable(Type.Integer({ description: "The dump record's place in the log; null until sequenced" })),
  created_at: DateTime,
});

export const DumpList = Type.Object({ items: Type.Array(PublicDumpSchema), next_cursor: Nullable(Type.String()) });

export const DumpRunResult = Type.Object({
  made: Type.Boolean({ description: 'Whether this call made the dump' }),
  reason: Type.Optional(StringEnum(['done', 'busy', 'empty'] as const, { description: "done: today's exists; busy: another worker is writing it; empty: nothing logged yet" })),
  dump: Nullable(PublicDumpSchema),
});
