/**
 * Every page of the web app, as the router spells it. The server serves the app's index.html with
 * 200 at these paths only (src/http/web-app.ts) and a 404 elsewhere, so a page added to the
 * router (web/src/main.tsx) must be listed here too; web-app.test.ts checks the two agree.
 */
export const APP_PAGES = [
  '/',
  '/records/:id',
  '/stats',
  '/fact-checks',
  '/report',
  '/report/:code',
  '/statements/:token',
  '/sign-in',
  '/account',
  '/account/totp',
  '/account/sessions',
  '/invitations/:token',
  '/cases',
  '/cases/:id',
  '/notices',
  '/notices/new',
  '/notices/bulk',
  '/notices/:id',
  '/settings',
  '/settings/:section',
  '/transparency-reports',
  '/transparency-reports/:id',
] as const;

export type AppPage = (typeof APP_PAGES)[number];

const matchers = APP_PAGES.map((p) => new RegExp(`^${p.replace(/:[a-z]+/gi, '[^/]+')}$`));

/** Whether a (decoded) path is one of the app's pages. */
export function isAppPage(pathname: string): boolean {
  return matchers.some((m) => m.test(pathname));
}
