import { useTranslation } from 'react-i18next';
import type { CaseItem, ItemImage } from '../images.api.ts';
import { formatNumber } from '../format.ts';
import { fileSize } from '../notices/image-attach.ts';
import './item-images.css';

/** The images of a notice item, as the API gives them: none for an item without. (`?? []`: a notice cached from before images.) */
export function imagesOf(item: CaseItem): readonly ItemImage[] {
  return item.images ?? [];
}

/**
 * A notice item's images on the case page: thumbnails loaded only when scrolled to (a case may
 * hold many notices), each a link to the full image. The bytes come from `GET /api/v1/images/…`
 * with the session cookie, which answers only someone who may see the case; this page is never
 * public, and neither is any image.
 */
export function ItemImages({ item, itemNumber }: { item: CaseItem; itemNumber: number }) {
  const { t, i18n } = useTranslation();
  const images = imagesOf(item);
  if (images.length === 0) return null;
  const lang = i18n.language;
  return (
    <ul className="case-images" aria-label={t('images.case.listLabel', { n: itemNumber, count: images.length })}>
      {images.map((image, j) => (
        <li key={`${image.sha256}-${j}`}>
          <a href={image.url} target="_blank" rel="noopener noreferrer">
            <img src={image.url} alt={t('images.case.alt', { j: j + 1, n: itemNumber })} loading="lazy" decoding="async" width={image.width} height={image.height} />
            <span>
              {t('images.case.open')}
              <span className="visually-hidden"> {t('images.case.newTab')}</span>
            </span>
          </a>
          <small>
            {formatNumber(image.width, lang)} × {formatNumber(image.height, lang)} · {image.mime.replace('image/', '').toUpperCase()} · {fileSize(image.bytes, lang)}
            <br />
            SHA-256 <code title={image.sha256}>{image.sha256.slice(0, 12)}…</code>
          </small>
        </li>
      ))}
    </ul>
  );
}
