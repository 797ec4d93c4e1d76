/** What the plan adds to a consultation's pages: its events (public) and its forward plan entries (staff). */
import type { Deps } from '../../deps.ts';
import type { ConsultationPanel, ConsultationPanelProvider } from '../module.ts';
import { listEvents } from './events.repository.ts';
import { listActivitiesForConsultation } from './plan.repository.ts';
import { activitySummary } from './plan.view-model.ts';
import { wardNamer } from './plan.service.ts';
import { kindLabel, locationOf } from './events-details.ts';

export const planPanels: ConsultationPanelProvider = (deps, consultation, area) =>
  area === 'public' ? eventsPanel(deps, consultation.id) : planEntriesPanel(deps, consultation.id);

async function eventsPanel(deps: Deps, consultationId: string): Promise<ConsultationPanel[]> {
  const events = await listEvents(deps.db, { from: deps.clock.now(), consultationId }, 50);
  const visible = events.filter((e) => e.event.status === 'scheduled');
  if (!visible.length) return [];
  return [
    {
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
    },
  ];
}

async function planEntriesPanel(deps: Deps, consultationId: string): Promise<ConsultationPanel[]> {
  const [activities, wards] = await Promise.all([
    listActivitiesForConsultation(deps.db, consultationId),
    wardNamer(deps),
  ]);
  return [
    {
      area: 'staff',
      template: 'plan/panel-plan.njk',
      context: { activities: activities.map((a) => activitySummary(a, wards.name)), consultationId },
    },
  ];
}
