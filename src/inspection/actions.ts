/**
 * The inspection folder and the owner's half-year follow-up as downloads:
 * two download kinds (PDF behind the web feature's signed links, also offered
 * in the tab), the `tilsynsmappe` command and its card, and the verbs that
 * make fresh links (`inspection.folder`, `inspection.ownerReport`). Who may
 * have which is decided from the directory, when the link is made and again
 * when it is used.
 */
import { messageView, type OutboundMessage } from '../core/cards';
import { localDateTime } from '../core/clock';
import type { CoreContext } from '../core/context';
import { findSchool, rolesOf, type Directory } from '../core/directory';
import type { DownloadGrant, DownloadKind } from '../core/downloads';
import type { Language } from '../core/i18n';
import type { Actor, Command, VerbAnswer, VerbHandler } from '../core/registry';
import { inspectionStrings } from './strings';
import { inspectionCard } from './views';

export interface InspectionActionDeps extends CoreContext {
  folderPdf(schoolId: string, language: Language): Promise<{ pdf: Buffer; caseIds: string[] } | undefined>;
  ownerReportPdf(language: Language): Promise<{ pdf: Buffer; caseIds: string[] }>;
}

export const FOLDER_KIND = 'inspection-folder';
export const OWNER_REPORT_KIND = 'owner-report';

const ownerRoles = (directory: Directory, personId: string) => [...rolesOf(directory, personId).owner];

/** The schools whose folder a person may have: those they are principal at; every school for the owner's roles. */
export function folderSchools(directory: Directory, personId: string): string[] {
  if (ownerRoles(directory, personId).length > 0) return directory.schools.map((s) => s.id);
  return directory.schools.filter((s) => s.principals.includes(personId)).map((s) => s.id);
}

export function folderGrant(directory: Directory, personId: string, schoolId: string): DownloadGrant | null {
  if (!findSchool(directory, schoolId)) return null;
  const owner = ownerRoles(directory, personId);
  if (owner.length > 0) return { roles: owner, schoolIds: [schoolId] };
  return findSchool(directory, schoolId)?.principals.includes(personId) ? { roles: ['principal'], schoolIds: [schoolId] } : null;
}

export function ownerReportGrant(directory: Directory, personId: string): DownloadGrant | null {
  const owner = ownerRoles(directory, personId);
  return owner.length > 0 ? { roles: owner, schoolIds: directory.schools.map((s) => s.id) } : null;
}

const today = (deps: Pick<CoreContext, 'now' | 'timeZone'>) => localDateTime(deps.now(), deps.timeZone).date;

/** The school asked for, or the only one the person may have; a problem in their words otherwise. */
function chooseSchool(deps: Pick<CoreContext, 'directory'>, personId: string, language: Language, input: Record<string, unknown>): { ok: true; schoolId: string } | { ok: false; problem: string } {
  const s = inspectionStrings(language).refusals;
  const raw = input.openSchoolId ?? input.schoolId ?? input.school;
  const given = typeof raw === 'string' && raw.trim() !== '' && raw !== 'all' ? raw.trim() : undefined;
  const mine = folderSchools(deps.directory, personId);
  const schoolId = given ?? (mine.length === 1 ? mine[0] : undefined);
  if (!schoolId) return { ok: false, problem: mine.length === 0 ? s.notForYou : s.chooseSchool };
  if (!findSchool(deps.directory, schoolId)) return { ok: false, problem: s.unknownSchool };
  if (!folderGrant(deps.directory, personId, schoolId)) return { ok: false, problem: s.notYourSchool };
  return { ok: true, schoolId };
}

export function inspectionDownloads(deps: InspectionActionDeps): DownloadKind[] {
  return [
    {
      name: FOLDER_KIND,
      formats: ['pdf'],
      label: (language) => inspectionStrings(language).card.folderLabel,
      visible: (personId) => folderSchools(deps.directory, personId).length > 0,
      parse(input, { personId, language }) {
        const chosen = chooseSchool(deps, personId, language, input);
        return chosen.ok ? { ok: true, params: { school: chosen.schoolId } } : chosen;
      },
      grant: (personId, params) => folderGrant(deps.directory, personId, params.school ?? ''),
      filename: ({ language, params }) => `${language === 'en' ? 'inspection-folder' : 'tilsynsmappe'}-${params.school}-${today(deps)}`,
      async produce({ language, params }) {
        const made = await deps.folderPdf(params.school!, language);
        if (!made) throw new Error(`inspection folder: no school ${params.school}`);
        return { body: made.pdf, caseIds: made.caseIds };
      },
    },
    {
      name: OWNER_REPORT_KIND,
      formats: ['pdf'],
      label: (language) => inspectionStrings(language).card.ownerLabel,
      visible: (personId) => ownerReportGrant(deps.directory, personId) !== null,
      parse: () => ({ ok: true, params: {} }),
      grant: (personId) => ownerReportGrant(deps.directory, personId),
      filename: ({ language }) => `${language === 'en' ? 'half-year-follow-up' : 'halvarsoppfolging'}-${today(deps)}`,
      async produce({ language }) {
        const made = await deps.ownerReportPdf(language);
        return { body: made.pdf, caseIds: made.caseIds };
      },
    },
  ];
}

/** The card with fresh links: the folder of the chosen (or only) school, and the owner's report for the owner's roles. */
async function linksCard(deps: InspectionActionDeps, actor: Actor, input: Record<string, unknown>): Promise<OutboundMessage> {
  const s = inspectionStrings(actor.language);
  const personId = actor.id;
  const schools = personId ? folderSchools(deps.directory, personId) : [];
  if (!personId || schools.length === 0) {
    deps.log.info('inspection.refused', { by: personId ?? null });
    return { card: messageView(s.refusals.notForYou, { attention: true }), summary: s.refusals.notForYou };
  }
  const asked = chooseSchool(deps, personId, actor.language, input);
  // Nothing chosen yet (the owner's roles): the first school, with the choice to show another.
  const schoolId = asked.ok ? asked.schoolId : schools[0];
  const link = async (kind: string, params: Record<string, unknown>) => {
    const made = await deps.downloads.link({ personId, language: actor.language, kind, format: 'pdf', input: params, today: today(deps), channel: 'chat' });
    return made.ok ? made.url : undefined;
  };
  const folderUrl = await link(FOLDER_KIND, { schoolId });
  const ownerUrl = ownerReportGrant(deps.directory, personId) ? await link(OWNER_REPORT_KIND, {}) : undefined;
  const problem = !asked.ok && (input.openSchoolId !== undefined || input.schoolId !== undefined) ? asked.problem : undefined;
  deps.log.info('inspection.links', { by: personId, schoolId });
  const card = inspectionCard({ language: actor.language, directory: deps.directory, schoolId, folderUrl, ownerUrl, minutes: deps.downloads.minutes, schools, note: problem ? { text: problem, tone: 'attention' } : undefined });
  return { card, summary: s.card.folderLabel };
}

export function inspectionCommands(deps: InspectionActionDeps): Command[] {
  return [
    {
      name: 'inspection',
      words: ['tilsynsmappe', 'tilsynsmappa', 'tilsyn', 'inspection folder', 'inspection'],
      help: { label: { nb: 'Tilsynsmappe', nn: 'Tilsynsmappa', en: 'Inspection folder' }, audience: 'principalsAndOwner' },
      run: ({ actor }) => linksCard(deps, actor, {}),
    },
  ];
}

export function inspectionVerbs(deps: InspectionActionDeps): Record<string, VerbHandler> {
  const answer = async (actor: Actor, input: Record<string, unknown>): Promise<VerbAnswer> => {
    const made = await linksCard(deps, actor, input);
    return { card: 'card' in made ? made.card : messageView(made.text, { attention: true }) };
  };
  return {
    'inspection.folder': ({ actor, data }) => answer(actor, { openSchoolId: data.openSchoolId ?? data.schoolId ?? '' }),
    'inspection.ownerReport': async ({ actor }) => {
      const s = inspectionStrings(actor.language);
      if (!actor.id || !ownerReportGrant(deps.directory, actor.id)) return { card: messageView(s.refusals.ownerOnly, { attention: true }) };
      return answer(actor, {});
    },
  };
}
