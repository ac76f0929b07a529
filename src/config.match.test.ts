import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('safe merging settings', () => {
  it("default to today's text levels (0.8 both) and, for images, 31 to suggest and 16 to merge", () => {
    expect(loadConfig({}).match).toEqual({ text: { suggestAt: 0.8, mergeAt: 0.8 }, image: { suggestDistance: 31, mergeDistance: 16 } });
  });

  it('read the four variables', () => {
    const env = { MINHBACH_MATCH_SUGGEST_AT: '0.7', MINHBACH_MATCH_MERGE_AT: '0.95', MINHBACH_IMAGE_SUGGEST_DISTANCE: '24', MINHBACH_IMAGE_MERGE_DISTANCE: '8' };
    expect(loadConfig(env).match).toEqual({ text: { suggestAt: 0.7, mergeAt: 0.95 }, image: { suggestDistance: 24, mergeDistance: 8 } });
    expect(loadConfig({ MINHBACH_MATCH_MERGE_AT: '1' }).match.text).toEqual({ suggestAt: 0.8, mergeAt: 1 });
    expect(loadConfig({ MINHBACH_MATCH_SUGGEST_AT: '.85', MINHBACH_MATCH_MERGE_AT: '0.85' }).match.text).toEqual({ suggestAt: 0.85, mergeAt: 0.85 });
  });

  it('let an unset merge level follow a suggest level moved past it', () => {
    expect(loadConfig({ MINHBACH_MATCH_SUGGEST_AT: '0.9' }).match.text).toEqual({ suggestAt: 0.9, mergeAt: 0.9 });
    expect(loadConfig({ MINHBACH_IMAGE_SUGGEST_DISTANCE: '10' }).match.image).toEqual({ suggestDistance: 10, mergeDistance: 10 });
  });

  it('refuse a merge level below the suggest level, naming both variables', () => {
    expect(() => loadConfig({ MINHBACH_MATCH_SUGGEST_AT: '0.9', MINHBACH_MATCH_MERGE_AT: '0.85' })).toThrow(
      /MINHBACH_MATCH_MERGE_AT \(0\.85\) must not be below MINHBACH_MATCH_SUGGEST_AT \(0\.9\)/,
    );
    expect(() => loadConfig({ MINHBACH_IMAGE_SUGGEST_DISTANCE: '20', MINHBACH_IMAGE_MERGE_DISTANCE: '21' })).toThrow(
      /MINHBACH_IMAGE_MERGE_DISTANCE \(21\) must not be above MINHBACH_IMAGE_SUGGEST_DISTANCE \(20\)/,
    );
  });

  it.each([
    ['MINHBACH_MATCH_SUGGEST_AT', 'high', /must be a score between 0\.5 and 1/],
    ['MINHBACH_MATCH_SUGGEST_AT', '0.3', /must be between 0\.5 and 1, got 0\.3/],
    ['MINHBACH_MATCH_MERGE_AT', '1.5', /must be between 0\.5 and 1/],
    ['MINHBACH_MATCH_MERGE_AT', '-0.9', /must be a score/],
    ['MINHBACH_IMAGE_SUGGEST_DISTANCE', '64', /must be between 0 and 63/],
    ['MINHBACH_IMAGE_MERGE_DISTANCE', '3.5', /must be a whole number/],
  ])('refuse %s=%s', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
