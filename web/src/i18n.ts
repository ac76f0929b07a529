import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Where the chosen language is remembered between visits. */
const STORAGE_KEY = 'minhbach.lang';

type Messages = Record<string, unknown>;

/**
 * The message catalogs: `locales/vi.json` and `locales/en.json` for what every screen shares, and
 * one pair per feature (`locales/case-desk.vi.json`…), each under its own top-level keys, so a
 * feature's words live beside each other and two features never edit the same file.
 */
const files = import.meta.glob<Messages>('./locales/*.json', { eager: true, import: 'default' });

export function catalogs(): Record<Language, Messages> {
  const out: Record<Language, Messages> = { vi: {}, en: {} };
  for (const [file, messages] of Object.entries(files)) {
    const lang = /(?:^|[./])(vi|en)\.json$/.exec(file)?.[1] as Language | undefined;
    if (!lang) throw new Error(`${file}: a catalog's name ends in .vi.json or .en.json`);
    for (const [key, value] of Object.entries(messages)) {
      if (key in out[lang]) throw new Error(`${file}: "${key}" is already defined by another catalog`);
      out[lang][key] = value;
    }
  }
  return out;
}

function remembered(): Language {
  // A link may say which language to open in (an English e-mail's link to a statement): it wins
  // over what this device remembered.
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked === 'en' || asked === 'vi') return asked;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

/** Vietnamese first; English when the visitor chose it, on this device. */
export function startI18n(): typeof i18n {
  const { vi, en } = catalogs();
  void i18n.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: remembered(),
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = i18n.language;
  i18n.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      /* private browsing: the choice lasts this visit */
    }
  });
  return i18n;
}
