/** Renders the current case for one person in this turn's language and time zone. */
import type { Viewer } from '../cases/model/access';
import type { Case } from '../cases/model/case';
import { localDateTime } from '../core/clock';
import type { Actor } from './actor';
import type { AdaptiveCardJson } from './card-renderer';
import type { TeamsDeps } from './deps';
import { caseCardFor, type CaseViewInput } from '../cases/views/case';

export function caseCardForActor(
  deps: Pick<TeamsDeps, 'directory' | 'timeZone' | 'now'>,
  actor: Actor & { aadObjectId: string },
  c: Case,
  viewer: Viewer,
  extra: Pick<CaseViewInput, 'note' | 'back' | 'fresh' | 'alreadyReported'> = {},
): AdaptiveCardJson {
  return caseCardFor({
    strings: actor.strings,
    language: actor.language,
    directory: deps.directory,
    timeZone: deps.timeZone,
    case: c,
    viewer,
    viewerId: actor.aadObjectId,
    today: localDateTime(deps.now(), deps.timeZone).date,
    now: deps.now(),
    ...extra,
  });
}
