/** The bundled demo articles (ingest/samples/), indexed by `npm start` when the index is empty. */
import { fileURLToPath } from 'node:url';

export const DEMO_DIR = fileURLToPath(new URL('../ingest/samples/', import.meta.url));
