/**
 * Where the console finds the API and the staff user pool: /config.json beside the app, written
 * by CDK in AWS and by the local cloud on a laptop. Nothing secret is in it or in the bundle.
 */
import type { ConsoleConfig } from '../../shared/api/console-config.ts';

export type { ConsoleConfig };

let loaded: Promise<ConsoleConfig> | undefined;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-store' }).then(async (res) => {
    if (!res.ok) throw new Error(`config.json: ${res.status}`);
    return (await res.json()) as ConsoleConfig;
  });
  return loaded;
}
