/** Reporting: the form (on any message and `incident.new`), and `incident.submit`. */
import { randomUUID } from 'node:crypto';
import type { Application } from '@microsoft/teams-ai';
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { localDateTime } from '../../core/clock';
import { isKnownPerson, schoolsOf } from '../../core/directory';
import type { ReportErrors } from '../../cases/model/report';
import { isClientRequestId, reportableSchools, submitReport } from '../../cases/actions';
import { fill } from '../../core/i18n';
import { actorOf, type Actor } from '../actor';
import type { AdaptiveCardJson } from '../card-renderer';
import { commandOf } from '../commands';
import { isPersonalChat } from '../conversation-reference';
import type { TeamsDeps } from '../deps';
import { respondWithCard } from '../invoke-response';
import { messageCard } from '../message-view';
import { reportFormCard } from '../../cases/views/report-form';
import { reporterCaseCard } from '../../cases/views/reporter';
import { sendList } from './list-routes';

export function registerReportRoutes(app: Application, deps: TeamsDeps): void {
  app.message(/[\s\S]*/, async (context) => {
    const actor = actorOf(context, deps.directory);
    const s = actor.strings;
    const command = commandOf(context.activity.text);
    if (command === 'help') {
      await context.sendActivity(s.messages.help);
      return;
    }
    if (!isPersonalChat(context.activity)) {
      // A report names people and health: it is never filled in where others can read it.
      await context.sendActivity(s.messages.privateChatOnly);
      return;
    }
    if (command === 'myCases' || command === 'cases') {
      await sendList(context, deps, command === 'myCases' ? 'mine' : 'school');
      return;
    }
    const form = formFor(actor, deps);
    await context.sendActivity(typeof form === 'string' ? form : MessageFactory.attachment(CardFactory.adaptiveCard(form)));
  });

  app.adaptiveCards.actionExecute('incident.new', async (context) => {
    const actor = actorOf(context, deps.directory);
    const form = formFor(actor, deps);
    await respondWithCard(context, typeof form === 'string' ? messageCard(form) : form);
    return '';
  });

  app.adaptiveCards.actionExecute<Record<string, unknown>>('incident.submit', async (context, _state, data) => {
    await submit(context, deps, data);
    return '';
  });
}

/** The report form for this person, or the text telling them they are not set up. */
function formFor(actor: Actor, deps: TeamsDeps, values?: Record<string, unknown>, errors?: ReportErrors, clientRequestId?: string): AdaptiveCardJson | string {
  const { directory } = deps;
  const s = actor.strings;
  if (!actor.aadObjectId || !isKnownPerson(directory, actor.aadObjectId)) return notSetUpText(actor, deps);
  const own = schoolsOf(directory, actor.aadObjectId);
  return reportFormCard(s, {
    today: localDateTime(deps.now(), deps.timeZone).date,
    clientRequestId: clientRequestId ?? randomUUID(),
    schools: own.length === 1 ? null : reportableSchools(directory, actor.aadObjectId),
    values,
    errors,
    notice: own.length === 0 ? s.messages.chooseSchool : undefined,
  });
}

function notSetUpText(actor: Actor, deps: TeamsDeps): string {
  const s = actor.strings;
  const contact = deps.directory.owner.supportContact ?? fill(s.messages.notSetUpDefaultContact, { owner: deps.directory.owner.name });
  return fill(s.messages.notSetUp, { contact });
}

async function submit(context: TurnContext, deps: TeamsDeps, data: Record<string, unknown>): Promise<void> {
  const actor = actorOf(context, deps.directory);
  if (!actor.aadObjectId) {
    await respondWithCard(context, messageCard(notSetUpText(actor, deps), { attention: true }));
    return;
  }
  const { clientRequestId, ...values } = data;
  const { replyToId, conversation } = context.activity;
  const outcome = await submitReport(deps, {
    reporterId: actor.aadObjectId,
    clientRequestId,
    values,
    // The form's message becomes the receipt; it is kept current as the case moves on.
    reporterCard: replyToId && isPersonalChat(context.activity) ? { conversationId: conversation.id, activityId: replyToId } : undefined,
  });
  switch (outcome.kind) {
    case 'notSetUp':
      await respondWithCard(context, messageCard(notSetUpText(actor, deps), { attention: true }));
      return;
    case 'invalid': {
      deps.log.info('report.invalid', { fields: Object.keys(outcome.errors) });
      const form = formFor(actor, deps, values, outcome.errors, isClientRequestId(clientRequestId) ? clientRequestId : undefined);
      await respondWithCard(context, typeof form === 'string' ? messageCard(form) : form);
      return;
    }
    case 'created':
    case 'existing': {
      const c = outcome.case;
      deps.log.info(outcome.kind === 'created' ? 'report.created' : 'report.repeated', { caseId: c.caseId, schoolId: c.schoolId, severity: c.report.severity });
      const receipt = reporterCaseCard({
        strings: actor.strings,
        language: actor.language,
        directory: deps.directory,
        timeZone: deps.timeZone,
        case: c,
        viewer: 'reporter',
        viewerId: actor.aadObjectId,
        fresh: true,
        alreadyReported: outcome.kind === 'existing',
      });
      await respondWithCard(context, receipt);
      await replaceFormMessage(context, deps, receipt);
      return;
    }
  }
}

/**
 * The invoke answer replaces the form on the device that sent it; rewriting
 * the message itself makes the receipt what every device shows, so the form
 * cannot be sent again from another device.
 */
async function replaceFormMessage(context: TurnContext, deps: TeamsDeps, receipt: AdaptiveCardJson): Promise<void> {
  const id = context.activity.replyToId;
  if (!id) return;
  try {
    await context.updateActivity({ id, type: ActivityTypes.Message, attachments: [CardFactory.adaptiveCard(receipt)] });
  } catch (err) {
    deps.log.warn('report.form_not_replaced', { error: String(err).slice(0, 200) });
  }
}
