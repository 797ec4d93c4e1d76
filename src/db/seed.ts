/** Runs every module's demo seed in order. Idempotent; refuses to touch a production database. */
import type { Deps } from '../deps.ts';
import type { ModuleManifest } from '../modules/module.ts';

export async function seedDemo(deps: Deps, modules: ModuleManifest[]) {
  if (deps.config.env === 'production') throw new Error('Refusing to load demo data in production');
  for (const module of modules) await module.seed?.(deps);
}
