/** Whether a Meilisearch answers its /health with 200: a plain HTTP probe, no process management. */
import { request } from 'node:http';

export async function isHealthy(url: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(new URL('/health', url), { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
