/** What every flow works with: the organisation, its timings and clock, and the cases. */
import type { Directory } from './directory';
import type { Schedule } from './schedule';
import type { CaseStore } from '../cases/store';

export interface FlowContext {
  directory: Directory;
  schedule: Schedule;
  timeZone: string;
  cases: CaseStore;
  now: () => Date;
  /** Called after new work was stored, so the dispatcher need not wait for its next round. */
  onWorkStored?: () => void;
}
