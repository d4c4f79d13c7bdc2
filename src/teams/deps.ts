/** What the Teams edge needs from the rest of the program. */
import type { Directory } from '../domain/directory';
import type { Schedule } from '../domain/schedule';
import type { Logger } from '../log';
import type { CaseStore } from '../store/case-store';
import type { ConversationStore } from '../store/conversation-store';
import type { CounterStore } from '../store/counter-store';

export interface TeamsDeps {
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  cases: CaseStore;
  counters: CounterStore;
  conversations: ConversationStore;
  log: Logger;
  now: () => Date;
  /** New work was stored: deliver it now rather than at the next dispatch round. */
  onWorkStored: () => void;
}
