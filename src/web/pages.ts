/**
 * The tab's HTML: a small server-rendered shell per page, the page's
 * settings as JSON, and the script and styles as files of their own (the
 * Content-Security-Policy allows no inline script). Every text the server
 * puts in HTML is escaped here; the script writes all data as text.
 */
import { fill, type Language } from '../core/i18n';
import { webStrings } from './strings';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON inside <script type="application/json">: nothing in it may close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** Teams (web, desktop, mobile) and the Microsoft 365 hosts may frame the tab; nobody else. */
export const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://local.teams.office.com',
];

export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${FRAME_ANCESTORS.join(' ')}`,
  'x-content-type-options': 'nosniff',
  // Download links carry their token in the path: never pass a page's address on.
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export interface TabPageConfig {
  page: 'tab' | 'dev';
  language: Language;
  /** Opened by Teams (the manifest's contentUrl says so). */
  inTeams: boolean;
  /** The local dev sign-in is on (no BOT_ID). */
  devSignIn: boolean;
  /** Teams sign-in is set up (TAB_SSO_CLIENT_ID). */
  sso: boolean;
}

function shell(language: Language, title: string, config: unknown, body: string, scripts: string[]): string {
  return `<!doctype html>
<html lang="${language === 'en' ? 'en' : language === 'nn' ? 'nn' : 'nb'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/tab/app.css">
</head>
<body>
<script type="application/json" id="tab-config">${scriptJson(config)}</script>
${body}
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
</body>
</html>
`;
}

/** The tab: header, filters, downloads, the sections the features contribute, a panel for one case. */
export function tabPage(config: TabPageConfig): string {
  const s = webStrings(config.language);
  const body = `<header class="top">
  <h1>${escapeHtml(s.title)}</h1>
  <p class="who" id="who" hidden></p>
</header>
<main>
  <p class="status" id="status" role="status">${escapeHtml(s.loading)}</p>
  <div id="overview" hidden>
    <form id="filters" class="filters" aria-label="${escapeHtml(s.filters.legend)}"></form>
    <section id="downloads" class="downloads" hidden aria-labelledby="downloads-title">
      <h2 id="downloads-title">${escapeHtml(s.downloads.title)}</h2>
      <div id="download-buttons" class="buttons"></div>
      <p class="hint">${escapeHtml(s.downloads.hint)}</p>
    </section>
    <div id="sections"></div>
  </div>
  <div id="detail" hidden>
    <button type="button" id="back" class="link">← ${escapeHtml(s.back)}</button>
    <div id="detail-body"></div>
  </div>
</main>`;
  return shell(config.language, `TryggMeld – ${s.title}`, { ...config, strings: s }, body, config.inTeams ? ['/tab/teams-js.js', '/tab/app.js'] : ['/tab/app.js']);
}

export interface DevPerson {
  id: string;
  name: string;
  roles: string;
}

/** The local sign-in: pick a person of the directory. */
export function devSignInPage(language: Language, people: DevPerson[]): string {
  const s = webStrings(language);
  const items = people
    .map((p) => `    <li><button type="button" class="person" data-person="${escapeHtml(p.id)}"><strong>${escapeHtml(p.name)}</strong><span>${escapeHtml(p.roles)}</span></button></li>`)
    .join('\n');
  const body = `<header class="top"><h1>${escapeHtml(s.dev.title)}</h1></header>
<main>
  <p>${escapeHtml(s.dev.intro)}</p>
  <p class="status" id="status" role="status"></p>
  <h2>${escapeHtml(s.dev.choose)}</h2>
  <ul class="people">
${items}
  </ul>
</main>`;
  return shell(language, `TryggMeld – ${s.dev.title}`, { page: 'dev', language, strings: s }, body, ['/tab/app.js']);
}

/** A short page for a link that cannot be served, in the link's language. */
export function messagePage(language: Language, title: string, text: string): string {
  const body = `<main class="message"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main>`;
  return shell(language, `TryggMeld – ${title}`, { page: 'message', language }, body, []);
}

export const signedInAs = (language: Language, name: string) => fill(webStrings(language).signedInAs, { name });
