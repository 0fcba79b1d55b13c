/** `lede extract [--explain] [--follow] INPUT...`: articles as NDJSON on stdout, problems as NDJSON on stderr. */
import { watchlistFile } from '../../src/config.ts';
import { loadKnowledge } from '../enrich/knowledge.ts';
import { formatExplanations } from '../explain.ts';
import { runPipeline } from '../pipeline.ts';
import type { Options } from './common.ts';
import { pipelineOptions, runFetcher } from './pipeline-options.ts';

export async function runExtract(inputs: string[], options: Options): Promise<number> {
  const knowledge = loadKnowledge({ watchlistFile: watchlistFile() });
  const fetcher = runFetcher(options);
  let failed = false;
  try {
    for await (const event of runPipeline(inputs, pipelineOptions(options, fetcher, knowledge))) {
      if (event.type === 'problem') {
        if (event.severity === 'error') failed = true;
        process.stderr.write(`${JSON.stringify({ ...event.problem, severity: event.severity })}\n`);
      } else if (options['explain']) {
        process.stdout.write(`${formatExplanations(event.article, event.enrichment.explanations, event.input)}\n`);
      } else {
        process.stdout.write(`${JSON.stringify({ ...event.article, input: event.input })}\n`);
      }
    }
  } finally {
    fetcher.close();
  }
  return failed ? 1 : 0;
}
