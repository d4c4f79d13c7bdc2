/**
 * `npm run package [-- --env <name>]`: writes appPackage/build/appPackage.<name>.zip
 * for upload in the Teams admin center, and the same files unzipped in
 * appPackage/build/<name>/ (for teamsApp/validateManifest in m365agents.yml). Placeholder values come from env/.env.<name> and
 * env/.env.<name>.user, then the process environment, which wins.
 * Default environment: dev.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildPackage, defaultValues, PackageError, parseEnvFile, readPackageSource } from './app-package';
import { BUILD_DIR, ENV_DIR, MANIFEST_DIR, ROOT } from './project';

function environmentName(argv: string[]): string {
  const i = argv.findIndex((a) => a === '--env' || a.startsWith('--env='));
  const name = i < 0 ? (process.env.TEAMSFX_ENV ?? 'dev') : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (!name || !/^[A-Za-z0-9_-]+$/.test(name)) throw new PackageError([`--env needs a name such as dev or prod (got "${name ?? ''}")`]);
  return name;
}

function main(): void {
  const env = environmentName(process.argv.slice(2));
  const fromFiles: Record<string, string> = {};
  const read: string[] = [];
  for (const file of [join(ENV_DIR, `.env.${env}`), join(ENV_DIR, `.env.${env}.user`)]) {
    if (!existsSync(file)) continue;
    Object.assign(fromFiles, parseEnvFile(readFileSync(file, 'utf8')));
    read.push(relative(ROOT, file));
  }
  const fromProcess = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
  const values = { ...fromFiles, ...fromProcess };

  const where = read.length > 0 ? `env/.env.${env} or the environment` : `the environment or env/.env.${env} (missing: copy env/.env.dev)`;
  const built = buildPackage(readPackageSource(MANIFEST_DIR), values, defaultValues(values, ROOT), where);
  mkdirSync(BUILD_DIR, { recursive: true });
  const zipPath = join(BUILD_DIR, `appPackage.${env}.zip`);
  writeFileSync(zipPath, built.zip);
  const folder = join(BUILD_DIR, env);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  for (const [name, data] of Object.entries(built.files)) writeFileSync(join(folder, name), data);

  const bot = (built.manifest.bots as { botId: string }[])[0];
  const out = [
    `TryggMeld app package for "${env}" (values from ${read.length ? read.join(', ') : 'no env file'} and the environment)`,
    `  ${relative(ROOT, zipPath)}  ${built.zip.length} bytes: ${Object.keys(built.files).join(', ')}`,
    `  manifest ${String(built.manifest.manifestVersion)} valid against the official schema; app id ${String(built.manifest.id)}, bot id ${bot?.botId}, version ${String(built.manifest.version)}`,
    `  upload it in the Teams admin center: Teams apps > Manage apps > Actions > Upload new app`,
  ];
  process.stdout.write(out.join('\n') + '\n');
}

try {
  main();
} catch (err) {
  if (err instanceof PackageError) {
    process.stderr.write(`TryggMeld app package: cannot build.\n${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
