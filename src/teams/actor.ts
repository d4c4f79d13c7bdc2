/** Who is acting in this turn, in which language, as the directory knows them. */
import type { TurnContext } from 'botbuilder';
import { findPerson, type Directory } from '../core/directory';
import { chooseLanguage, strings, type Language, type Strings } from '../core/i18n';

export interface Actor {
  /** Entra object id; undefined when Teams did not send one. */
  aadObjectId?: string;
  language: Language;
  strings: Strings;
}

export function actorOf(context: TurnContext, directory: Directory): Actor {
  const aadObjectId = context.activity.from?.aadObjectId?.toLowerCase();
  const language = chooseLanguage(aadObjectId ? findPerson(directory, aadObjectId)?.locale : undefined, context.activity.locale);
  return { aadObjectId, language, strings: strings(language) };
}
