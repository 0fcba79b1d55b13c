/** The bundled demo articles (ingest/samples/), indexed by `npm start` when the index is empty. */
import { projectFile } from '../src/project-files.ts';

export const DEMO_DIR = projectFile('ingest', 'samples');
