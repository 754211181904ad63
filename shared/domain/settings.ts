import type { z } from 'zod';

/** Deployment settings (cdk.json context) parsed with their schema: a synth error names each path. */
export function parseSettings<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new Error(`invalid ${what}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
