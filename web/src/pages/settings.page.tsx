import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, useParams } from 'react-router';
import { KIND, ROLE } from '../../../src/core/glossary.ts';
import { ContactsSection } from '../settings/contacts.section.tsx';
import { KeysSection } from '../settings/keys.section.tsx';
import { PeopleSection } from '../settings/people.section.tsx';
import { useWord } from '../settings/settings-ui.tsx';
import { SlaSection } from '../settings/sla.section.tsx';
import { WebhooksSection } from '../settings/webhooks.section.tsx';
import { useSession } from '../session.ts';
import { useTitle } from '../title.ts';
import '../settings/settings.css';

const SECTIONS = ['people', 'keys', 'webhooks', 'contacts', 'sla'] as const;
type Section = (typeof SECTIONS)[number];
/** What the API keeps to admins altogether; the others anyone of the organization may read. */
const ADMIN_ONLY: readonly Section[] = ['people', 'keys'];
const isSection = (s: string | undefined): s is Section => (SECTIONS as readonly (string | undefined)[]).includes(s);

/**
 * Organization settings, one section per address (/settings/people…) under a sub-navigation.
 * Admins manage; anyone else of the organization reads what the API lets them (webhooks, e-mail
 * contacts, deadlines) without a control to change it, and is told so.
 */
export function SettingsPage() {
  const { section } = useParams();
  const { t } = useTranslation();
  const word = useWord();
  const session = useSession();
  const title = isSection(section) ? `${t(`settings.nav.${section}`)} · ${t('settings.title')}` : t('settings.title');
  useTitle(title);

  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  const s = session.data;
  if (!s)
    return (
      <>
        <h1>{t('settings.title')}</h1>
        <p>{t('settings.signInFirst')}</p>
        <p>
          <Link to="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </>
    );
  const me = s.person;
  const admin = me.role === 'admin';
  if (section === undefined && admin) return <Navigate to="/settings/people" replace />;

  const header = (
    <>
      <h1>{t('settings.title')}</h1>
      <p className="lead">{t('settings.intro', { org: `${me.org_name} (${word(KIND[me.org_kind])})` })}</p>
    </>
  );
  if (s.totp_enrolment_required)
    return (
      <>
        {header}
        <p className="warning">{t('settings.totpFirst')}</p>
        <p>
          <Link to="/account/totp">{t('settings.totpLink')}</Link>
        </p>
      </>
    );

  const visible = SECTIONS.filter((x) => admin || !ADMIN_ONLY.includes(x));
  const adminsOnly = <p className="warning">{t('settings.adminsOnly', { role: word(ROLE[me.role]), org: me.org_name })}</p>;
  let body;
  if (section === undefined) body = adminsOnly;
  else if (!isSection(section)) body = <p>{t('settings.unknownSection')}</p>;
  else if (!admin && ADMIN_ONLY.includes(section)) body = adminsOnly;
  else if (section === 'people') body = <PeopleSection me={me} />;
  else if (section === 'keys') body = <KeysSection />;
  else if (section === 'webhooks') body = <WebhooksSection canEdit={admin} />;
  else if (section === 'contacts') body = <ContactsSection canEdit={admin} />;
  else body = <SlaSection />;

  return (
    <>
      {header}
      {admin ? null : <p>{t('settings.readOnly')}</p>}
      <div className="settings">
        <nav className="subnav" aria-label={t('settings.sections')}>
          <ul>
            {visible.map((x) => (
              <li key={x}>
                <NavLink to={`/settings/${x}`}>{t(`settings.nav.${x}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">{body}</div>
      </div>
    </>
  );
}
