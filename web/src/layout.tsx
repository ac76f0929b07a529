import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from './session.ts';

/**
 * Every page: a skip link, the site's name, the main navigation, the language switch, and the
 * page in <main>. After a navigation, focus moves to <main> (so a screen reader starts at the new
 * page, not at the old link), as the GOV.UK Design System does.
 */
export function Layout() {
  const { t, i18n } = useTranslation();
  const main = useRef<HTMLElement>(null);
  const location = useLocation();
  // The page shown last: focus moves only when it changes, however often React runs the effect.
  const shown = useRef(location.pathname);
  useEffect(() => {
    if (shown.current === location.pathname) return;
    shown.current = location.pathname;
    main.current?.focus();
  }, [location.pathname]);
  const other = i18n.language === 'en' ? 'vi' : 'en';
  const session = useSession();
  const person = session.data?.person;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="bar">
          <NavLink to="/" className="brand">
            {t('site.name')}
          </NavLink>
          <button type="button" className="language" lang={other} aria-label={t('language.switchLabel')} onClick={() => void i18n.changeLanguage(other)}>
            {t('language.switch')}
          </button>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.records')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/report">{t('nav.report')}</NavLink>
            </li>
            <li>
              <NavLink to="/stats">{t('nav.stats')}</NavLink>
            </li>
            <li>
              <NavLink to="/transparency-reports">{t('transparencyReport.nav')}</NavLink>
            </li>
            <li>
              <NavLink to="/fact-checks">{t('factCheck.nav')}</NavLink>
            </li>
            {person ? (
              <li>
                <NavLink to="/cases">{t('nav.cases')}</NavLink>
              </li>
            ) : null}
            {person && person.org_kind !== 'platform' ? (
              <li>
                <NavLink to="/notices">{t('nav.notices')}</NavLink>
              </li>
            ) : null}
            {person?.role === 'admin' ? (
              <li>
                <NavLink to="/settings">{t('nav.settings')}</NavLink>
              </li>
            ) : null}
            <li className="push">{session.data ? <NavLink to="/account">{session.data.person.display_name}</NavLink> : <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>}</li>
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('site.tagline')}</p>
      </footer>
    </>
  );
}
