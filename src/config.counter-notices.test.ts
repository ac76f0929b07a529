import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('MINHBACH_COUNTER_NOTICE_WAIT_DAYS', () => {
  it('is 10 days by default and takes a whole number of days', () => {
    expect(loadConfig({}).counterNoticeWaitDays).toBe(10);
    expect(loadConfig({ MINHBACH_COUNTER_NOTICE_WAIT_DAYS: '14' }).counterNoticeWaitDays).toBe(14);
  });

  it('refuses a value that is no whole number of days between 1 and 90, naming the variable', () => {
    for (const bad of ['0', '91', '10.5', 'ten', '-3']) {
      expect(() => loadConfig({ MINHBACH_COUNTER_NOTICE_WAIT_DAYS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ MINHBACH_COUNTER_NOTICE_WAIT_DAYS: bad })).toThrow(/MINHBACH_COUNTER_NOTICE_WAIT_DAYS/);
    }
  });
});
