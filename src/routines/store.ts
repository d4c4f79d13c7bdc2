/** Each school's own routine, as its principal set it: in the `cases` container under the school's partition. */
import type { Container } from '@azure/cosmos';
import { readDoc, statusOf } from '../core/cosmos/batch';
import { schoolPartition } from '../core/work';
import { routineId, type RoutineDoc } from './model';

export class RoutineStore {
  constructor(private readonly container: Container) {}

  async get(schoolId: string): Promise<RoutineDoc | undefined> {
    return (await readDoc<RoutineDoc>(this.container, schoolPartition(schoolId), routineId(schoolId), 'routine'))?.value;
  }

  /** The last one set wins: a routine is replaced as a whole. */
  async set(doc: RoutineDoc): Promise<void> {
    await this.container.items.upsert(doc);
  }

  async clear(schoolId: string): Promise<void> {
    try {
      await this.container.item(routineId(schoolId), schoolPartition(schoolId)).delete();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
}
