/** `lede index setup`: apply index-config/ and create the search-only key. */
import type { Config } from '../../src/config.ts';
import { setupConfiguredIndex } from '../../src/meili/setup.ts';
import { withMeili } from './with-meili.ts';

export async function runIndexSetup(config: Config): Promise<number> {
  return withMeili(config, async (connection) => {
    const setup = await setupConfiguredIndex(config, connection);
    process.stdout.write(
      `Index "${config.index}" on ${connection.url}: ${setup.changed.length ? `updated ${setup.changed.join(', ')}` : 'settings already up to date'}.\n`,
    );
    return 0;
  });
}
