/**
 * Demo insight: for each closed demo consultation (closed or feedback published) with written
 * answers, one analysis of each written question, and a campaign check. The first such
 * consultation also receives a small demo form letter (15 lightly edited copies, 6 of them in a
 * burst from one device) so a newcomer sees a flagged campaign. Idempotent: a consultation that
 * already has an analysis is left alone. Bulk SQL throughout (every route test loads the seed).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { detectFor } from './campaigns.service.ts';
import { rows } from './insight.repository.ts';
import * as repo from './insight.repository.ts';
import { runAnalysis, writtenQuestions } from './insight.service.ts';
import { DEFAULT_SEED, METHOD, METHOD_VERSION } from './engine/themes.ts';

const FORM_LETTER =
  'I object to these proposals. They were drawn up without listening to the people who live here, ' +
  'they will make daily life harder for families and older residents, and the money should be spent on ' +
  'the basic services we already pay for. Please think again and talk to residents first.';
const ADDITIONS = ['', ' I have lived here all my life.', ' Please listen this time.', ' My neighbours agree.', ''];

export async function seedInsight(deps: Deps) {
  const targets = await rows<{ id: string; questionnaireId: string; version: number; opensAt: string | Date; closesAt: string | Date }>(
    deps.db,
    sql`SELECT c.id, q.id AS "questionnaireId", q.current_version AS version, c.opens_at AS "opensAt", c.closes_at AS "closesAt"
        FROM consultations c JOIN questionnaires q ON q.owner_type = 'consultation' AND q.owner_id = c.id
        WHERE c.state IN ('closed', 'feedback_published') AND c.opens_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM responses r WHERE r.questionnaire_id = q.id)
          AND NOT EXISTS (SELECT 1 FROM insight_runs ir WHERE ir.consultation_id = c.id)
        ORDER BY c.closes_at DESC NULLS LAST, c.id`,
  );
  let first = true;
  for (const t of targets) {
    const questions = await writtenQuestions(deps, t.id);
    if (!questions.length) continue;
    if (first) {
      first = false;
      await addDemoFormLetter(deps, t, questions[0]!.key);
    }
    for (const q of questions) {
      const run = await repo.insertRun(deps.db, {
        consultationId: t.id,
        questionKey: q.key,
        method: METHOD,
        methodVersion: METHOD_VERSION,
        seed: DEFAULT_SEED,
        createdBy: null,
        now: deps.clock.now(),
      });
      await runAnalysis(deps, run.id);
    }
    await detectFor(deps, t.id);
  }
}

async function addDemoFormLetter(
  deps: Deps,
  t: { questionnaireId: string; version: number; opensAt: string | Date; closesAt: string | Date },
  questionKey: string,
) {
  const opens = new Date(t.opensAt).getTime();
  const closes = new Date(t.closesAt ?? deps.clock.now()).getTime();
  const burstAt = opens + Math.floor((closes - opens) / 2);
  const letters = Array.from({ length: 15 }, (_, i) => {
    const text = (i % 3 === 1 ? FORM_LETTER.replace('Please think again', 'Think again') : FORM_LETTER) + ADDITIONS[i % ADDITIONS.length];
    const inBurst = i < 6;
    return {
      id: randomUUID(),
      reference: `DEMO-CAMP-${String(i + 1).padStart(3, '0')}-${randomUUID().slice(0, 4).toUpperCase()}`,
      key: `demo-campaign-${randomUUID()}`,
      answers: { [questionKey]: text },
      at: new Date(inBurst ? burstAt + i * 7000 : opens + ((i + 1) * (closes - opens)) / 17).toISOString(),
      marker: inBurst ? 'demo0burst000001' : null,
    };
  });
  await deps.db.execute(
    sql`INSERT INTO responses (id, questionnaire_id, version, reference, idempotency_key, channel, answers, submitted_at, source_marker)
        SELECT x.id, ${t.questionnaireId}, ${t.version}, x.reference, x.key, 'online', x.answers, x.at, x.marker
        FROM jsonb_to_recordset(${JSON.stringify(letters)}::jsonb)
          AS x(id uuid, reference text, key text, answers jsonb, at timestamptz, marker text)`,
  );
}
