/**
 * `npm run retention -- --dry-run`: what the retention policy would change
 * in the configured store now, without changing it; `-- --apply` applies it
 * at once (the nightly job does the same). Reads the same environment and
 * files as the bot (COSMOS_*, DIRECTORY_FILE, SCHEDULE_FILE, TZ_NAME); prints
 * counts and case references, never names or text.
 */
import { directoryFor } from './directory';
import { ConfigError } from './config/config-error';
import { loadConfig } from './config/load-config';
import { createCosmosClient } from './core/cosmos/client';
import { openContainers } from './core/cosmos/database';
import { startEmbeddedCosmos } from './core/cosmos/embedded';
import { languageOf } from './core/i18n';
import { createLogger } from './core/log';
import { applyRetention, AuditRetentionStore, RetentionStore, retentionText } from './privacy';

const USAGE = 'usage: npm run retention -- --dry-run   (show what would change)\n       npm run retention -- --apply     (anonymise what the policy says now)\n';

export async function runRetention(argv: string[], env: NodeJS.ProcessEnv, out: (text: string) => void, now: () => Date = () => new Date()): Promise<number> {
  const dryRun = argv.includes('--dry-run');
  const apply = argv.includes('--apply');
  if (dryRun === apply) {
    out(USAGE);
    return 2;
  }
  const config = loadConfig(env);
  const log = createLogger({ instance: config.env.instanceId }, 'info', (line) => out(`${line}\n`));
  const embedded = config.env.cosmos.endpoint ? undefined : await startEmbeddedCosmos();
  if (embedded) out('COSMOS_ENDPOINT is not set: this looks at an empty in-memory store.\n');
  const client = createCosmosClient(
    embedded
      ? { endpoint: embedded.endpoint, key: embedded.key, tlsInsecure: true }
      : { endpoint: config.env.cosmos.endpoint!, key: config.env.cosmos.key, clientId: config.env.cosmos.clientId, tlsInsecure: config.env.cosmos.tlsInsecure },
  );
  try {
    const containers = await openContainers(client, config.env.cosmos.database);
    const deps = { directory: await directoryFor(config.directory, containers.directory), schedule: config.schedule, timeZone: config.env.timeZone, now, log, retention: new RetentionStore(containers.cases), auditRetention: new AuditRetentionStore(containers.audit) };
    const result = await applyRetention(deps, { dryRun });
    const language = languageOf(env.LANG) ?? 'nb';
    out(`\n${dryRun ? retentionText(language, deps, result) : `${result.anonymise} anonymised, ${result.workDeleted} work items deleted, ${result.viewEntriesDeleted + result.exportEntriesDeleted} audit entries deleted, ${result.prevention.trainingEntries + result.prevention.reviews + result.prevention.assessments} prevention documents with people replaced by roles, ${result.prevention.formerStaff} former staff removed, ${result.conflicts + result.prevention.conflicts} changed meanwhile (next run).`}\n`);
    return 0;
  } finally {
    client.dispose();
    await embedded?.close();
  }
}

if (require.main === module) {
  runRetention(process.argv.slice(2), process.env, (t) => process.stdout.write(t)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `retention failed: ${String((err as Error)?.stack ?? err)}\n`);
      process.exit(1);
    },
  );
}
