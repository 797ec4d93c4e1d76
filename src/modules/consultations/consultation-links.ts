import type { Deps } from '../../deps.ts';
import type { ConsultationLink } from '../module.ts';

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
