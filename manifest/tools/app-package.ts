/**
 * Builds the Teams app package (the zip an administrator uploads in the
 * Teams admin center) from manifest/: fills the ${{NAME}} placeholders the
 * way the Microsoft 365 Agents Toolkit does (from env/.env.<environment>,
 * overridden by the process environment), validates the manifest and each
 * localisation file against the official JSON schemas shipped in
 * @microsoft/app-manifest (offline), checks the icons, and zips it all.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { zipSync } from 'fflate';
import { decodePng } from './png';

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.map((p) => `- ${p}`).join('\n'));
    this.name = 'PackageError';
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Reads a dotenv-style file as the Agents Toolkit writes them: KEY=value, # comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    let value = match[2]!;
    const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
    if (quoted) value = quoted[1]!;
    else value = value.replace(/\s+#.*$/, '');
    values[match[1]!] = value;
  }
  return values;
}

/** Every ${{NAME}} in a JSON value, in order of first appearance. */
export function placeholdersIn(value: Json): string[] {
  const names = new Set<string>();
  const visit = (v: Json) => {
    if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) names.add(m[1]!);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return [...names];
}

export function fillPlaceholders<T extends Json>(value: T, values: Record<string, string>): T {
  const fill = (v: Json): Json => {
    if (typeof v === 'string') return v.replace(PLACEHOLDER, (_, name: string) => values[name] ?? `\${{${name}}}`);
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value) as T;
}

/** https://github.com/org/repo from the URL git has for a GitHub or GitLab remote; undefined for anything else. */
export function repositoryWebUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const r = remote.trim();
  const m = /^git@(github\.com|gitlab\.com):(.+?)(?:\.git)?\/?$/.exec(r) ?? /^(?:https?|ssh):\/\/(?:[^@/]+@)?(github\.com|gitlab\.com)\/(.+?)(?:\.git)?\/?$/.exec(r);
  return m ? `https://${m[1]}/${m[2]}` : undefined;
}

function gitOrigin(root: string): string | undefined {
  try {
    return execFileSync('git', ['remote', 'get-url', 'origin'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/**
 * Values used when a placeholder has none: the developer details Teams shows
 * under "About" point to this repository's README and privacy/terms pages
 * (REPOSITORY_URL, else the git remote "origin"). A municipality sets its own.
 */
export function defaultValues(values: Record<string, string>, root: string, origin: () => string | undefined = () => gitOrigin(root)): Record<string, string> {
  const defaults: Record<string, string> = { DEVELOPER_NAME: 'TryggMeld' };
  const repo = repositoryWebUrl(values.REPOSITORY_URL) ?? values.REPOSITORY_URL?.replace(/\/+$/, '') ?? repositoryWebUrl(origin());
  if (repo) {
    defaults.WEBSITE_URL = `${repo}#readme`;
    defaults.PRIVACY_URL = `${repo}/blob/HEAD/docs/privacy.md`;
    defaults.TERMS_URL = `${repo}/blob/HEAD/docs/terms.md`;
  }
  return defaults;
}

export interface PackageSource {
  manifest: JsonObject;
  /** Localisation files by the name the manifest gives them. */
  localizations: Record<string, JsonObject>;
  /** Icon files by name. */
  icons: Record<string, Uint8Array>;
}

function readJson(file: string): JsonObject {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
  } catch (err) {
    throw new PackageError([`${file}: ${(err as Error).message}`]);
  }
}

export function readPackageSource(manifestDir: string): PackageSource {
  const manifest = readJson(join(manifestDir, 'manifest.json'));
  const localizations: Record<string, JsonObject> = {};
  for (const file of localizationFiles(manifest)) localizations[file] = readJson(join(manifestDir, file));
  const icons: Record<string, Uint8Array> = {};
  for (const file of iconFiles(manifest)) {
    const path = join(manifestDir, file);
    if (!existsSync(path)) throw new PackageError([`${path}: the icon the manifest names is missing`]);
    icons[file] = readFileSync(path);
  }
  return { manifest, localizations, icons };
}

function localizationFiles(manifest: JsonObject): string[] {
  const info = manifest.localizationInfo as { defaultLanguageFile?: string; additionalLanguages?: { file: string }[] } | undefined;
  return [...(info?.defaultLanguageFile ? [info.defaultLanguageFile] : []), ...(info?.additionalLanguages ?? []).map((l) => l.file)];
}

function iconFiles(manifest: JsonObject): string[] {
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  return Object.values(icons);
}

/** The official schemas for the manifest's version, from node_modules/@microsoft/app-manifest. */
const schemaCache = new Map<string, { manifest: object; localization: object; dir: string }>();

export function schemasFor(manifestVersion: string): { manifest: object; localization: object; dir: string } {
  const cached = schemaCache.get(manifestVersion);
  if (cached) return cached;
  const dir = join(dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams', `v${manifestVersion}`);
  const manifestSchema = join(dir, 'MicrosoftTeams.schema.json');
  if (!existsSync(manifestSchema)) throw new PackageError([`manifestVersion ${manifestVersion}: @microsoft/app-manifest has no schema for it (${dir})`]);
  const schemas = {
    manifest: JSON.parse(readFileSync(manifestSchema, 'utf8')) as object,
    localization: JSON.parse(readFileSync(join(dir, 'MicrosoftTeams.Localization.schema.json'), 'utf8')) as object,
    dir,
  };
  schemaCache.set(manifestVersion, schemas);
  return schemas;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Validates like the Agents Toolkit's teamsApp/validateManifest, but against the schema on disk. */
export function schemaErrors(schema: object, document: unknown, label: string): string[] {
  const validate = compiled.get(schema) ?? compile(schema);
  compiled.set(schema, validate);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${label}${e.instancePath || '/'} ${e.message ?? 'is invalid'} ${e.params ? JSON.stringify(e.params) : ''}`.trim());
}

function compile(schema: object): ValidateFunction {
  // The settings @microsoft/app-manifest uses for the draft-04 Teams schemas, plus
  // non-Unicode regular expressions: the localisation schema's patterns (such as
  // `\b]` in activityTypes keys) are valid ECMAScript but not in Unicode mode.
  const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
}

export interface IconCheck {
  file: string;
  size: number;
  /** Teams: the outline icon is white on a transparent background. */
  outline: boolean;
}

export function iconProblems(bytes: Uint8Array, check: IconCheck): string[] {
  let image;
  try {
    image = decodePng(bytes);
  } catch (err) {
    return [`${check.file}: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  if (image.width !== check.size || image.height !== check.size)
    problems.push(`${check.file}: must be ${check.size}x${check.size} pixels, is ${image.width}x${image.height}`);
  if (check.outline) {
    if (image.colorType !== 6 && image.colorType !== 4) problems.push(`${check.file}: needs an alpha channel (transparent background)`);
    let offending = 0;
    let opaque = 0;
    for (let i = 0; i < image.rgba.length; i += 4) {
      const [r, g, b, a] = [image.rgba[i], image.rgba[i + 1], image.rgba[i + 2], image.rgba[i + 3]];
      if (a === 0) continue;
      opaque++;
      if (r !== 255 || g !== 255 || b !== 255) offending++;
    }
    if (offending > 0) problems.push(`${check.file}: ${offending} pixels are neither white nor fully transparent`);
    if (opaque === 0) problems.push(`${check.file}: is fully transparent`);
    if (opaque === image.width * image.height) problems.push(`${check.file}: has no transparent background`);
  }
  return problems;
}

/** Rules Teams applies that the JSON schema does not express. */
function teamsRuleProblems(manifest: JsonObject, localizations: Record<string, JsonObject>): string[] {
  const problems: string[] = [];
  for (const domain of (manifest.validDomains ?? []) as string[]) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)) problems.push(`manifest.json validDomains: "${domain}" must be a host name such as tryggmeld.azurewebsites.net (no https://, no path)`);
  }
  const bot = ((manifest.bots ?? []) as JsonObject[])[0];
  const commandLists = ((bot?.commandLists ?? []) as { commands: { title: string }[] }[]).map((l) => l.commands);
  commandLists.forEach((commands, i) => {
    const titles = commands.map((c) => c.title.toLowerCase());
    if (new Set(titles).size !== titles.length) problems.push(`manifest.json bots[0].commandLists[${i}]: command titles must be unique`);
  });
  for (const [file, strings] of Object.entries(localizations)) {
    for (const key of Object.keys(strings)) {
      const m = /^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\./.exec(key);
      if (m && !commandLists[Number(m[1])]?.[Number(m[2])]) problems.push(`${file}: "${key}" translates a command the manifest does not have`);
    }
  }
  return problems;
}

export interface BuiltPackage {
  manifest: JsonObject;
  files: Record<string, Uint8Array>;
  zip: Uint8Array;
}

/**
 * Fills, validates and zips. `values` are the placeholder values (env file
 * merged with the process environment); `defaults` fill what they leave out.
 */
const HINTS: Record<string, string> = {
  TEAMS_APP_ID: 'atk provision writes it; or use a new GUID (uuidgen) and keep it for later updates',
  BOT_ID: 'output of infra/main.bicep: the client id of the managed identity',
  BOT_DOMAIN: 'output of infra/main.bicep: the web app host name, such as tryggmeld-test.azurewebsites.net',
  TAB_SSO_CLIENT_ID: 'the client id of the app registration the tab signs in with (docs/deploy.md step 9a; atk provision writes it)',
  WEBSITE_URL: 'or set REPOSITORY_URL to the GitHub address of this repository',
  PRIVACY_URL: 'or set REPOSITORY_URL to the GitHub address of this repository',
  TERMS_URL: 'or set REPOSITORY_URL to the GitHub address of this repository',
};

export function buildPackage(
  source: PackageSource,
  values: Record<string, string>,
  defaults: Record<string, string> = {},
  where = 'the env file or the environment',
): BuiltPackage {
  const names = [...new Set([source.manifest, ...Object.values(source.localizations)].flatMap(placeholdersIn))];
  const resolved: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of names) {
    const value = values[name]?.trim() || defaults[name];
    if (value) resolved[name] = value;
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new PackageError(missing.map((name) => `${name} is not set: put it in ${where}${HINTS[name] ? `; ${HINTS[name]}` : ''}`));
  }

  const manifest = fillPlaceholders(source.manifest, resolved);
  const localizations = Object.fromEntries(Object.entries(source.localizations).map(([f, l]) => [f, fillPlaceholders(l, resolved)]));

  const version = String(manifest.manifestVersion);
  const schemas = schemasFor(version);
  const problems = [
    ...(manifest.$schema === `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`
      ? []
      : [`manifest.json $schema must be the v${version} schema URL (it says ${String(manifest.$schema)})`]),
    ...schemaErrors(schemas.manifest, manifest, 'manifest.json'),
    ...Object.entries(localizations).flatMap(([file, l]) => schemaErrors(schemas.localization, l, file)),
    ...teamsRuleProblems(manifest, localizations),
  ];
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  if (icons.color) problems.push(...iconProblems(source.icons[icons.color] ?? new Uint8Array(), { file: icons.color, size: 192, outline: false }));
  if (icons.outline) problems.push(...iconProblems(source.icons[icons.outline] ?? new Uint8Array(), { file: icons.outline, size: 32, outline: true }));
  if (problems.length > 0) throw new PackageError(problems);

  const text = (v: Json) => new TextEncoder().encode(JSON.stringify(v, null, 2) + '\n');
  const files: Record<string, Uint8Array> = { 'manifest.json': text(manifest) };
  for (const [file, l] of Object.entries(localizations)) files[file] = text(l);
  Object.assign(files, source.icons);
  // A fixed time stamp: the same input gives the same zip.
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level: 9 }] as [Uint8Array, { level: 9 }]])),
    { mtime: new Date('2025-01-01T00:00:00Z') },
  );
  return { manifest, files, zip };
}
