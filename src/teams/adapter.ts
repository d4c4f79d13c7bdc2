/** The Bot Framework adapter: token checks on with BOT_ID, none in local mode (the Agents Playground sends no token). */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { BotCredentials } from '../config/environment';
import { reuseConnectorClients } from './connector-clients';

/** TeamsAdapter with its authenticate-and-run step exposed, so the HTTP layer is ours (see messages-endpoint). */
export class BotAdapter extends TeamsAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(bot: BotCredentials | null): BotAdapter {
  const adapter = bot
    ? new BotAdapter({
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.password ?? '',
        MicrosoftAppType: bot.type,
        MicrosoftAppTenantId: bot.tenantId ?? '',
      })
    : new BotAdapter({});
  reuseConnectorClients(adapter);
  return adapter;
}
