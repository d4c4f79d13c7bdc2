/**
 * POST /api/messages: one Bot Framework activity in, the adapter's answer out.
 * The adapter's own `process` would print failures with console.error and
 * answer a malformed body with 500; this keeps logs structured and says 400.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';
import type { Logger } from '../core/log';

export interface HttpAnswer {
  status: number;
  body?: unknown;
}

const DATE_FIELDS = ['timestamp', 'localTimestamp', 'expiration'] as const;

export function messagesEndpoint(adapter: BotAdapter, run: (context: TurnContext) => Promise<unknown>, log: Logger) {
  return async (body: unknown, authorization: string | undefined): Promise<HttpAnswer> => {
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      log.warn('http.bad_activity', {});
      return { status: 400, body: { error: 'not a Bot Framework activity' } };
    }
    const activity = body as Activity & Record<string, unknown>;
    // As botbuilder's validateAndFixActivity does: dates arrive as strings.
    for (const field of DATE_FIELDS) {
      if (typeof activity[field] === 'string') {
        activity[`raw${field[0].toUpperCase()}${field.slice(1)}`] = activity[field];
        (activity as Record<string, unknown>)[field] = new Date(activity[field] as unknown as string);
      }
    }
    try {
      const invokeResponse = await adapter.authenticateAndRun(authorization ?? '', activity, async (context) => {
        await run(context);
      });
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 401 || (err as Error).name === 'AuthenticationError') {
        log.warn('http.unauthorized', { activityType: activity.type });
        return { status: 401, body: { error: 'unauthorized' } };
      }
      log.error('http.messages_failed', { activityType: activity.type, error: String((err as Error)?.stack ?? err).slice(0, 1000) });
      return { status: 500, body: { error: 'internal' } };
    }
  };
}
