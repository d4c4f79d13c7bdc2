/**
 * The Teams app manifest and package: valid against the official schemas in
 * @microsoft/app-manifest (offline), the commands in every language, the
 * icons' sizes and transparency, and the package `npm run package` builds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import {
  buildPackage,
  defaultValues,
  PackageError,
  parseEnvFile,
  placeholdersIn,
  readPackageSource,
  repositoryWebUrl,
  schemaErrors,
  schemasFor,
  type JsonObject,
} from '../../manifest/tools/app-package';
import { ICON_BACKGROUND, renderColorIcon, renderOutlineIcon } from '../../manifest/tools/icons';
import { decodePng, encodePng } from '../../manifest/tools/png';
import { commandOf as understand } from '../../src/teams/commands';
import { declaredFeatures } from '../support/registry';

const MANIFEST_DIR = join(__dirname, '..', '..', 'manifest');
const source = readPackageSource(MANIFEST_DIR);
const manifest = source.manifest as JsonObject & {
  manifestVersion: string;
  bots: { botId: string; scopes: string[]; supportsFiles: boolean; isNotificationOnly: boolean; commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[];
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: { languageTag: string; file: string }[] };
};

/** Values as provisioning would write them. */
const EXAMPLE: Record<string, string> = {
  TEAMS_APP_ID: '3f0c8a52-1b7e-4c2d-9a41-6e5b2d7c8f90',
  BOT_ID: '8d2e4c61-5a3b-4f7e-b1c9-0a2d3e4f5a6b',
  BOT_DOMAIN: 'tryggmeld-test.azurewebsites.net',
  TAB_SSO_CLIENT_ID: '6a1f3c2e-8b4d-4e9a-a0b1-c2d3e4f5a6b7',
  APP_NAME: 'TryggMeld test',
  DEVELOPER_NAME: 'Eksempel kommune',
  WEBSITE_URL: 'https://www.eksempel.kommune.no/tryggmeld',
  PRIVACY_URL: 'https://www.eksempel.kommune.no/personvern',
  TERMS_URL: 'https://www.eksempel.kommune.no/vilkar',
};

const schemas = schemasFor(manifest.manifestVersion);

describe('manifest', () => {
  it('uses a current schema version (1.22 or later) shipped in @microsoft/app-manifest', () => {
    const [major, minor] = manifest.manifestVersion.split('.').map(Number);
    expect(major).toBe(1);
    expect(minor).toBeGreaterThanOrEqual(22);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(schemas.dir).toContain(join('@microsoft', 'app-manifest'));
  });

  it('is valid against the official schema once the placeholders are filled', () => {
    const built = buildPackage(source, EXAMPLE);
    expect(schemaErrors(schemas.manifest, built.manifest, 'manifest.json')).toEqual([]);
  });

  it('each localisation file is valid against the official localisation schema', () => {
    const built = buildPackage(source, EXAMPLE);
    for (const { file } of manifest.localizationInfo.additionalLanguages) {
      const localization = JSON.parse(new TextDecoder().decode(built.files[file])) as unknown;
      expect({ file, errors: schemaErrors(schemas.localization, localization, file) }).toEqual({ file, errors: [] });
    }
  });

  it('the schema check rejects a broken manifest (it is not a no-op)', () => {
    const built = buildPackage(source, EXAMPLE);
    const broken = { ...built.manifest, bots: [{ ...(built.manifest.bots as JsonObject[])[0], botId: 'not-a-guid', scopes: ['everyone'] }] };
    const errors = schemaErrors(schemas.manifest, broken, 'manifest.json');
    expect(errors.join('\n')).toMatch(/\/bots\/0\/botId/);
    expect(errors.join('\n')).toMatch(/\/bots\/0\/scopes\/0/);
    expect(schemaErrors(schemas.localization, { 'name.short': 'x'.repeat(31) }, 'nn.json').join('\n')).toMatch(/name\.short/);
  });

  it('takes the app id, bot id and domain from the environment', () => {
    expect(manifest.id).toBe('${{TEAMS_APP_ID}}');
    expect(manifest.bots[0]!.botId).toBe('${{BOT_ID}}');
    expect(manifest.validDomains).toEqual(['${{BOT_DOMAIN}}']);
    expect(placeholdersIn(manifest)).toEqual(expect.arrayContaining(['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'TAB_SSO_CLIENT_ID', 'PRIVACY_URL', 'TERMS_URL', 'WEBSITE_URL']));
  });

  it('has the personal tab "Oversikt" on the bot\'s own domain, beside the chat, with single sign-on', () => {
    const built = buildPackage(source, EXAMPLE).manifest as JsonObject & { staticTabs: JsonObject[]; webApplicationInfo: JsonObject; validDomains: string[] };
    const [tab, ...rest] = built.staticTabs;
    expect(tab).toMatchObject({ entityId: 'oversikt', name: 'Oversikt', scopes: ['personal'] });
    const content = new URL(String(tab!.contentUrl));
    expect(content.protocol).toBe('https:');
    expect(built.validDomains).toContain(content.host);
    expect(content.pathname).toBe('/tab');
    // The page knows it is in Teams (and uses single sign-on) from this; Teams fills in {locale}.
    expect(content.searchParams.get('inTeams')).toBe('1');
    expect(String(tab!.contentUrl)).toContain('locale={locale}');
    // Adding a tab hides the chat unless it is listed.
    expect(rest.map((t) => t.entityId)).toEqual(['conversations', 'about']);
    expect(built.webApplicationInfo).toEqual({ id: EXAMPLE.TAB_SSO_CLIENT_ID, resource: `api://${EXAMPLE.BOT_DOMAIN}/${EXAMPLE.TAB_SSO_CLIENT_ID}` });
  });

  it('is a conversational bot in personal, team and group chat scopes, without files', () => {
    const bot = manifest.bots[0]!;
    expect([...bot.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    expect(manifest.name).toMatchObject({ short: '${{APP_NAME}}' });
    expect(manifest.description).toMatchObject({ short: 'Meld vold og trusler, og følg opp saken' });
    expect(manifest.accentColor).toBe(ICON_BACKGROUND);
  });

  it('has bokmål as the default language and nynorsk and English files', () => {
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('nb');
    expect(manifest.localizationInfo.additionalLanguages.map((l) => [l.languageTag, l.file])).toEqual([
      ['nn', 'nn.json'],
      ['en', 'en.json'],
    ]);
  });
});

describe('commands', () => {
  const personal = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!;
  const shared = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes('team'))!;
  const titles = (file: string, list: number) => {
    const strings = source.localizations[file] as Record<string, string>;
    return manifest.bots[0]!.commandLists[list]!.commands.map((_, i) => strings[`bots[0].commandLists[${list}].commands[${i}].title`]);
  };
  const personalIndex = manifest.bots[0]!.commandLists.indexOf(personal);

  it('lists report, my cases, cases, export, help, routines, risk, training, my data and my tasks in the personal chat, in bokmål', () => {
    expect(personal.commands.map((c) => c.title)).toEqual(['meld', 'mine saker', 'saker', 'eksport', 'hjelp', 'rutiner', 'risiko', 'opplæring', 'mine data', 'mine oppgaver']);
  });

  it('translates them into nynorsk and English', () => {
    expect(titles('nn.json', personalIndex)).toEqual(['meld', 'mine saker', 'saker', 'eksport', 'hjelp', 'rutinar', 'risiko', 'opplæring', 'mine data', 'mine oppgåver']);
    expect(titles('en.json', personalIndex)).toEqual(['report', 'my cases', 'cases', 'export', 'help', 'routines', 'risk', 'training', 'my data', 'my tasks']);
  });

  it('offers only report and help in teams and group chats (cases are never listed there)', () => {
    expect([...shared.scopes].sort()).toEqual(['groupChat', 'team']);
    expect(shared.commands.map((c) => c.title)).toEqual(['meld', 'hjelp']);
    expect(manifest.bots[0]!.commandLists.flatMap((l) => l.scopes).filter((s) => s === 'personal')).toHaveLength(1);
  });

  it('every localisation file translates every command title and description, and the app name and descriptions', () => {
    for (const { file } of manifest.localizationInfo.additionalLanguages) {
      const strings = source.localizations[file] as Record<string, string>;
      const expected = ['name.short', 'name.full', 'description.short', 'description.full'];
      ((manifest.staticTabs ?? []) as { name?: string }[]).forEach((tab, i) => tab.name && expected.push(`staticTabs[${i}].name`));
      manifest.bots[0]!.commandLists.forEach((list, l) =>
        list.commands.forEach((_, c) => expected.push(`bots[0].commandLists[${l}].commands[${c}].title`, `bots[0].commandLists[${l}].commands[${c}].description`)),
      );
      expect({ file, keys: Object.keys(strings).filter((k) => k !== '$schema').sort() }).toEqual({ file, keys: expected.sort() });
      for (const key of expected) expect(strings[key]?.trim()).toBeTruthy();
      expect(strings.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.Localization.schema.json`);
    }
  });

  it('the bot understands every command title it suggests, in every language, as the same command', () => {
    const registry = declaredFeatures();
    const commandOf = (text: string) => understand(text, registry);
    manifest.bots[0]!.commandLists.forEach((list, l) => {
      const understood = list.commands.map((command, i) => {
        const all = [command.title, ...['nn.json', 'en.json'].map((f) => (source.localizations[f] as Record<string, string>)[`bots[0].commandLists[${l}].commands[${i}].title`]!)];
        const meanings = new Set(all.map((title) => commandOf(title)));
        expect({ titles: all, meanings: meanings.size }).toEqual({ titles: all, meanings: 1 });
        return commandOf(command.title);
      });
      // Different commands in one list mean different things.
      expect(new Set(understood).size).toBe(list.commands.length);
    });
    expect(commandOf('hjelp')).toBe('help');
    expect(commandOf('meld')).toBe('report');
  });

  it('writes nynorsk, not bokmål, in the nynorsk file', () => {
    const nn = Object.values(source.localizations['nn.json'] as Record<string, string>).join(' ');
    expect(nn).toMatch(/vald og truslar/);
    expect(nn).toMatch(/verneombod/);
    expect(nn).not.toMatch(/\b(vold|trusler|verneombud|hendelse)\b/);
  });
});

describe('icons', () => {
  const color = decodePng(source.icons['color.png']!);
  const outline = decodePng(source.icons['outline.png']!);
  const pixels = (image: { rgba: Uint8Array }) => Array.from({ length: image.rgba.length / 4 }, (_, i) => Array.from(image.rgba.subarray(i * 4, i * 4 + 4)));

  it('colour icon: 192x192 with an alpha channel', () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.colorType).toBe(6);
  });

  it('outline icon: 32x32, every pixel white or fully transparent, transparent background', () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.colorType).toBe(6);
    const all = pixels(outline);
    expect(all.filter(([r, g, b, a]) => a !== 0 && (r !== 255 || g !== 255 || b !== 255))).toEqual([]);
    expect(all[0]![3]).toBe(0); // a corner is background
    expect(all.filter(([, , , a]) => a === 255).length).toBeGreaterThan(100); // and there is a drawing
  });

  it('the outline check catches a coloured pixel', () => {
    const rgba = new Uint8Array(outline.rgba);
    rgba.set([200, 30, 30, 255], (16 * 32 + 16) * 4);
    const problem = buildPackageWithIcon('outline.png', encodePng(32, 32, rgba));
    expect(problem).toMatch(/outline\.png: 1 pixels are neither white nor fully transparent/);
    expect(buildPackageWithIcon('color.png', encodePng(32, 32, renderOutlineIcon()))).toMatch(/color\.png: must be 192x192 pixels, is 32x32/);
  });

  it('the committed icons are what manifest/tools/icons.ts draws (regenerate with the command in manifest/README.md)', () => {
    expect(Buffer.from(color.rgba).equals(Buffer.from(renderColorIcon()))).toBe(true);
    expect(Buffer.from(outline.rgba).equals(Buffer.from(renderOutlineIcon()))).toBe(true);
  });
});

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (err) {
    if (err instanceof PackageError) return err.problems;
    throw err;
  }
  throw new Error('expected a PackageError');
}

function buildPackageWithIcon(name: string, bytes: Uint8Array): string {
  return problemsOf(() => buildPackage({ ...source, icons: { ...source.icons, [name]: bytes } }, EXAMPLE)).join('\n');
}

describe('npm run package', () => {
  it('writes a zip with the manifest, the localisation files and both icons at the root, placeholders filled', () => {
    const built = buildPackage(source, EXAMPLE);
    const files = unzipSync(built.zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'nn.json', 'outline.png']);
    const text = new TextDecoder().decode(files['manifest.json']);
    expect(text).not.toContain('${{');
    const zipped = JSON.parse(text) as JsonObject;
    expect(zipped.id).toBe(EXAMPLE.TEAMS_APP_ID);
    expect((zipped.bots as JsonObject[])[0]!.botId).toBe(EXAMPLE.BOT_ID);
    expect(zipped.validDomains).toEqual([EXAMPLE.BOT_DOMAIN]);
    expect(schemaErrors(schemas.manifest, zipped, 'manifest.json')).toEqual([]);
    expect(JSON.parse(new TextDecoder().decode(files['en.json']))['name.short']).toBe('TryggMeld test');
    expect(files['color.png']).toEqual(new Uint8Array(source.icons['color.png']!));
  });

  it('names every missing value at once', () => {
    const { BOT_ID: _b, TEAMS_APP_ID: _t, ...partial } = EXAMPLE;
    const problems = problemsOf(() => buildPackage(source, { ...partial, BOT_DOMAIN: '  ' }, {}, 'env/.env.dev or the environment'));
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN']);
    expect(problems[0]).toContain('env/.env.dev');
  });

  it('refuses values that make an invalid manifest, with the schema\'s reason', () => {
    expect(() => buildPackage(source, { ...EXAMPLE, BOT_ID: 'my-bot' })).toThrow(/manifest\.json\/bots\/0\/botId must match pattern/);
    expect(() => buildPackage(source, { ...EXAMPLE, BOT_DOMAIN: 'https://tryggmeld-test.azurewebsites.net/api' })).toThrow(/validDomains: .* must be a host name/);
    expect(() => buildPackage(source, { ...EXAMPLE, PRIVACY_URL: 'www.eksempel.no' })).toThrow(/developer\/privacyUrl/);
  });

  it('reads env files as the Agents Toolkit writes them', () => {
    const env = parseEnvFile(['# comment', 'TEAMSFX_ENV=dev', 'APP_NAME="TryggMeld test"', "X='a # b'", 'EMPTY=', 'BOT_DOMAIN=x.azurewebsites.net # host', '  SPACED = y '].join('\n'));
    expect(env).toEqual({ TEAMSFX_ENV: 'dev', APP_NAME: 'TryggMeld test', X: 'a # b', EMPTY: '', BOT_DOMAIN: 'x.azurewebsites.net', SPACED: 'y' });
  });

  it('points the developer links to this repository when the municipality sets none', () => {
    expect(repositoryWebUrl('git@github.com:eksempel-kommune/tryggmeld.git')).toBe('https://github.com/eksempel-kommune/tryggmeld');
    expect(repositoryWebUrl('https://token@github.com/eksempel-kommune/tryggmeld.git\n')).toBe('https://github.com/eksempel-kommune/tryggmeld');
    expect(repositoryWebUrl('https://dev.azure.com/k/p/_git/tryggmeld')).toBeUndefined();
    const defaults = defaultValues({}, MANIFEST_DIR, () => 'git@github.com:eksempel-kommune/tryggmeld.git');
    expect(defaults).toEqual({
      DEVELOPER_NAME: 'TryggMeld',
      WEBSITE_URL: 'https://github.com/eksempel-kommune/tryggmeld#readme',
      PRIVACY_URL: 'https://github.com/eksempel-kommune/tryggmeld/blob/HEAD/docs/privacy.md',
      TERMS_URL: 'https://github.com/eksempel-kommune/tryggmeld/blob/HEAD/docs/terms.md',
    });
    const { DEVELOPER_NAME: _d, WEBSITE_URL: _w, PRIVACY_URL: _p, TERMS_URL: _t, ...rest } = EXAMPLE;
    const built = buildPackage(source, rest, defaults);
    expect(built.manifest.developer).toMatchObject({ name: 'TryggMeld', privacyUrl: defaults.PRIVACY_URL });
    // Values the municipality sets win over the defaults.
    expect(buildPackage(source, EXAMPLE, defaults).manifest.developer).toMatchObject({ privacyUrl: EXAMPLE.PRIVACY_URL });
    // Without a repository there is no default, and the message says what to set.
    expect(() => buildPackage(source, rest, defaultValues({}, MANIFEST_DIR, () => undefined))).toThrow(/WEBSITE_URL is not set.*REPOSITORY_URL/);
  });

  it('the documents the default links point to exist', () => {
    for (const doc of ['privacy.md', 'terms.md']) expect(readFileSync(join(__dirname, '..', '..', 'docs', doc), 'utf8').length).toBeGreaterThan(200);
  });
});
