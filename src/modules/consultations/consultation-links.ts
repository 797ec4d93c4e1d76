import type { Deps } from '../../deps.ts';
import type { ConsultationArea, ConsultationLink, ConsultationPanel, ConsultationRef } from '../module.ts';

/** The links other modules add to this consultation's public or staff page (see ModuleManifest.consultationLinks). */
export async function consultationLinks(
  deps: Deps,
  consultation: ConsultationRef,
  area: ConsultationArea,
): Promise<ConsultationLink[]> {
  const providers = deps.extensions?.consultationLinks ?? [];
  const links = (await Promise.all(providers.map((provide) => provide(deps, consultation, area)))).flat();
  // Providers are asked for one page only; the filter keeps a careless one from leaking staff links.
  return links.filter((link) => link.area === area);
}

/** The sections other modules add to this consultation's public or staff page (see ModuleManifest.consultationPanels). */
export async function consultationPanels(
  deps: Deps,
  consultation: ConsultationRef,
  area: ConsultationArea,
): Promise<ConsultationPanel[]> {
  const providers = deps.extensions?.consultationPanels ?? [];
  const panels = (await Promise.all(providers.map((provide) => provide(deps, consultation, area)))).flat();
  return panels.filter((panel) => panel.area === area);
}
