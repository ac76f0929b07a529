/**
 * RFC 4180 CSV, streamed: quoted fields may hold commas, quotes ("") and newlines, which pasted
 * posts often do. Feed chunks; complete records come out as arrays of fields.
 */
export function csvParser() {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  const out: string[][] = [];
  return {
    push(chunk: string): string[][] {
      for (let i = 0; i < chunk.length; i++) {
        const ch = chunk[i]!;
        if (quoted) {
          if (ch === '"') {
            quoted = false;
            afterQuote = true;
          } else field += ch;
          continue;
        }
        if (ch === '"') {
          if (afterQuote) field += '"';
          quoted = true;
          afterQuote = false;
          continue;
        }
        afterQuote = false;
        if (ch === ',') {
          record.push(field);
          field = '';
        } else if (ch === '\n') {
          record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
          out.push(record);
          record = [];
          field = '';
        } else field += ch;
      }
      return out.splice(0, out.length);
    },
    end(): string[][] {
      if (field !== '' || record.length > 0) {
        record.push(field);
        out.push(record);
      }
      record = [];
      field = '';
      return out.splice(0, out.length);
    },
  };
}
