/** Who is acting in this turn, in which language, as the directory knows them. */
import type { TurnContext } from 'botbuilder';
import { findPerson, type Directory } from '../core/directory';
import { chooseLanguage } from '../core/i18n';
import type { Actor } from '../core/registry';
import { isPersonalChat } from './conversation-reference';

export function actorOf(context: TurnContext, directory: Directory): Actor {
  const id = context.activity.from?.aadObjectId?.toLowerCase();
  const language = chooseLanguage(id ? findPerson(directory, id)?.locale : undefined, context.activity.locale);
  return { id, language, personalChat: isPersonalChat(context.activity) };
}
