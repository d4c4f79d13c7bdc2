/** What the Teams edge needs from the rest of the program. */
import type { FlowContext } from '../flows/flow-context';
import type { Logger } from '../log';
import type { ConversationStore } from '../store/conversation-store';
import type { CounterStore } from '../store/counter-store';

export interface TeamsDeps extends FlowContext {
  counters: CounterStore;
  conversations: ConversationStore;
  log: Logger;
}
