import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PUBLIC_REPORTS, loadConfig } from './config.ts';

describe('public report settings', () => {
  it('default to a proof of work of about a second and loose caps per address', () => {
    expect(loadConfig({}).publicReports).toEqual(DEFAULT_PUBLIC_REPORTS);
    expect(DEFAULT_PUBLIC_REPORTS).toEqual({ powBits: 16, reportsPerHour: 30, challengesPerHour: 120 });
  });

  it('are read from the environment, and refused out of range naming the variable', () => {
    expect(loadConfig({ MINHBACH_REPORT_POW_BITS: '20', MINHBACH_REPORT_LIMIT_PER_HOUR: '5' }).publicReports).toEqual({ powBits: 20, reportsPerHour: 5, challengesPerHour: 20 });
    expect(() => loadConfig({ MINHBACH_REPORT_POW_BITS: '4' })).toThrow(ConfigError);
    expect(() => loadConfig({ MINHBACH_REPORT_POW_BITS: '40' })).toThrow(/MINHBACH_REPORT_POW_BITS/);
    expect(() => loadConfig({ MINHBACH_REPORT_LIMIT_PER_HOUR: '0' })).toThrow(/MINHBACH_REPORT_LIMIT_PER_HOUR/);
  });
});
