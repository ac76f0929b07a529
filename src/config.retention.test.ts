import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('MINHBACH_PERSONAL_DATA_RETENTION_DAYS', () => {
  it('is 180 days by default and takes a whole number of days', () => {
    expect(loadConfig({}).personalDataRetentionDays).toBe(180);
    expect(loadConfig({ MINHBACH_PERSONAL_DATA_RETENTION_DAYS: '30' }).personalDataRetentionDays).toBe(30);
  });

  it('refuses less than a week, more than ten years or no whole number, naming the variable', () => {
    for (const bad of ['6', '3651', '90.5', 'forever']) {
      expect(() => loadConfig({ MINHBACH_PERSONAL_DATA_RETENTION_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ MINHBACH_PERSONAL_DATA_RETENTION_DAYS: bad })).toThrow(/MINHBACH_PERSONAL_DATA_RETENTION_DAYS/);
    }
  });
});
