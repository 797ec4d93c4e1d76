/** A bench's knobs come from the environment (BENCH_SECONDS=5 npm run bench): a positive number, or the default. */
export function num(key: string, fallback: number): number {
  const value = Number(process.env[key] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number`);
  return value;
}
