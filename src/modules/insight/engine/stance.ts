/**
 * Stance from a lexicon (documented rules, no model):
 * 1. The text read is the answer's sentences that mention one of the theme's defining terms, or
 *    the whole answer when none does.
 * 2. A support cue ("support", "agree", "welcome", "in favour", "good idea", …) counts for
 *    supports; an oppose cue ("oppose", "against", "object", "waste", "scrap", …) for opposes.
 * 3. A negation (not, no, never, n't) within the three words before a cue flips it: "do not
 *    support" opposes, "not against" supports.
 * 4. Only support cues: supports. Only oppose cues: opposes. Both: mixed. Neither: no stance
 *    (most answers describe rather than take sides; the page shows nothing rather than guess).
 */
import { NEGATIONS, rawTokens } from './text.ts';

export type Stance = 'supports' | 'opposes' | 'mixed';

const SUPPORT = new Set([
  'support', 'supports', 'supported', 'supporting', 'agree', 'agreed', 'welcome', 'welcomed', 'welcoming',
  'favour', 'favor', 'like', 'love', 'great', 'excellent', 'pleased', 'glad', 'happy', 'brilliant', 'improvement',
  'yes', 'approve', 'backing', 'fantastic', 'positive', 'sensible', 'needed',
]);
const OPPOSE = new Set([
  'oppose', 'opposed', 'opposes', 'against', 'object', 'objection', 'disagree', 'disagreed', 'reject', 'waste',
  'scrap', 'ridiculous', 'unfair', 'terrible', 'awful', 'worse', 'unacceptable', 'dangerous', 'hate',
  'pointless', 'nonsense', 'disgrace', 'shameful', 'outrageous', 'angry', 'appalled',
]);
/** Two-word cues checked before single words. */
const SUPPORT_PHRASES = new Set(['good idea', 'great idea', 'fully support', 'strongly support', 'in favour', 'go ahead', 'long overdue']);
const OPPOSE_PHRASES = new Set(['bad idea', 'no way', 'please stop', 'strongly oppose', 'please reconsider', 'will not', 'do not want', 'dont want']);

export function stanceOf(text: string, themeTerms: string[] = []): Stance | null {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/);
  const stems = themeTerms.flatMap((t) => t.split(' ')).map((t) => t.slice(0, 5));
  const relevant = stems.length
    ? sentences.filter((s) => {
        const words = rawTokens(s);
        return words.some((w) => stems.some((stem) => w.startsWith(stem)));
      })
    : [];
  const tokens = rawTokens((relevant.length ? relevant : sentences).join(' '));
  let support = 0;
  let oppose = 0;
  for (let i = 0; i < tokens.length; i++) {
    const negated = tokens.slice(Math.max(0, i - 3), i).some((w) => NEGATIONS.has(w));
    const pair = i + 1 < tokens.length ? `${tokens[i]} ${tokens[i + 1]}` : '';
    let cue: 'support' | 'oppose' | null = null;
    if (SUPPORT_PHRASES.has(pair)) cue = 'support';
    else if (OPPOSE_PHRASES.has(pair)) cue = 'oppose';
    else if (SUPPORT.has(tokens[i]!)) cue = 'support';
    else if (OPPOSE.has(tokens[i]!)) cue = 'oppose';
    if (!cue) continue;
    if (pair && (SUPPORT_PHRASES.has(pair) || OPPOSE_PHRASES.has(pair))) i++;
    if (negated) cue = cue === 'support' ? 'oppose' : 'support';
    if (cue === 'support') support++;
    else oppose++;
  }
  if (support && oppose) return 'mixed';
  if (support) return 'supports';
  if (oppose) return 'opposes';
  return null;
}
