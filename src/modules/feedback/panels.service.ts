/**
 * What this module adds to a consultation's pages: on the public page, "you said, we did" and the
 * timeline (consulted → what people said → what we did → decision → progress); on the staff
 * page, links to the feedback pages, and for drafts, past consultations on the same topics or wards.
 */
import type { Deps } from '../../deps.ts';
import { announcedAt } from '../channels/index.ts';
import type { ConsultationLink, ConsultationPanel, ConsultationRef } from '../module.ts';
import { decisionsForConsultation } from './decisions.service.ts';
import { MAKER_KINDS, UPDATE_STATUSES } from './decisions.schema.ts';
import { RESPONSE_KINDS } from './feedback.schema.ts';
import { relatedPast } from './library.repository.ts';
import { feedbackView, questionsAsked } from './themes.service.ts';

const AFTER_CLOSE = ['closed', 'feedback_published', 'archived'];
const TWO_YEARS_MS = 2 * 365.25 * 86_400_000;

async function feedbackPublishedAt(deps: Deps, consultationId: string): Promise<Date | null> {
  return announcedAt(deps.db, consultationId, 'feedback');
}

export async function publicPanels(deps: Deps, ref: ConsultationRef): Promise<ConsultationPanel[]> {
  if (ref.state === 'open') {
    return [{ area: 'public', template: 'feedback/panel-public-open.njk', context: { slug: ref.slug } }];
  }
  if (!AFTER_CLOSE.includes(ref.state)) return [];
  const [view, decisions, publishedAt, asked] = await Promise.all([
    feedbackView(deps, ref.id),
    decisionsForConsultation(deps, ref.id),
    feedbackPublishedAt(deps, ref.id),
    questionsAsked(deps, ref.id),
  ]);
  // Themes and quotes appear only once the feedback is published (archived keeps what was published).
  const published =
    ref.state === 'feedback_published' || (ref.state === 'archived' && view.themes.some((t) => t.answered));
  return [
    {
      area: 'public',
      template: 'feedback/panel-public.njk',
      context: {
        slug: ref.slug,
        opensAt: ref.opensAt,
        closesAt: ref.closesAt,
        published,
        publishedAt,
        asked,
        view,
        decisions,
        progress: decisions.flatMap((d) => d.updates).sort((a, b) => a.occurredOn.localeCompare(b.occurredOn)),
        kinds: RESPONSE_KINDS,
        makerKinds: MAKER_KINDS,
        statusLabels: UPDATE_STATUSES,
      },
    },
  ];
}

export async function staffPanels(deps: Deps, ref: ConsultationRef): Promise<ConsultationPanel[]> {
  if (AFTER_CLOSE.includes(ref.state)) {
    return [{ area: 'staff', template: 'feedback/panel-staff.njk', context: { id: ref.id, state: ref.state } }];
  }
  if (ref.state === 'draft') {
    const since = new Date(deps.clock.now().getTime() - TWO_YEARS_MS);
    const related = await relatedPast(deps.db, ref.id, since);
    return [{ area: 'staff', template: 'feedback/panel-staff-draft.njk', context: { id: ref.id, related } }];
  }
  return [];
}

export async function links(_deps: Deps, ref: ConsultationRef): Promise<ConsultationLink[]> {
  const out: ConsultationLink[] = [];
  if (ref.state === 'open' || AFTER_CLOSE.includes(ref.state)) {
    out.push({ area: 'public', text: 'Tell us how taking part was', href: `/consultations/${ref.slug}/how-was-it` });
  }
  if (AFTER_CLOSE.includes(ref.state)) {
    out.push({ area: 'staff', text: 'You said, we did', href: `/staff/consultations/${ref.id}/feedback` });
  }
  return out;
}
