import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { fieldPath, formatBytes, problemDocument } from './problem.ts';

describe('the problem mapper', () => {
  it('writes JSON pointers the way a developer writes the path', () => {
    expect(fieldPath('/items/0/url')).toBe('items[0].url');
    expect(fieldPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });

  it('states body limits in the unit they are documented in', () => {
    expect(formatBytes(1024 * 1024)).toBe('1 MiB');
    expect(formatBytes(16 * 1024 * 1024)).toBe('16 MiB');
    expect(formatBytes(64 * 1024)).toBe('64 KiB');
    expect(formatBytes(1000)).toBe('1000 bytes');
  });

  it('gives every error the same document, with its status and named fields', () => {
    const { status, body } = problemDocument(AppError.validation([{ field: 'items[0].url', message: 'is required' }]), '/api/v1/notices');
    expect(status).toBe(422);
    expect(body).toEqual({
      type: 'urn:minhbach:problem:validation_failed',
      title: 'Invalid input',
      status: 422,
      detail: 'items[0].url: is required',
      instance: '/api/v1/notices',
      code: 'validation_failed',
      errors: [{ field: 'items[0].url', message: 'is required' }],
    });
  });

  it('never names a field with an empty path: that is the body', () => {
    const { body } = problemDocument(AppError.validation([{ field: '', message: '3 more unknown fields are not listed' }]), '/x');
    expect(body.errors).toEqual([{ field: '(body)', message: '3 more unknown fields are not listed' }]);
  });

  it('cannot let an extension overwrite a standard member', () => {
    const { body } = problemDocument(new AppError('conflict', 'Taken', { extra: { status: 200, code: 'ok', existing_id: 'x' } }), '/x');
    expect(body).toMatchObject({ status: 409, code: 'conflict', existing_id: 'x' });
  });
});
