/**
 * Layering rules (npm run check). The two flows of the architecture notes:
 *   ingest: sources → parse → normalise → enrich → sink      search: server → search → meili
 * Pure ingest stages and the search layer stay free of the things that make code hard to test
 * or deploy apart: process management, Meilisearch, HTTP serving, each other.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'search-no-process-management',
      comment: 'src/search plans and sends queries; starting or supervising processes belongs to src/meili/managed.ts and the entry files.',
      severity: 'error',
      from: { path: '^src/search/' },
      to: { path: ['^src/meili/managed\\.ts$', '^child_process$', '^node:child_process$'], reachable: true },
    },
    {
      name: 'search-no-ingest',
      comment: 'The search layer never imports the ingester.',
      severity: 'error',
      from: { path: '^src/search/' },
      to: { path: '^ingest/', reachable: true },
    },
    {
      name: 'search-no-http',
      comment: 'src/search is request → Meilisearch query → response with no HTTP serving in it: Express and src/server stay above it.',
      severity: 'error',
      from: { path: '^src/search/' },
      to: { path: ['^src/server/', '^node_modules/express/'], reachable: true },
    },
    {
      name: 'src-below-ingest',
      comment: 'The ingester builds on src/ (article, config, meili); src/ never imports the ingester. start/ (npm start) wires both.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^ingest/' },
    },
    {
      name: 'pure-ingest-no-meili-or-server',
      comment: 'parse, normalise and enrich are pure functions of their input: no Meilisearch, no HTTP server.',
      severity: 'error',
      from: { path: '^ingest/(parse|normalise|enrich)/' },
      to: { path: ['^node_modules/meilisearch/', '^src/meili/', '^src/server/'], reachable: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'Modules import each other in one direction.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Folders import each other in one direction (parse → normalise is fine, normalise → parse too is not).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
  },
};
