#!/usr/bin/env -S node --max-old-space-size=256
// The `lede` command: runs the compiled CLI (dist/, built by `npm run build`, which `npm install`
// runs through the `prepare` script). No TypeScript loader at runtime.
// A bounded heap keeps a long ingest's memory flat: the ingester streams, so what it holds is
// small and the rest is garbage the collector would otherwise be allowed to keep.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/ingest/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('lede: the compiled CLI (dist/) is missing: run `npm run build` (or `npm install`) in the Lede checkout.\n');
  process.exit(1);
}
await import(cli.href);
