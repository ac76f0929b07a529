/**
 * The extraction worker (started by extract-pool.ts): parses one page at a time, off the thread
 * that answers requests. The pool terminates it when a page takes longer than its budget.
 */
import type { ExtractedText } from '../core/extract-text.ts';
import { extractFromHtml } from './extract-html.ts';
import { serveJobs } from './worker-pool.ts';

serveJobs<{ html: string }, ExtractedText>(({ html }) => extractFromHtml(html));
