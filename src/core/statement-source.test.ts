import { describe, expect, it } from 'vitest';
import { statementSource } from './statement-source.ts';

describe('statement source', () => {
  it('names the authorities when an authority asked', () => {
    expect(
      statementSource([
        { kind: 'public_reporter', name: 'Trần Thị B' },
        { kind: 'authority', name: 'Cục A' },
        { kind: 'trusted_flagger', name: 'Nhóm C' },
      ]),
    ).toEqual({ source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION', source_identity: 'Cục A' });
  });
  it('names trusted flaggers over ordinary notifiers', () => {
    expect(
      statementSource([
        { kind: 'trusted_flagger', name: 'Nhóm C' },
        { kind: 'rights_holder', name: 'Hãng D' },
      ]),
    ).toEqual({
      source_type: 'SOURCE_TRUSTED_FLAGGER',
      source_identity: 'Nhóm C',
    });
  });
  it('never names a public reporter', () => {
    const s = statementSource([{ kind: 'public_reporter', name: 'Trần Thị B' }]);
    expect(s).toEqual({ source_type: 'SOURCE_ARTICLE_16' });
  });
  it('is voluntary when nobody reported the content', () => {
    expect(statementSource([])).toEqual({ source_type: 'SOURCE_VOLUNTARY' });
  });
});
