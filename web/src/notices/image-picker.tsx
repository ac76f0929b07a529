import { useState, type ClipboardEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../error-summary.tsx';
import { FieldError } from './notice-ui.tsx';
import {
  ACCEPT,
  altFromFileName,
  checkImage,
  encodedLength,
  fileSize,
  imageInputId,
  MAX_IMAGE_BYTES,
  MAX_IMAGES_PER_ITEM,
  MAX_IMAGES_PER_NOTICE,
  megabytes,
  NOTICE_IMAGE_BUDGET,
  NOTICE_IMAGE_BUDGET_BYTES,
  type ImageType,
} from './image-attach.ts';
import './image-picker.css';

/**
 * An image chosen for a notice item: its checked type and its bytes as a data URL, which is both
 * what the API takes and what the thumbnail shows (the app's CSP allows `data:` images, not `blob:`).
 */
export interface AttachedImage {
  key: number;
  dataUrl: string;
  name: string;
  type: ImageType;
  size: number;
}

export interface RejectedImage {
  name: string;
  problem: 'type' | 'size' | 'empty' | 'count' | 'noticeCount' | 'noticeSize' | 'unreadable';
}

/**
 * Checks files for an item that already has `inItem` images, in a notice that already has
 * `inNotice` (all items): accepted ones become attachments, the rest say why not. The notice's
 * limits (8 images, and what the request may weigh) are checked here too, where the file that
 * passes them can be named. Only the first bytes of each file are read.
 */
export async function prepareImages(
  files: readonly File[],
  already: { inItem: number; inNotice: readonly AttachedImage[] },
  nextKey: () => number,
): Promise<{ added: AttachedImage[]; rejected: RejectedImage[] }> {
  let weight = already.inNotice.reduce((sum, image) => sum + encodedLength(image.size), 0);
  const added: AttachedImage[] = [];
  const rejected: RejectedImage[] = [];
  for (const file of files) {
    let head: Uint8Array;
    try {
      head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
    } catch {
      rejected.push({ name: file.name, problem: 'unreadable' });
      continue;
    }
    const check = checkImage(file, head);
    if (!check.ok) rejected.push({ name: file.name, problem: check.problem });
    else if (already.inItem + added.length >= MAX_IMAGES_PER_ITEM) rejected.push({ name: file.name, problem: 'count' });
    else if (already.inNotice.length + added.length >= MAX_IMAGES_PER_NOTICE) rejected.push({ name: file.name, problem: 'noticeCount' });
    else if (weight + encodedLength(file.size) > NOTICE_IMAGE_BUDGET) rejected.push({ name: file.name, problem: 'noticeSize' });
    else {
      let dataUrl: string;
      try {
        dataUrl = await readDataUrl(file, check.type);
      } catch {
        rejected.push({ name: file.name, problem: 'unreadable' });
        continue;
      }
      weight += encodedLength(file.size);
      added.push({ key: nextKey(), dataUrl, name: file.name || 'image', type: check.type, size: file.size });
    }
  }
  return { added, rejected };
}

/** The file as `data:image/png;base64,…`, typed by its content rather than by its name. */
export function readDataUrl(file: Blob, type: ImageType): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(new Blob([file], { type }));
  });
}

/**
 * The files a paste or a drop carries, if any (text pasted into a field carries none and stays
 * text). Not filtered by type: a PDF dropped by mistake is refused by name, not ignored.
 */
export function imageFilesOf(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []);
}

/**
 * The images of one notice item: a file input (several files at once), a drop zone, pasting a
 * screenshot anywhere in the item (the page wires `onPaste`), and a thumbnail of each image with
 * its remove button. Errors sit by the file input, or by the image the server refused.
 */
export function ImagePicker({
  row,
  images,
  problems,
  onAdd,
  onRemove,
}: {
  row: number;
  images: readonly AttachedImage[];
  problems: readonly FieldProblem[];
  onAdd: (files: File[]) => void;
  onRemove: (image: AttachedImage, index: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const id = imageInputId(row);
  const error = problems.some((p) => p.field === id);
  const full = images.length >= MAX_IMAGES_PER_ITEM;

  function drop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const files = imageFilesOf(e.dataTransfer);
    if (files.length > 0) onAdd(files);
  }

  return (
    <div
      className={`field image-field${error ? ' has-error' : ''}${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <label htmlFor={id}>{t('images.form.label')}</label>
      <span className="hint" id={`${id}-hint`}>
        {t('images.form.hint', { max: MAX_IMAGES_PER_ITEM, mb: megabytes(MAX_IMAGE_BYTES, i18n.language), total: megabytes(NOTICE_IMAGE_BUDGET_BYTES, i18n.language) })}
      </span>
      <FieldError id={id} problems={problems} />
      <input
        type="file"
        id={id}
        name={id}
        accept={ACCEPT}
        multiple
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null, `${id}-count`].filter(Boolean).join(' ')}
        aria-invalid={error || undefined}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // The same file chosen again after removing it must fire a change: forget the choice.
          e.currentTarget.value = '';
          if (files.length > 0) onAdd(files);
        }}
      />
      <span className="hint" id={`${id}-count`}>
        {full ? t('images.form.full', { max: MAX_IMAGES_PER_ITEM }) : t('images.form.count', { count: images.length, max: MAX_IMAGES_PER_ITEM })}
      </span>
      {images.length > 0 ? (
        <ul className="image-thumbs" aria-label={t('images.form.listLabel', { n: row + 1 })}>
          {images.map((image, j) => (
            <Thumb key={image.key} row={row} index={j} image={image} problems={problems} onRemove={() => onRemove(image, j)} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Thumb({ row, index, image, problems, onRemove }: { row: number; index: number; image: AttachedImage; problems: readonly FieldProblem[]; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const id = imageInputId(row, index);
  const error = problems.some((p) => p.field === id);
  const words = altFromFileName(image.name);
  const alt = words ? t('images.form.alt', { n: index + 1, words }) : t('images.form.altUnnamed', { n: index + 1 });
  return (
    // Focusable so the error summary's link to a refused image lands on it.
    <li id={id} tabIndex={-1} className={error ? 'has-error' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <img src={image.dataUrl} alt={alt} />
      <span className="thumb-name">{image.name}</span>
      <span className="hint">
        {image.type.replace('image/', '').toUpperCase()} · {fileSize(image.size, i18n.language)}
      </span>
      <FieldError id={id} problems={problems} />
      <button type="button" className="secondary" onClick={onRemove} aria-label={t('images.form.removeNamed', { name: image.name })}>
        {t('images.form.remove')}
      </button>
    </li>
  );
}

/** The words for an image refused before sending. */
export function rejectionMessage(r: RejectedImage, item: number, t: (key: string, options?: Record<string, unknown>) => string, lang: string): string {
  const name = r.name || t('images.form.pasted');
  switch (r.problem) {
    case 'type':
      return t('images.form.wrongType', { name, n: item });
    case 'size':
      return t('images.form.tooBig', { name, n: item, mb: megabytes(MAX_IMAGE_BYTES, lang) });
    case 'empty':
      return t('images.form.emptyFile', { name, n: item });
    case 'count':
      return t('images.form.tooMany', { name, n: item, max: MAX_IMAGES_PER_ITEM });
    case 'noticeCount':
      return t('images.form.tooManyInNotice', { name, n: item, max: MAX_IMAGES_PER_NOTICE });
    case 'noticeSize':
      return t('images.form.tooHeavy', { name, n: item, mb: megabytes(NOTICE_IMAGE_BUDGET_BYTES, lang) });
    default:
      return t('images.form.unreadable', { name, n: item });
  }
}

/** Paste handler for a whole notice item: a screenshot pasted into its URL or text field is attached, text is left alone. */
export function pastedImages(e: ClipboardEvent<HTMLElement>): File[] {
  const files = imageFilesOf(e.clipboardData);
  if (files.length > 0) e.preventDefault();
  return files;
}
