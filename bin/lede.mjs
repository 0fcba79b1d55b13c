#!/usr/bin/env -S node --max-old-space-size=256
// The `lede` command: runs the TypeScript CLI through tsx's loader (no build step).
// A bounded heap keeps a long ingest's memory flat: the ingester streams, so what it holds is
// small and the rest is garbage the collector would otherwise be allowed to keep.
import { register } from 'tsx/esm/api';

register();
await import('../ingest/cli.ts');
