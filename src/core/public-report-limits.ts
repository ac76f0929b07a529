/**
 * The public report form's limits: the schema (public-report.schemas.ts) and the web form use
 * these very numbers. Apart from public-report.ts, which hashes with Node, so the browser can load it.
 */
export const PUBLIC_REPORT_LIMITS = { urls: 10, url: 2048, description: 5000, evidence: 5000, email: 254 } as const;
