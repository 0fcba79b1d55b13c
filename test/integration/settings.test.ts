import { describe, expect, it } from 'vitest';
import { applySettings, desiredSettings } from '../../src/meili/settings.ts';
import { testAdminClient, uniqueIndex } from '../support/meili.ts';

describe('index settings', () => {
  it('are applied once and then found in line (idempotent), and restored after drift', async () => {
    const client = testAdminClient();
    const index = uniqueIndex('test_settings');
    expect(await applySettings(client, index)).not.toEqual([]);
    expect(await applySettings(client, index)).toEqual([]);

    await client
      .index(index)
      .updateSettings({ sortableAttributes: ['title'] })
      .waitTask();
    expect(await applySettings(client, index)).toEqual(['sortableAttributes']);
    const settings = await client.index(index).getSettings();
    expect(settings.sortableAttributes).toEqual(desiredSettings().sortableAttributes);
    expect(settings.searchableAttributes).toEqual(desiredSettings().searchableAttributes);
  });
});
