import type { ImageStoreConfig } from '../config.ts';
import { diskImageStore } from './image-store-disk.ts';
import { s3ImageStore } from './image-store-s3.ts';
import type { ImageStore } from './image-store.ts';

/** The image store the configuration names, or null when this deployment keeps no images (config.ts). */
export function openImageStore(config: ImageStoreConfig | null): ImageStore | null {
  if (config === null) return null;
  return config.kind === 'disk' ? diskImageStore(config.dir) : s3ImageStore(config);
}
