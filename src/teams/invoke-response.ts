/** Answers to Action.Execute invokes, sent directly so teams-ai does not also rewrite the message. */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { AdaptiveCardJson } from './card-renderer';

export async function respondWithCard(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  });
}

/** A refusal or failure shown by the client as a short message (Universal Actions error response). */
export async function respondWithError(context: TurnContext, statusCode: 400 | 401 | 403 | 404 | 500, message: string): Promise<void> {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode, type: 'application/vnd.microsoft.error', value: { code: String(statusCode), message } } },
  });
}
