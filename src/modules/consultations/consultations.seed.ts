/** Demo consultations (filled in below). */
import type { Deps } from '../../deps.ts';

export async function seedConsultations(_deps: Deps): Promise<void> {}
