/** What the wards module adds to a consultation's staff page: the intelligence that says "we already heard this". */
import type { ConsultationPanelProvider } from '../module.ts';
import { itemsLinkedTo } from './intelligence.repository.ts';
import { CHANNELS, type Channel } from './wards.catalogue.ts';

export const wardsPanels: ConsultationPanelProvider = async (deps, consultation, area) => {
  if (area !== 'staff') return [];
  const items = await itemsLinkedTo(deps.db, { consultationId: consultation.id });
  if (items.length === 0) return [];
  return [
    {
      area: 'staff',
      template: 'wards/panel-heard.njk',
      context: {
        items: items.map((i) => ({
          id: i.item.id,
          summary: i.item.summary,
          heardOn: i.item.heardOn,
          organisationName: i.organisationName,
          channel: CHANNELS[i.item.channel as Channel],
        })),
      },
    },
  ];
};
