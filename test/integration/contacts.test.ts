/**
 * The contact bookkeeping on every activity costs no store request when
 * nothing changed, and a change is still written (the store stays the source
 * of truth for proactive sends).
 */
import type { Container, CosmosClient } from '@azure/cosmos';
import { ContactStore, type StoredReference } from '../../src/core/contacts';
import { createCosmosClient } from '../../src/core/cosmos/client';
import { openContainers } from '../../src/core/cosmos/database';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/core/cosmos/embedded';

describe('contacts', () => {
  let store: EmbeddedCosmos;
  let client: CosmosClient;
  let container: Container;
  let requests = 0;
  beforeAll(async () => {
    store = await startEmbeddedCosmos();
    client = createCosmosClient({ endpoint: store.endpoint, key: store.key, tlsInsecure: true });
    container = (await openContainers(client, 'contacts')).conversations;
    // Count the SDK calls that reach the store.
    const item = container.item.bind(container);
    jest.spyOn(container, 'item').mockImplementation((id, pk) => {
      const it = item(id, pk);
      const read = it.read.bind(it);
      it.read = ((...args: Parameters<typeof read>) => (requests++, read(...args))) as typeof it.read;
      return it;
    });
    const upsert = container.items.upsert.bind(container.items);
    jest.spyOn(container.items, 'upsert').mockImplementation(((...args: Parameters<typeof upsert>) => (requests++, upsert(...args))) as typeof upsert);
  });
  afterAll(async () => {
    client.dispose();
    await store.close();
  });

  const ref = (conversationId: string): StoredReference => ({ conversationId, serviceUrl: 'https://smba.example/', channelId: 'msteams', botId: '28:bot', userChannelId: '29:user' });

  it('reads and writes once for a new person, then nothing while the same activities come', async () => {
    let clock = 0;
    const contacts = new ContactStore(container, () => clock);
    requests = 0;
    await contacts.savePerson('u1', ref('a:1'), 'nb-NO', new Date());
    await contacts.saveTenantChannel('t1', { serviceUrl: 'https://smba.example/', botId: '28:bot' }, new Date());
    expect(requests).toBe(4);
    requests = 0;
    for (let i = 0; i < 5; i++) {
      await contacts.savePerson('u1', ref('a:1'), 'nb-NO', new Date());
      await contacts.saveTenantChannel('t1', { serviceUrl: 'https://smba.example/', botId: '28:bot' }, new Date());
    }
    expect(requests).toBe(0);
    // A change is written at once.
    await contacts.savePerson('u1', ref('a:2'), 'nb-NO', new Date());
    expect(requests).toBe(1);
    expect((await new ContactStore(container).getPerson('u1'))?.reference?.conversationId).toBe('a:2');
    // After a while the store is asked again, so instances converge.
    requests = 0;
    clock += 10 * 60 * 1000;
    await contacts.savePerson('u1', ref('a:2'), 'nb-NO', new Date());
    expect(requests).toBe(1);
  });
});
