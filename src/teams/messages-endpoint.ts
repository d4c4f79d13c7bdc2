/**
 * POST /api/messages: one Bot Framework activity in, the adapter's answer out.
 * The adapter's own `process` would print failures with console.error and
 * answer a malformed body with 500; this keeps logs structured and says 400.
 *
 * Only Microsoft Teams, with a tenant, is let in (403 otherwise: a Direct Line
 * or Web Chat activity never reaches a case). With BOT_ID, a token that is
 * not a signed Bot Framework token, or that fails any check, answers 401
 * without a stack trace, whatever part of the check it failed in.
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { BotAdapter } from './adapter';
import type { Logger } from '../core/log';

export interface HttpAnswer {
  status: number;
  body?: unknown;
}

const DATE_FIELDS = ['timestamp', 'localTimestamp', 'expiration'] as const;

/** The algorithms Bot Framework signs with; anything else (`none`, HMAC) is refused before any key is fetched. */
const SIGNING_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/** Why a bearer token cannot be a Bot Framework token, judged from its header alone; undefined if it may be. */
export function tokenShapeProblem(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined; // the adapter says 401 in its own words when a token is required
  const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authorization.trim());
  if (!m) return 'not a bearer JWT';
  let header: { alg?: unknown; kid?: unknown };
  try {
    header = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8'));
  } catch {
    return 'unreadable JWT header';
  }
  if (typeof header.alg !== 'string' || !SIGNING_ALGORITHMS.has(header.alg)) return `signing algorithm ${String(header.alg).slice(0, 20)} refused`;
  if (!m[3]) return 'unsigned';
  return undefined;
}

function tenantOf(activity: Record<string, unknown>): unknown {
  return (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id ?? (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
}

export function messagesEndpoint(adapter: BotAdapter, run: (context: TurnContext) => Promise<unknown>, log: Logger) {
  return async (body: unknown, authorization: string | undefined): Promise<HttpAnswer> => {
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      log.warn('http.bad_activity', {});
      return { status: 400, body: { error: 'not a Bot Framework activity' } };
    }
    const activity = body as Activity & Record<string, unknown>;
    if (activity.channelId !== 'msteams' || typeof tenantOf(activity) !== 'string' || tenantOf(activity) === '') {
      log.warn('http.not_teams', { channelId: String(activity.channelId ?? '').slice(0, 40), tenant: typeof tenantOf(activity) === 'string' });
      return { status: 403, body: { error: 'TryggMeld answers Microsoft Teams activities from its own tenant only' } };
    }
    const shape = tokenShapeProblem(authorization);
    if (shape) {
      log.warn('http.unauthorized', { activityType: activity.type, reason: shape });
      return { status: 401, body: { error: 'unauthorized' } };
    }
    // As botbuilder's validateAndFixActivity does: dates arrive as strings.
    for (const field of DATE_FIELDS) {
      if (typeof activity[field] === 'string') {
        activity[`raw${field[0].toUpperCase()}${field.slice(1)}`] = activity[field];
        (activity as Record<string, unknown>)[field] = new Date(activity[field] as unknown as string);
      }
    }
    let authenticated = false;
    try {
      const invokeResponse = await adapter.authenticateAndRun(authorization ?? '', activity, async (context) => {
        authenticated = true;
        await run(context);
      });
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      // Anything that fails before the turn starts is the token check (a bad signature, unknown key, expired): 401.
      if (!authenticated || status === 401 || (err as Error).name === 'AuthenticationError') {
        log.warn('http.unauthorized', { activityType: activity.type, reason: `${(err as Error)?.name ?? 'Error'}: ${String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200)}` });
        return { status: 401, body: { error: 'unauthorized' } };
      }
      log.error('http.messages_failed', { activityType: activity.type, error: String((err as Error)?.stack ?? err).slice(0, 1000) });
      return { status: 500, body: { error: 'internal' } };
    }
  };
}
