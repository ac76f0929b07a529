import { describe, expect, it } from 'vitest';
import { ACTIONS, can, defaultAction, secondFactorRequired, type Action } from './policy.ts';

const person = (role: 'admin' | 'reviewer' | 'viewer') => ({ orgId: 'org-a', role });
const key = { orgId: 'org-a', role: null };

describe('policy', () => {
  it('ranks admin over reviewer over viewer', () => {
    expect(can(person('viewer'), 'read')).toBe(true);
    expect(can(person('viewer'), 'write')).toBe(false);
    expect(can(person('viewer'), 'case.act')).toBe(false);
    expect(can(person('reviewer'), 'decision.create')).toBe(true);
    expect(can(person('reviewer'), 'people.manage')).toBe(false);
    expect(can(person('admin'), 'people.manage')).toBe(true);
    expect(can(person('admin'), 'case.act')).toBe(true);
  });

  it('gives API keys the full access of their organization, and nobody access to another organization', () => {
    for (const action of Object.keys(ACTIONS) as Action[]) expect(can(key, action)).toBe(true);
    expect(can(key, 'people.manage', { orgId: 'org-b' })).toBe(false);
    expect(can(person('admin'), 'read', { orgId: 'org-b' })).toBe(false);
    expect(can(person('admin'), 'read', { orgId: 'org-a' })).toBe(true);
  });

  it('treats GET as a read and every other method as a write', () => {
    expect(defaultAction('GET')).toBe('read');
    expect(defaultAction('HEAD')).toBe('read');
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(defaultAction(m)).toBe('write');
  });

  it('requires a second factor of admins of authorities and platforms only', () => {
    expect(secondFactorRequired('authority', 'admin')).toBe(true);
    expect(secondFactorRequired('platform', 'admin')).toBe(true);
    expect(secondFactorRequired('platform', 'reviewer')).toBe(false);
    expect(secondFactorRequired('trusted_flagger', 'admin')).toBe(false);
  });
});
