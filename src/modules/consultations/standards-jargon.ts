/**
 * Words and phrases that make a summary harder to read for residents. Drawn from the Plain
 * English Campaign's A to Z of alternative words and the LGA's banned-words list.
 */
export const JARGON = [
  'stakeholder',
  'stakeholders',
  'leverage',
  'synergy',
  'synergies',
  'going forward',
  'paradigm',
  'holistic',
  'deliverables',
  'key performance indicators',
  'co-production',
  'co-produce',
  'coterminous',
  'empowerment',
  'facilitate',
  'framework',
  'incentivise',
  'interface',
  'mainstreaming',
  'multi-agency',
  'outcome-focused',
  'place-shaping',
  'predictors of beaconicity',
  'revenue stream',
  'robust',
  'step change',
  'streamline',
  'sustainable communities',
  'transformational',
  'utilise',
  'value-added',
  'best practice',
  'capacity building',
  'cross-cutting',
  'touch base',
  'wellness',
] as const;

/** The jargon found in a text, each once, in list order; matched as whole words, any case. */
export function findJargon(text: string): string[] {
  const lower = text.toLowerCase();
  return JARGON.filter((term) => {
    const pattern = new RegExp(`(^|[^a-z-])${term.replace(/[-]/g, '\\-')}($|[^a-z-])`);
    return pattern.test(lower);
  });
}
