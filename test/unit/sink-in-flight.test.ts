/** The sink's bound on batches: how many reach Meilisearch at once, and how many it holds while they index. */
import type { Meilisearch } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { MeiliSink, SINK_BATCHES_IN_FLIGHT, type SinkDocument } from '../../ingest/sink.ts';

/** A Meilisearch whose tasks stay processing until `finishAll()`. */
function slowMeili() {
  let next = 0;
  const sent: number[] = [];
  const finished = new Set<number>();
  let open = true;
  const client = {
    index: () => ({
      addDocuments: async (docs: SinkDocument[]) => {
        sent.push(docs.length);
        return { taskUid: next++ };
      },
    }),
    tasks: {
      getTask: async (uid: number) => ({ uid, status: !open || finished.has(uid) ? 'succeeded' : 'processing' }),
    },
  } as unknown as Meilisearch;
  return {
    client,
    sent,
    finishAll: () => {
      open = false;
    },
  };
}

const doc = (i: number): SinkDocument => ({ id: `a${i}`, title: `Article ${i}` });

describe('sink batches in flight', () => {
  it('sends SINK_BATCHES_IN_FLIGHT batches at once and holds only one more waiting, plus the one filling', async () => {
    const meili = slowMeili();
    const sink = new MeiliSink<SinkDocument>(meili.client, 'articles', { batchSize: 10 });
    let added = 0;
    const adding = (async () => {
      for (let i = 0; i < 200; i++) {
        await sink.add(doc(i), { input: 'test' });
        added++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Blocked: the batches sent, one waiting for a slot, and the add that flushed it.
    expect(meili.sent).toHaveLength(SINK_BATCHES_IN_FLIGHT);
    expect(added).toBe((SINK_BATCHES_IN_FLIGHT + 1) * 10 - 1);
    meili.finishAll();
    await adding;
    const result = await sink.drain();
    expect(result.indexed).toBe(200);
    expect(meili.sent.reduce((a, b) => a + b, 0)).toBe(200);
  });
});
