import { AwsClient } from 'aws4fetch';
import { AppError } from '../core/errors.ts';
import { checkAddress, type ImageStore } from './image-store.ts';

export interface S3ImageStoreConfig {
  /** An origin such as https://s3.example.vn:9000 (config.ts has checked it). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** How long one request to the bucket may take: a 10 MB image on a slow link, with room to spare. */
const REQUEST_TIMEOUT_MS = 30_000;
/** SHA-256 of no bytes: the payload hash of a GET or DELETE. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * Images in an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2…), as objects
 * `images/<sha256>`, addressed path-style (`<endpoint>/<bucket>/images/<sha256>`), which every
 * such service accepts and which needs no wildcard DNS. Requests are signed with AWS Signature
 * Version 4 (aws4fetch). A PUT states the SHA-256 of its body (x-amz-content-sha256), which is the
 * object's own name: the service refuses bytes that arrive damaged.
 *
 * These requests do NOT go through the SSRF guard (src/net/safe-fetch.ts): the guard stops
 * addresses that arrive from users (webhook URLs, reported links) from reaching the operator's
 * network, while this endpoint is set by the operator at boot, and is very often on that network
 * (a MinIO beside the server, on a private or loopback address the guard would refuse).
 */
export function s3ImageStore(config: S3ImageStoreConfig, options: { fetch?: typeof fetch } = {}): ImageStore {
  const client = new AwsClient({ accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, service: 's3', region: config.region });
  const send = options.fetch ?? fetch;
  const urlOf = (sha256: string) => `${config.endpoint}/${config.bucket}/images/${checkAddress(sha256)}`;

  async function request(method: 'PUT' | 'GET' | 'DELETE', sha256: string, init: { body?: Uint8Array; headers?: Record<string, string> } = {}): Promise<Response> {
    const signed = await client.sign(urlOf(sha256), {
      method,
      headers: { 'x-amz-content-sha256': init.body ? sha256 : EMPTY_SHA256, ...init.headers },
      // Never a SharedArrayBuffer here (bytes come from a decoded data URL or a file): the DOM
      // typing of BodyInit only wants that said.
      ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
    });
    try {
      // No redirects: a bucket answers where it is, and a redirect would carry the signed request elsewhere.
      return await send(signed, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
    } catch (e) {
      throw unavailable(`${method} failed (${e instanceof Error ? e.message : String(e)})`, e);
    }
  }

  return {
    kind: 's3',
    async put(sha256, bytes, mime) {
      const res = await request('PUT', sha256, { body: bytes, headers: { 'content-type': mime } });
      await res.arrayBuffer();
      if (!res.ok) throw unavailable(`PUT answered ${res.status}`);
    },
    async get(sha256) {
      const res = await request('GET', sha256);
      if (res.status === 404) {
        await res.arrayBuffer();
        return null;
      }
      if (!res.ok) {
        await res.arrayBuffer();
        throw unavailable(`GET answered ${res.status}`);
      }
      return new Uint8Array(await res.arrayBuffer());
    },
    async delete(sha256) {
      const res = await request('DELETE', sha256);
      await res.arrayBuffer();
      if (!res.ok && res.status !== 404) throw unavailable(`DELETE answered ${res.status}`);
    },
  };
}

/** The bucket's trouble is the server's, not the caller's: 503, with details for the log only. */
function unavailable(detail: string, cause?: unknown): AppError {
  return new AppError('unavailable', 'The image store is not answering; try again later', { cause: cause ?? new Error(`image store: ${detail}`) });
}
