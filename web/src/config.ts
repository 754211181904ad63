/**
 * Where the console finds the API and the staff user pool: /config.json beside the app, written
 * by CDK in AWS and by the local cloud on a laptop. Nothing secret is in it or in the bundle.
 */
export interface ConsoleConfig {
  /** The HTTP API's base URL (locally the console's own origin, /api, proxied). */
  apiUrl: string;
  identity: { endpoint: string; clientId: string };
}

let loaded: Promise<ConsoleConfig> | undefined;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-store' }).then(async (res) => {
    if (!res.ok) throw new Error(`config.json: ${res.status}`);
    return (await res.json()) as ConsoleConfig;
  });
  return loaded;
}
