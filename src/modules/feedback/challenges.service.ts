/** Right to challenge: residents comment on or complain about how a consultation was run; the engagement team answers. */
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { formatDate } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { consultations, type Consultation } from '../consultations/index.ts';
import { canAnswerChallenges } from './feedback.policy.ts';
import { challenges } from './feedback.tables.ts';

/** The engagement team promises an answer within 20 working days: four weeks. */
export const RESPONSE_DAYS = 28;

export const challengeSchema = z.object({
  kind: z.enum(['comment', 'complaint'], { error: 'Select whether this is a comment or a complaint' }),
  name: z.string().trim().min(1, 'Enter your name').max(200, 'Name must be 200 characters or fewer'),
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(
      /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/,
      'Enter an email address in the correct format, like name@example.com',
    ),
  body: z
    .string()
    .trim()
    .min(1, 'Enter what you want to tell us about how the consultation was run')
    .max(5000, 'Your comment must be 5000 characters or fewer'),
});

export const answerSchema = z.object({
  answer: z.string().trim().min(1, 'Enter your answer').max(5000, 'Answer must be 5000 characters or fewer'),
});

const reference = () => `CH-${randomBytes(4).toString('hex').toUpperCase()}`;

/** Records a challenge with its response deadline and acknowledges it by email. */
export async function submitChallenge(deps: Deps, c: Consultation, input: z.infer<typeof challengeSchema>) {
  const now = deps.clock.now();
  const respondBy = new Date(now.getTime() + RESPONSE_DAYS * 86_400_000);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(challenges)
      .values({
        ...input,
        email: input.email.toLowerCase(),
        reference: reference(),
        consultationId: c.id,
        respondBy,
        createdAt: now,
      })
      .returning();
    await deps.notifier.queue(tx, {
      reference: `challenge-received-${row!.id}`,
      template: 'challenge-received',
      recipient: row!.email,
      personalisation: {
        kind: input.kind,
        reference: row!.reference,
        title: c.title,
        respondBy: formatDate(respondBy),
      },
    });
    return row!;
  });
}

/** The engagement team's queue: unanswered first, soonest deadline first. */
export async function challengeQueue(deps: Deps) {
  const select = {
    id: challenges.id,
    reference: challenges.reference,
    kind: challenges.kind,
    respondBy: challenges.respondBy,
    answeredAt: challenges.answeredAt,
    createdAt: challenges.createdAt,
    title: consultations.title,
  };
  const [open, answered] = await Promise.all([
    deps.db
      .select(select)
      .from(challenges)
      .innerJoin(consultations, eq(consultations.id, challenges.consultationId))
      .where(isNull(challenges.answeredAt))
      .orderBy(asc(challenges.respondBy)),
    deps.db
      .select(select)
      .from(challenges)
      .innerJoin(consultations, eq(consultations.id, challenges.consultationId))
      .where(isNotNull(challenges.answeredAt))
      .orderBy(desc(challenges.answeredAt))
      .limit(50),
  ]);
  const now = deps.clock.now();
  return { open: open.map((c) => ({ ...c, overdue: c.respondBy < now })), answered };
}

export async function findChallenge(deps: Deps, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await deps.db
    .select({ challenge: challenges, title: consultations.title, slug: consultations.slug })
    .from(challenges)
    .innerJoin(consultations, eq(consultations.id, challenges.consultationId))
    .where(eq(challenges.id, id));
  return row;
}

/** Answers a challenge once and sends the answer to the person who raised it. */
export async function answerChallenge(
  deps: Deps,
  actor: Actor,
  user: Pick<CurrentUser, 'id' | 'role' | 'organisationId'>,
  id: string,
  answer: string,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' | 'already-answered' }> {
  if (!canAnswerChallenges(user)) return { ok: false, reason: 'not-allowed' };
  const found = await findChallenge(deps, id);
  if (!found) return { ok: false, reason: 'not-found' };
  if (found.challenge.answeredAt) return { ok: false, reason: 'already-answered' };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    // Only the first answer goes: two officers answering at once cannot both send one.
    const [updated] = await tx
      .update(challenges)
      .set({ answer, answeredBy: user.id, answeredAt: now })
      .where(and(eq(challenges.id, id), isNull(challenges.answeredAt)))
      .returning();
    if (!updated) return { ok: false, reason: 'already-answered' };
    await recordAudit(tx, actor, {
      action: 'challenge.answered',
      entityType: 'challenge',
      entityId: id,
      before: { answer: null },
      after: { answer },
    });
    await deps.notifier.queue(tx, {
      reference: `challenge-answer-${id}`,
      template: 'challenge-answer',
      recipient: updated.email,
      personalisation: {
        name: updated.name,
        kind: updated.kind,
        reference: updated.reference,
        title: found.title,
        answer,
      },
    });
    return { ok: true };
  });
}
