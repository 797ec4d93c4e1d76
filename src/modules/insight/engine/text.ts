/**
 * Words from free text, offline: wink-nlp with its English lite model (shipped inside the npm
 * package, nothing fetched) gives each distinct word its lemma and whether it is a stop word.
 * Each distinct word is looked up once (a lexicon), so 100,000 answers cost a regular-expression
 * pass each plus one wink call per distinct word: the slow part scales with the vocabulary,
 * not the number of answers.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

type Nlp = ReturnType<typeof winkNLP>;
let nlp: Nlp | undefined;
const getNlp = () => (nlp ??= winkNLP(model, ['pos']));

/** Words that say nothing about a theme in consultation answers, beyond wink's stop words. */
const CONSULTATION_STOP_WORDS = new Set(
  (
    'think thing things would could should also really just like get got make made want wanted need needs ' +
    'please people council councils borough area local lot lots much many way well good bad yes one ' +
    'every even still know feel say said see seem going go use used etc able sure time year years ' +
    'proposal proposals plan plans idea ideas option options consultation question answer comment comments'
  ).split(' '),
);

/** Words that carry stance: kept out of theme vocabularies but read by the stance rules. */
export const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'without', "n't"]);

export interface Word {
  lemma: string;
  stop: boolean;
}

/** Lower-case word tokens, with contractions split as wink does ("don't" → "do", "not"). */
export function rawTokens(text: string): string[] {
  const out: string[] = [];
  const matches = text.toLowerCase().replace(/[’‘]/g, "'").match(/[a-z0-9]+(?:'[a-z]+)?/g);
  if (!matches) return out;
  for (const m of matches) {
    const apos = m.indexOf("'");
    if (apos < 0) {
      out.push(m);
      continue;
    }
    const head = m.slice(0, apos);
    const tail = m.slice(apos + 1);
    if (tail === 't' && head.endsWith('n')) {
      const base = head.slice(0, -1);
      out.push(base === 'ca' ? 'can' : base === 'wo' ? 'will' : base, 'not');
    } else out.push(head);
  }
  return out;
}

/** A lexicon that learns each new word once from wink. */
/** A word's lemma and stop flag never change, so every lexicon shares what wink has told any of them. */
const learned = new Map<string, Word>();

export class Lexicon {
  private words = learned;

  lookup(token: string): Word {
    let word = this.words.get(token);
    if (!word) {
      word = this.learn(token);
      this.words.set(token, word);
    }
    return word;
  }

  get size() {
    return this.words.size;
  }

  private learn(token: string): Word {
    if (token.length < 3 || /^\d+$/.test(token) || CONSULTATION_STOP_WORDS.has(token) || NEGATIONS.has(token)) {
      return { lemma: token, stop: true };
    }
    const n = getNlp();
    const doc = n.readDoc(token);
    const its = n.its;
    const first = doc.tokens().itemAt(0);
    if (!first) return { lemma: token, stop: true };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- wink's its.* are plain lookup functions
    const lemmaOf = its.lemma as Parameters<typeof first.out>[0];
    // eslint-disable-next-line @typescript-eslint/unbound-method -- as above
    const stopOf = its.stopWordFlag;
    const lemma = String(first.out(lemmaOf)).toLowerCase();
    const stop = Boolean(first.out(stopOf)) || CONSULTATION_STOP_WORDS.has(lemma) || lemma.length < 3;
    return { lemma, stop };
  }
}

/**
 * The terms of one answer: content lemmas, and bigrams of two content words that stand next to
 * each other in the text ("parking charge", "bus stop").
 */
export function terms(text: string, lexicon: Lexicon): string[] {
  const out: string[] = [];
  let previous: string | null = null;
  for (const token of rawTokens(text)) {
    const word = lexicon.lookup(token);
    if (word.stop) {
      previous = null;
      continue;
    }
    out.push(word.lemma);
    if (previous !== null && previous !== word.lemma) out.push(`${previous} ${word.lemma}`);
    previous = word.lemma;
  }
  return out;
}
