/**
 * What a feature shows in the personal tab "Oversikt" (src/web/). A feature
 * contributes sections (`Feature.tab`); the page asks each for its content
 * with the filters the person chose and draws the blocks. Content is data,
 * not HTML: the page writes every text as text, so nothing a feature returns
 * is ever read as markup. Authorisation is the feature's, from the directory,
 * as in chat.
 */
import type { Language } from './i18n';
import type { DateRange, PeriodId } from './period';

/** The filters the tab's bar sets; every section gets all of them and uses what applies. */
export interface TabFilters {
  /** A school id, or 'all' (the owner's roles); undefined: every school the person follows. */
  schoolId?: string;
  period: PeriodId;
  /** The period as dates in the organisation's calendar. */
  range: DateRange;
  /** A severity value of the report form (`minor`, `serious`, `very-serious`). */
  severity?: string;
  /** An incident type value of the report form (`physical`, `threat`, ...). */
  type?: string;
  /** Free text to search for (a case reference). */
  query?: string;
}

export type TabTone = 'default' | 'good' | 'attention' | 'subtle';

export type TabBlock =
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string; tone?: TabTone }
  /** A breakdown: fact titles are the form's labels, values start with the count ("5 (42 %)"). */
  | { type: 'facts'; title?: string; facts: { title: string; value: string }[] }
  /** A chart or picture: a data: URL (PNG) or a path on this server. */
  | { type: 'image'; src: string; alt: string; width?: number; height?: number }
  /** Rows may open a detail of the same section (`open`: its item id). */
  | { type: 'table'; title?: string; columns: string[]; rows: { cells: string[]; open?: string; tone?: TabTone }[]; empty?: string };

export interface TabContent {
  title: string;
  blocks: TabBlock[];
}

export interface TabInput {
  personId: string;
  language: Language;
  filters: TabFilters;
  /** The organisation's date today, YYYY-MM-DD. */
  today: string;
}

export interface TabSection {
  /** Stable id: `GET /api/tab/sections/<id>`; lower-case letters, digits and '-'. */
  id: string;
  /** Smaller first. The case list is 50; statistics fit before it. */
  order: number;
  /** Whether the person sees the section at all (from the directory). */
  visible(personId: string): boolean;
  title(language: Language): string;
  load(input: TabInput): Promise<TabContent>;
  /** A row's detail (`GET /api/tab/sections/<id>/<item>`); null when it does not exist or the person may not see it: the same answer for both. */
  detail?(input: Omit<TabInput, 'filters'> & { itemId: string }): Promise<TabContent | null>;
  /** Rows the person may edit many at once (`GET`/`POST /api/tab/forms/<id>`); without it the section is read-only. */
  form?: TabForm;
}

/** A column of an editable table: what the page draws in each row's cell. */
export interface TabFormColumn {
  key: string;
  label: string;
  kind: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'multiselect';
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  /** Characters, for text. */
  maxLength?: number;
  /** Whether the person may change it (a safety representative may only comment). */
  editable: boolean;
}

/** An editable table as the person may edit it now, with the version it was read at. */
export interface TabFormContent {
  title: string;
  /** The version the rows were read at; the page sends it back as If-Match. */
  etag: string;
  /** Fields the page sends back unchanged with every save (the school). */
  context: Record<string, string>;
  columns: TabFormColumn[];
  rows: { id: string; label?: string; values: Record<string, string | string[]> }[];
  /** Whether the page offers a new, empty row (and starts with one when there are no rows). */
  canAdd: boolean;
  /** Most new rows one save takes; no limit when absent. */
  maxNewRows?: number;
  intro?: string;
}

/**
 * What a save answers. 400: nothing changed, `rowErrors` says what is wrong
 * in which row (the row's index in the request) and field; 409: someone
 * changed it since `etag` was read, nothing changed.
 */
export type TabFormResult =
  /** Saved: the page reads the rows again (with their new version) to show them as stored. */
  | { status: 200; message: string; saved: number }
  | { status: 400; message: string; rowErrors?: { row: number; fields: Record<string, string> }[] }
  | { status: 403 | 404 | 409 | 428; message: string };

export interface TabForm {
  /** Whether the page offers the form to the person at all (from the directory). */
  available(personId: string): boolean;
  /** The rows to edit; null when the person may not see them (404). */
  load(input: TabInput): Promise<TabFormContent | null>;
  /** One save of many rows under the ETag the rows were read at. `body` is the request's JSON, unchecked. */
  save(input: Omit<TabInput, 'filters'> & { ifMatch?: string; body: unknown }): Promise<TabFormResult>;
}

export const TAB_SECTION_ID = /^[a-z][a-z0-9-]{0,39}$/;
