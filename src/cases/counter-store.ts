/** Sequences for short case references, one document per tenant and year, incremented under ETag. */
import type { Container } from '@azure/cosmos';
import { statusOf } from '../core/cosmos/database';

interface CounterDoc {
  id: string;
  value: number;
}

export class CounterStore {
  constructor(private readonly container: Container) {}

  /** The next number of the sequence; concurrent callers never get the same one. */
  async next(sequence: string, maxAttempts = 20): Promise<number> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await this.read(sequence);
      if (!current) {
        try {
          await this.container.items.create<CounterDoc>({ id: sequence, value: 1 });
          return 1;
        } catch (err) {
          if (statusOf(err) === 409) continue;
          throw err;
        }
      }
      try {
        await this.container
          .item(sequence, sequence)
          .replace<CounterDoc>({ id: sequence, value: current.doc.value + 1 }, { accessCondition: { type: 'IfMatch', condition: current.etag } });
        return current.doc.value + 1;
      } catch (err) {
        if (statusOf(err) !== 412) throw err;
        // Someone else took this number; back off a little so that a crowd spreads out.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
      }
    }
    throw new Error(`counter ${sequence}: too much contention`);
  }

  private async read(sequence: string): Promise<{ doc: CounterDoc; etag: string } | undefined> {
    try {
      const { resource, etag } = await this.container.item(sequence, sequence).read<CounterDoc>();
      return resource ? { doc: resource, etag } : undefined;
    } catch (err) {
      if (statusOf(err) === 404) return undefined;
      throw err;
    }
  }
}
