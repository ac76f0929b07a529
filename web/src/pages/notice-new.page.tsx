import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CATEGORY_SPECIFICATIONS } from '../../../src/core/dsa.ts';
import { inputIdOf, noticeFromForm, URGENT_KINDS, type MissingField, type NoticeFormState } from '../../../src/core/notice-form.ts';
import type { SubmitterKind } from '../../../src/core/organization.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { ApiError } from '../http.ts';
import { categoryLabel, STATEMENT_CATEGORIES } from '../labels.ts';
import { AccessMessage, FieldError, TextField, useNoticeAccess } from '../notices/notice-ui.tsx';
import { idempotencyKey, noticesApi } from '../notices.api.ts';
import { imageInputId, imageInputIdOf, MAX_IMAGES_PER_ITEM } from '../notices/image-attach.ts';
import { ImagePicker, pastedImages, prepareImages, rejectionMessage, type AttachedImage } from '../notices/image-picker.tsx';
import type { NoticeBodyWithImages } from '../images.api.ts';
import { useTitle } from '../title.ts';
import '../notices/notices.css';

/** Languages offered for the content, named in the reader's language by Intl; others are rare enough to leave unsaid. */
const LANGUAGES = ['vi', 'en', 'zh', 'km', 'lo', 'th', 'ko', 'ja', 'fr', 'ru'] as const;

type Item = { key: number; url: string; text: string; images: AttachedImage[] };

/**
 * /notices/new: one notice, with as many URLs as it is about. Blank required fields are named
 * before sending; the server's own field errors come back linked to their input; nothing typed is
 * lost. One Idempotency-Key per form, so a double click or a retry files once.
 */
export function NoticeNewPage() {
  const { t } = useTranslation();
  useTitle(t('notices.form.title'));
  const { status, person } = useNoticeAccess();
  return (
    <>
      <h1>{t('notices.form.title')}</h1>
      {status === 'file' ? <NoticeForm kind={person!.org_kind as SubmitterKind} /> : <AccessMessage status={status} />}
    </>
  );
}

function NoticeForm({ kind }: { kind: SubmitterKind }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const navigate = useNavigate();
  const queries = useQueryClient();
  // One key for the life of the form: a second click while the first is in flight, or a retry
  // after a lost answer, replays the first answer instead of filing again.
  const [key] = useState(idempotencyKey);
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const [said, setSaid] = useState('');
  const [keywordsOpen, setKeywordsOpen] = useState(false);
  const nextKey = useRef(1);
  const [items, setItems] = useState<Item[]>([{ key: 0, url: '', text: '', images: [] }]);
  const nextImageKey = useRef(0);
  const [fields, setFields] = useState<Omit<NoticeFormState, 'items'>>({
    category: '',
    keywords: [],
    explanation: '',
    instrument: '',
    provision: '',
    reference_url: '',
    urgency: 'normal',
    content_language: '',
  });
  const set = <K extends keyof typeof fields>(name: K, value: (typeof fields)[K]) => setFields((f) => ({ ...f, [name]: value }));
  const authority = kind === 'authority';
  const mayBeUrgent = URGENT_KINDS.includes(kind);

  const categories = useMemo(() => STATEMENT_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) })).sort((a, b) => a.label.localeCompare(b.label, lang)), [lang]);
  const languages = useMemo(() => {
    const names = new Intl.DisplayNames([lang === 'en' ? 'en' : 'vi'], { type: 'language' });
    return LANGUAGES.map((code) => ({ code, label: names.of(code) ?? code }));
  }, [lang]);

  /** The label a server message is prefixed with, so "is required" says what is. */
  function labelOf(inputId: string): string {
    const image = /^items-(\d+)-images(?:-(\d+))?$/.exec(inputId);
    if (image) {
      const n = Number(image[1]) + 1;
      return image[2] === undefined ? t('images.form.labelOf', { n }) : t('images.form.imageOf', { n, j: Number(image[2]) + 1 });
    }
    const item = /^items-(\d+)-(url|text)$/.exec(inputId);
    if (item) return t(item[2] === 'url' ? 'notices.form.urlOf' : 'notices.form.textOf', { n: Number(item[1]) + 1 });
    const labels: Record<string, string> = {
      category: t('notices.form.category'),
      keywords: t('notices.form.keywords'),
      explanation: t('notices.form.explanation'),
      'legal_basis-instrument': t('notices.form.legalBasis'),
      'legal_basis-provision': t('notices.form.provision'),
      'legal_basis-reference_url': t('notices.form.reference'),
      'urgency-normal': t('notices.form.urgency'),
      content_language: t('notices.form.language'),
    };
    return labels[inputId] ?? t('notices.form.title');
  }

  function missingMessage(m: MissingField): string {
    const item = /^items\[(\d+)\]/.exec(m.field);
    if (item) return t('notices.form.urlMissing', { n: Number(item[1]) + 1 });
    if (m.field === 'category') return t('notices.form.categoryMissing');
    if (m.field === 'explanation') return t('notices.form.explanationMissing');
    return authority ? t('notices.form.instrumentRequired') : t('notices.form.instrumentMissing');
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending.current) return;
    const { body, rows, missing } = noticeFromForm({ ...fields, items }, kind);
    setDuplicateOf(null);
    if (missing.length > 0) {
      const formRows = items.map((_, i) => i);
      setProblems(missing.map((m) => ({ field: inputIdOf(m.field, formRows), message: missingMessage(m) })));
      return;
    }
    sending.current = true;
    setBusy(true);
    try {
      const accepted = await noticesApi.submit(withImages(body, rows), key);
      await queries.invalidateQueries({ queryKey: ['notices'] });
      await navigate(`/notices/${accepted.id}`, { state: { accepted } });
    } catch (err) {
      setProblems(problemsOf(err, rows));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }

  /** The body with each item's images, as data URLs, in the order they were attached. */
  function withImages(body: NoticeBodyWithImages, rows: number[]): NoticeBodyWithImages {
    return {
      ...body,
      items: body.items.map((item, i) => {
        const images = items[rows[i]!]?.images ?? [];
        return images.length === 0 ? item : { ...item, images: images.map((image) => ({ data_url: image.dataUrl })) };
      }),
    };
  }

  /** Files chosen, dropped or pasted for an item: checked, attached, or named in the error summary. */
  async function attach(itemKey: number, files: File[]) {
    const row = items.findIndex((it) => it.key === itemKey);
    if (row < 0) return;
    const inNotice = items.flatMap((it) => it.images);
    const { added, rejected } = await prepareImages(files, { inItem: items[row]!.images.length, inNotice }, () => nextImageKey.current++);
    // Capped again here: two quick choices may both have been checked against the same count.
    setItems((list) => list.map((it) => (it.key === itemKey ? { ...it, images: [...it.images, ...added].slice(0, MAX_IMAGES_PER_ITEM) } : it)));
    const field = imageInputId(row);
    setProblems((list) => [...list.filter((p) => !p.field.startsWith(field)), ...rejected.map((r) => ({ field, message: rejectionMessage(r, row + 1, t, lang) }))]);
    if (added.length > 0) setSaid(t('images.form.added', { count: added.length, n: row + 1 }));
  }

  function removeImage(itemKey: number, row: number, image: AttachedImage, index: number) {
    setItems((list) => list.map((it) => (it.key === itemKey ? { ...it, images: it.images.filter((im) => im.key !== image.key) } : it)));
    setSaid(t('images.form.removed', { name: image.name, n: row + 1 }));
    // Errors point at thumbnails by their place: after one goes, they may point at the wrong one.
    setProblems((list) => list.filter((p) => !p.field.startsWith(`${imageInputId(row)}-`)));
    // Focus stays in the list (the next image's remove button), or returns to the file input.
    requestAnimationFrame(() => {
      const next =
        document.querySelector<HTMLButtonElement>(`#${imageInputId(row, index)} button`) ?? document.querySelector<HTMLButtonElement>(`#${imageInputId(row, index - 1)} button`);
      (next ?? document.getElementById(imageInputId(row)))?.focus();
    });
  }

  function problemsOf(err: unknown, rows: number[]): FieldProblem[] {
    const first = `items-${rows[0] ?? 0}-url`;
    if (!(err instanceof ApiError)) return [{ field: first, message: t('notices.form.failed') }];
    const problem = err.problem as ApiError['problem'] & { existing_id?: string };
    if (err.status === 409 && problem.existing_id) {
      setDuplicateOf(problem.existing_id);
      return [{ field: first, message: t('notices.form.duplicate') }];
    }
    if (problem.code === 'idempotency_key_reused') return [{ field: first, message: t('notices.form.keyReused') }];
    if (err.status === 429) return [{ field: first, message: t('notices.form.tooMany') }];
    if (err.status === 413) {
      // With images, they are what made it large (the other fields alone fit in the old limit).
      const firstWithImages = items.findIndex((it) => it.images.length > 0);
      if (firstWithImages >= 0) return [{ field: imageInputId(firstWithImages), message: t('images.form.noticeTooLarge') }];
      return [{ field: first, message: t('notices.form.tooLarge') }];
    }
    const fieldErrors = problem.errors ?? [];
    if (fieldErrors.length > 0) {
      if (fieldErrors.some((f) => f.field.startsWith('category_specification'))) setKeywordsOpen(true);
      return fieldErrors.map((f) => {
        const inputId = imageInputIdOf(f.field, rows)?.id ?? inputIdOf(f.field, rows);
        return { field: inputId, message: `${labelOf(inputId)}: ${f.message}` };
      });
    }
    return [{ field: first, message: err.status < 500 && problem.detail ? problem.detail : t('notices.form.failed') }];
  }

  function addItem() {
    const n = items.length + 1;
    setItems((list) => [...list, { key: nextKey.current++, url: '', text: '', images: [] }]);
    setSaid(t('notices.form.itemAdded', { n }));
    // Errors point at inputs by row number: after the rows change they may point at the wrong one.
    setProblems([]);
    // The new row's URL, once rendered: where the person wanted to type.
    requestAnimationFrame(() => document.getElementById(`items-${n - 1}-url`)?.focus());
  }

  function removeItem(index: number) {
    setItems((list) => list.filter((_, i) => i !== index));
    setSaid(t('notices.form.itemRemoved', { n: index + 1 }));
    setProblems([]);
    requestAnimationFrame(() => document.getElementById(`items-${Math.max(0, index - 1)}-url`)?.focus());
  }

  const keywordError = problems.some((p) => p.field === 'keywords');
  const legalHint = authority ? t('notices.form.legalBasisRequired') : t('notices.form.legalBasisOptional');

  return (
    <>
      <p className="lead">{t('notices.form.intro')}</p>
      <p>
        <Link to="/notices/bulk">{t('notices.form.bulkLink')}</Link>
      </p>
      <ErrorSummary problems={problems} />
      {duplicateOf ? (
        <p className="warning">
          {t('notices.form.duplicate')} <Link to={`/notices/${duplicateOf}`}>{t('notices.form.duplicateLink')}</Link>
        </p>
      ) : null}
      <form className="notice-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('notices.form.items')}</legend>
          {items.map((item, i) => (
            <fieldset
              className="notice-item"
              key={item.key}
              onPaste={(e) => {
                const files = pastedImages(e);
                if (files.length > 0) void attach(item.key, files);
              }}
            >
              <legend>{t('notices.form.item', { n: i + 1 })}</legend>
              <TextField
                id={`items-${i}-url`}
                label={t('notices.form.url')}
                hint={i === 0 ? t('notices.form.urlHint') : undefined}
                problems={problems}
                value={item.url}
                onChange={(url) => setItems((list) => list.map((it) => (it.key === item.key ? { ...it, url } : it)))}
                input={{ type: 'url', inputMode: 'url', autoComplete: 'off', spellCheck: 'false' }}
              />
              <TextField
                id={`items-${i}-text`}
                label={t('notices.form.text')}
                hint={t('notices.form.textHint')}
                problems={problems}
                value={item.text}
                multiline
                onChange={(text) => setItems((list) => list.map((it) => (it.key === item.key ? { ...it, text } : it)))}
              />
              <ImagePicker
                row={i}
                images={item.images}
                problems={problems}
                onAdd={(files) => void attach(item.key, files)}
                onRemove={(image, j) => removeImage(item.key, i, image, j)}
              />
              {items.length > 1 ? (
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => removeItem(i)}>
                    {t('notices.form.removeItem', { n: i + 1 })}
                  </button>
                </div>
              ) : null}
            </fieldset>
          ))}
          <div className="actions">
            <button type="button" className="secondary" onClick={addItem} disabled={items.length >= 100}>
              {t('notices.form.addItem')}
            </button>
          </div>
          <p role="status" className="visually-hidden">
            {said}
          </p>
        </fieldset>

        <fieldset>
          <legend>{t('notices.form.what')}</legend>
          <div className={`field${problems.some((p) => p.field === 'category') ? ' has-error' : ''}`}>
            <label htmlFor="category">{t('notices.form.category')}</label>
            <FieldError id="category" problems={problems} />
            <select
              id="category"
              name="category"
              value={fields.category}
              onChange={(e) => set('category', e.target.value)}
              aria-invalid={problems.some((p) => p.field === 'category') || undefined}
              aria-describedby={problems.some((p) => p.field === 'category') ? 'category-error' : undefined}
            >
              <option value="">{t('notices.form.chooseCategory')}</option>
              {categories.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <details className={`keywords${keywordError ? ' has-error' : ''}`} open={keywordsOpen || keywordError} onToggle={(e) => setKeywordsOpen(e.currentTarget.open)}>
            <summary id="keywords">
              {t('notices.form.keywords')}
              {fields.keywords.length > 0 ? ` (${t('notices.form.keywordsChosen', { count: fields.keywords.length })})` : ''}
            </summary>
            <fieldset aria-describedby={keywordError ? 'keywords-hint keywords-error' : 'keywords-hint'}>
              <legend className="visually-hidden">{t('notices.form.keywords')}</legend>
              <p className="hint" id="keywords-hint">
                {t('notices.form.keywordsHint')}
              </p>
              <FieldError id="keywords" problems={problems} />
              <div className="choices">
                {CATEGORY_SPECIFICATIONS.map((k) => (
                  <div className="choice" key={k}>
                    <input
                      type="checkbox"
                      id={`keyword-${k}`}
                      checked={fields.keywords.includes(k)}
                      onChange={(e) => set('keywords', e.target.checked ? [...fields.keywords, k] : fields.keywords.filter((x) => x !== k))}
                    />
                    <label htmlFor={`keyword-${k}`}>{keywordLabel(k)}</label>
                  </div>
                ))}
              </div>
            </fieldset>
          </details>
          <TextField
            id="explanation"
            label={t('notices.form.explanation')}
            hint={t('notices.form.explanationHint')}
            problems={problems}
            value={fields.explanation}
            multiline
            onChange={(v) => set('explanation', v)}
          />
        </fieldset>

        <fieldset aria-describedby="legal_basis-hint">
          <legend>{t('notices.form.legalBasis')}</legend>
          <p className="hint" id="legal_basis-hint">
            {legalHint}
          </p>
          <TextField
            id="legal_basis-instrument"
            label={t('notices.form.instrument')}
            hint={t('notices.form.instrumentHint')}
            problems={problems}
            value={fields.instrument}
            onChange={(v) => set('instrument', v)}
            input={authority ? { 'aria-required': 'true' } : {}}
          />
          <TextField
            id="legal_basis-provision"
            label={t('notices.form.provision')}
            hint={t('notices.form.provisionHint')}
            problems={problems}
            value={fields.provision}
            onChange={(v) => set('provision', v)}
          />
          <TextField
            id="legal_basis-reference_url"
            label={t('notices.form.reference')}
            problems={problems}
            value={fields.reference_url}
            onChange={(v) => set('reference_url', v)}
            input={{ type: 'url', inputMode: 'url', spellCheck: 'false' }}
          />
        </fieldset>

        {mayBeUrgent ? (
          <fieldset className={problems.some((p) => p.field === 'urgency-normal') ? 'has-error' : undefined}>
            <legend>{t('notices.form.urgency')}</legend>
            <FieldError id="urgency-normal" problems={problems} />
            {(['normal', 'urgent'] as const).map((u) => (
              <div className="choice" key={u}>
                <input
                  type="radio"
                  id={`urgency-${u}`}
                  name="urgency"
                  value={u}
                  checked={fields.urgency === u}
                  onChange={() => set('urgency', u)}
                  aria-describedby={`urgency-${u}-hint`}
                />
                <label htmlFor={`urgency-${u}`}>{t(`notices.urgency.${u}`)}</label>
                <span className="hint" id={`urgency-${u}-hint`}>
                  {t(u === 'urgent' ? 'notices.form.urgentHint' : 'notices.form.normalHint')}
                </span>
              </div>
            ))}
          </fieldset>
        ) : null}

        <div className={`field${problems.some((p) => p.field === 'content_language') ? ' has-error' : ''}`}>
          <label htmlFor="content_language">{t('notices.form.language')}</label>
          <FieldError id="content_language" problems={problems} />
          <select id="content_language" name="content_language" value={fields.content_language} onChange={(e) => set('content_language', e.target.value)}>
            <option value="">{t('notices.form.languageUnknown')}</option>
            {languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </div>

        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('notices.form.submit')}
          </button>
          <p role="status">{busy ? t('notices.form.sending') : ''}</p>
        </div>
      </form>
    </>
  );
}

/** `KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL` → "child sexual abuse material": the DSA's own term, readable. */
function keywordLabel(k: string): string {
  return k
    .replace(/^KEYWORD_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');
}
