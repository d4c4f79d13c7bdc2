/** What the Teams edge needs from the rest of the program. */
import type { FlowContext } from '../core/context';
import type { Logger } from '../core/log';
import type { ConversationStore } from '../core/contacts';
import type { CounterStore } from '../cases/counter-store';

export interface TeamsDeps extends FlowContext {
  counters: CounterStore;
  conversations: ConversationStore;
  log: Logger;
}
