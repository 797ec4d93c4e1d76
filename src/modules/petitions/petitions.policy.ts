/**
 * Who may do what with petitions and calls for action. Petitions belong to the council that runs
 * them: only that council's engagement officers and administrators moderate them, see signatures
 * and their fraud signals, invalidate signatures and change the settings. The petition's lead
 * officer may also publish the response and the debate. Councillors raise calls for action; the
 * council's engagement officers and administrators act as the scrutiny officer.
 */
import type { CurrentUser } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;
interface Owned {
  organisationId: string;
}

const isCouncilReviewer = (user: User, organisationId: string) =>
  (user.role === 'administrator' || user.role === 'engagement_officer') && user.organisationId === organisationId;

export const canModerate = (user: User, petition: Owned) => isCouncilReviewer(user, petition.organisationId);

export const canSeeSignatures = (user: User, petition: Owned) => canModerate(user, petition);

export const canInvalidate = (user: User, petition: Owned) => canModerate(user, petition);

export const canPublishResponse = (user: User, petition: Owned & { leadOfficerId: string | null }) =>
  canModerate(user, petition) || (petition.leadOfficerId !== null && petition.leadOfficerId === user.id);

export const canChangeSettings = (user: User, organisationId: string) => isCouncilReviewer(user, organisationId);

/** Staff pages list the council's petitions to its own staff. */
export const canListPetitions = (user: User, organisationId: string) => user.organisationId === organisationId;

export const canRaiseCcfa = (user: User) => user.role === 'councillor';

export const canManageCcfa = (user: User, ccfa: Owned) => isCouncilReviewer(user, ccfa.organisationId);

export const canSeeCcfa = (user: User, ccfa: Owned & { councillorId: string }) =>
  canManageCcfa(user, ccfa) || ccfa.councillorId === user.id;
