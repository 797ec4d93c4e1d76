import type { Deps } from '../../deps.ts';
import type { ConsultationLink, ConsultationPanel } from '../module.ts';

/** The links other modules add to this consultation's public or staff page (see ModuleManifest.consultationLinks). */
export async function consultationLinks(
  deps: Deps,
  consultation: { id: string; slug: string; state: string },
  area: ConsultationLink['area'],
): Promise<ConsultationLink[]> {
  const providers = deps.extensions?.consultationLinks ?? [];
  const links = (await Promise.all(providers.map((provide) => provide(deps, consultation)))).flat();
  return links.filter((link) => link.area === area);
}

/** The sections other modules add to this consultation's public or staff page (see ModuleManifest.consultationPanels). */
export async function consultationPanels(
  deps: Deps,
  consultation: { id: string; slug: string; state: string },
  area: ConsultationPanel['area'],
): Promise<ConsultationPanel[]> {
  const providers = deps.extensions?.consultationPanels ?? [];
  const panels = (await Promise.all(providers.map((provide) => provide(deps, consultation)))).flat();
  return panels.filter((panel) => panel.area === area);
}
