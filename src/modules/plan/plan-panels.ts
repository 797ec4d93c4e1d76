/** What the plan adds to a consultation's pages: its events (public) and its forward plan entries (staff). */
import type { Deps } from '../../deps.ts';
import type { ConsultationPanel } from '../module.ts';
import { listEvents } from './events.repository.ts';
import { listActivitiesForConsultation } from './plan.repository.ts';
import { activitySummary } from './plan.view-model.ts';
import { wardNamer } from './plan.service.ts';
import { kindLabel, locationOf } from './events-details.ts';

export async function planPanels(deps: Deps, consultation: { id: string }): Promise<ConsultationPanel[]> {
  const now = deps.clock.now();
  const [events, activities, wards] = await Promise.all([
    listEvents(deps.db, { from: now, consultationId: consultation.id }, 50),
    listActivitiesForConsultation(deps.db, consultation.id),
    wardNamer(deps),
  ]);
  const panels: ConsultationPanel[] = [];
  const visible = events.filter((e) => e.event.status === 'scheduled');
  if (visible.length) {
    panels.push({
      area: 'public',
      template: 'plan/panel-events.njk',
      context: {
        events: visible.map((e) => ({
          id: e.event.id,
          title: e.event.title,
          startsAt: e.event.startsAt,
          kind: kindLabel(e.event.kind),
          location: locationOf(e.event),
        })),
      },
    });
  }
  panels.push({
    area: 'staff',
    template: 'plan/panel-plan.njk',
    context: { activities: activities.map((a) => activitySummary(a, wards.name)), consultationId: consultation.id },
  });
  return panels;
}
