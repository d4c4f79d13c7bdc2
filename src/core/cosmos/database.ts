/** Opens the database and its containers, creating what is missing where the credentials allow it. */
import type { Container, CosmosClient, Database } from '@azure/cosmos';
import { statusOf } from './batch';
import { CONTAINERS, type ContainerName } from './containers';

export type Containers = Record<ContainerName, Container>;

/**
 * With an account key the database and containers are created if missing.
 * With Entra ID (managed identity) the data plane may not create them: they
 * come from infra/, and a missing one is named in the error.
 */
export async function openContainers(client: CosmosClient, databaseId: string): Promise<Containers> {
  let database: Database;
  try {
    ({ database } = await client.databases.createIfNotExists({ id: databaseId }));
  } catch (err) {
    if (statusOf(err) !== 403) throw err;
    database = client.database(databaseId);
    await database.read().catch((readErr: unknown) => {
      throw new Error(`Cosmos DB database "${databaseId}" is missing or not readable (${statusOf(readErr)}); create it with infra/main.bicep`);
    });
  }
  const entries = await Promise.all(
    Object.values(CONTAINERS).map(async (definition) => {
      try {
        const { container } = await database.containers.createIfNotExists(definition);
        return [definition.id, container] as const;
      } catch (err) {
        if (statusOf(err) !== 403) throw err;
        const container = database.container(definition.id);
        await container.read().catch((readErr: unknown) => {
          throw new Error(`Cosmos DB container "${definition.id}" is missing or not readable (${statusOf(readErr)}); create it with infra/main.bicep`);
        });
        return [definition.id, container] as const;
      }
    }),
  );
  return Object.fromEntries(entries) as Containers;
}

