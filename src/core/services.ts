/**
 * The services content lives on, as data (issue 12, item 3): Facebook, YouTube, Zalo… and every
 * website. A service has a slug (what `cases.platform` holds), the hosts whose URLs belong to it,
 * the URL rules that read those URLs (url-platforms.ts) and, in the registry table, the
 * organization that answers for it and a contact address for when none does.
 *
 * The built-in services below are the registry's starting rows (src/db/migrate.ts writes them)
 * and the directory used where there is no database (`minhbach canon`). A website nobody
 * registered is still a service: its slug is its registrable domain (`vnexpress.net`,
 * `abc.blogspot.com`), worked out by the caller's `siteOf` (the Public Suffix List, which the pure
 * core does not carry), so one site's content is one queue however many hosts it uses.
 *
 * The URL rules decide the content key (`facebook:post:1`, `web:vnexpress.net/a.html`); the
 * registry decides who answers. Keys therefore never change when the registry does: registering
 * a site or assigning it to an organization moves no content between cases.
 */

export const URL_RULES = ['facebook', 'youtube', 'tiktok', 'x', 'instagram', 'threads', 'zalo', 'web'] as const;
export type UrlRules = (typeof URL_RULES)[number];

export function isUrlRules(s: string): s is UrlRules {
  return (URL_RULES as readonly string[]).includes(s);
}

export interface ServiceEntry {
  slug: string;
  name: string;
  /** Hosts (each with its subdomains) whose URLs are this service's, as the URL cleaner leaves them. */
  hosts: readonly string[];
  url_rules: UrlRules;
}

export const BUILT_IN_SERVICES: readonly ServiceEntry[] = [
  { slug: 'facebook', name: 'Facebook', hosts: ['facebook.com', 'fb.com', 'fb.watch', 'fb.me'], url_rules: 'facebook' },
  { slug: 'youtube', name: 'YouTube', hosts: ['youtube.com', 'youtu.be', 'youtube-nocookie.com'], url_rules: 'youtube' },
  { slug: 'tiktok', name: 'TikTok', hosts: ['tiktok.com'], url_rules: 'tiktok' },
  { slug: 'x', name: 'X (Twitter)', hosts: ['x.com', 'twitter.com', 't.co'], url_rules: 'x' },
  { slug: 'instagram', name: 'Instagram', hosts: ['instagram.com', 'instagr.am'], url_rules: 'instagram' },
  { slug: 'threads', name: 'Threads', hosts: ['threads.com', 'threads.net'], url_rules: 'threads' },
  { slug: 'zalo', name: 'Zalo', hosts: ['zalo.me', 'zaloapp.com'], url_rules: 'zalo' },
];

/** A slug: lower-case letters, digits, dots and hyphens; a website's is its domain name. */
export const SERVICE_SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$';
const SLUG = new RegExp(SERVICE_SLUG_PATTERN);
/** A host as the URL cleaner leaves it: lower-case, punycode, no www., no port. */
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

export function isServiceSlug(s: string): boolean {
  return SLUG.test(s) && !s.includes('..');
}

export function isServiceHost(s: string): boolean {
  return HOST.test(s) && !s.startsWith('www.');
}

export interface ServiceMatch {
  /** The service's slug: a registered service's, or an unregistered site's registrable domain. */
  slug: string;
  rules: UrlRules;
}

/**
 * Which service a host belongs to: the registered host it is (a subdomain of) with the longest
 * name, so `shop.example.vn` can be its own service beside `example.vn`. Anything else is a
 * website read by the page rules, named by `siteOf`.
 */
export class ServiceDirectory {
  private readonly byHost = new Map<string, ServiceMatch>();

  constructor(
    services: readonly Pick<ServiceEntry, 'slug' | 'hosts' | 'url_rules'>[],
    private readonly siteOf: (host: string) => string = (host) => host,
  ) {
    for (const s of services) for (const h of s.hosts) this.byHost.set(h, { slug: s.slug, rules: s.url_rules });
  }

  lookup(host: string): ServiceMatch {
    for (let h = host; ;) {
      const found = this.byHost.get(h);
      if (found) return found;
      const dot = h.indexOf('.');
      if (dot < 0) break;
      h = h.slice(dot + 1);
    }
    return { slug: this.siteOf(host), rules: 'web' };
  }
}

/** The built-in services, each website named by its host: for use without a database. */
export const BUILT_IN_DIRECTORY = new ServiceDirectory(BUILT_IN_SERVICES);
