/**
 * The owner's leaders' view of the retention policy: what the job would
 * change if it ran now (a dry run: nothing is written), the policy in words
 * and when the job runs next.
 */
import { messageView, type OutboundMessage } from '../core/cards';
import type { CoreContext } from '../core/context';
import { rolesOf } from '../core/directory';
import { formatInstant } from '../core/format';
import { fill, plural, type Language } from '../core/i18n';
import { nextOccurrence } from '../core/recurring';
import type { Command } from '../core/registry';
import { privacyStrings } from './strings';
import { applyRetention, type RetentionDeps, type RetentionResult } from './work';

const REFERENCES_SHOWN = 20;

export function retentionText(language: Language, deps: Pick<CoreContext, 'schedule' | 'timeZone' | 'now'>, result: RetentionResult): string {
  const s = privacyStrings(language).retention;
  const p = deps.schedule.retention;
  const years = (n: number | null) => (n === null ? s.forGood : plural(language, s.years, n));
  const lines = [s.dryRun, fill(s.policy, { plain: years(p.closedCaseYears), injury: years(p.injuryCaseYears), serious: years(p.seriousInjuryCaseYears) })];
  lines.push(result.anonymise > 0 ? plural(language, s.due, result.anonymise) : s.none);
  if (result.references.length > 0) {
    const shown = result.references.slice(0, REFERENCES_SHOWN).join(', ');
    const more = result.references.length - REFERENCES_SHOWN;
    lines.push(fill(s.references, { list: more > 0 ? `${shown} ${plural(language, s.more, more)}` : shown }));
  }
  if (result.kept.hold + result.kept.owesWork > 0) lines.push(fill(s.kept, { hold: result.kept.hold, owes: result.kept.owesWork }));
  const next = nextOccurrence(p.run, deps.now(), deps.timeZone);
  lines.push(next ? fill(s.next, { date: formatInstant(next.toISOString(), deps.timeZone, language) }) : s.off);
  return lines.join('\n\n');
}

export function retentionCommand(deps: RetentionDeps & Pick<CoreContext, 'timeZone'>): Command {
  return {
    name: 'retention',
    words: ['oppbevaring', 'oppbevaringstid', 'retention'],
    async run({ actor }): Promise<OutboundMessage> {
      const s = privacyStrings(actor.language).retention;
      if (!actor.id || !rolesOf(deps.directory, actor.id).owner.has('leader')) return { text: s.notForYou };
      const result = await applyRetention(deps, { dryRun: true });
      return { card: messageView(retentionText(actor.language, deps, result), { title: s.title }), summary: s.title };
    },
  };
}
