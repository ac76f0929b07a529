// Worker threads do not inherit tsx's loader: register it here, then load the TypeScript worker.
import { tsImport } from 'tsx/esm/api';

await tsImport('./worker.ts', import.meta.url);
