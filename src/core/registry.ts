/**
 * How features plug in. Each feature declares its card verbs, chat commands,
 * kinds of owed work (with their handlers) and recurring jobs; the chat edge
 * (src/teams/) routes activities to the verbs and commands by name, the
 * dispatcher looks up work handlers by kind, the calendar runs the jobs. Its
 * downloads (signed links, core/downloads.ts) and tab sections (core/tab.ts)
 * are served by the web edge (src/web/).
 * Adding a feature is its folder and one `register` line in src/index.ts.
 */
import type { CardView, OutboundMessage } from './cards';
import type { DownloadKind } from './downloads';
import { TAB_SECTION_ID, type TabSection } from './tab';
import type { Language } from './i18n';
import type { WorkKind, WorkKindHandler } from './work';

/** Who acts in this turn, as the edge knows them. Authorisation is decided from the directory by the feature, never from card data. */
export interface Actor {
  /** Entra object id, lower case; undefined when the channel sent none. */
  id?: string;
  language: Language;
  /** The activity came from the person's 1:1 chat with the bot. */
  personalChat: boolean;
}

export interface VerbInput {
  actor: Actor;
  data: Record<string, unknown>;
  /** The message the action was pressed on, when it is in the person's 1:1 chat. */
  source?: { conversationId: string; activityId: string };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 500;

export type VerbAnswer =
  /** Answer with this card; `replaceSource`: also rewrite the message the action came from, on every device. */
  | { card: CardView; replaceSource?: boolean }
  /** A refusal shown by the client as a short message. */
  | { error: { status: ErrorStatus; message: string } };

export type VerbHandler = (input: VerbInput) => Promise<VerbAnswer>;

export interface CommandInput {
  actor: Actor;
  text: string;
}

/**
 * Who a command is for, as the `hjelp` card and the greeting offer it (the
 * command itself still decides from the directory): everyone; those who
 * handle cases (principals, safety representatives, the owner's roles);
 * the school's principals and safety representatives; principals and the
 * owner's roles; the owner's leaders.
 */
export type CommandAudience = 'everyone' | 'handlers' | 'schoolLeaders' | 'principalsAndOwner' | 'ownerLeaders';

/** How a command is offered as a button on the `hjelp` card. */
export interface CommandHelp {
  label: Record<Language, string>;
  audience: CommandAudience;
  /** Not offered as a button (a variant of another command). */
  hidden?: boolean;
}

export interface Command {
  /** A name for logs and help. */
  name: string;
  /** What a person types, lower case, in every language. */
  words: string[];
  /** The `hjelp` card's button; without it the command is offered to everyone under its first word. */
  help?: CommandHelp;
  run(input: CommandInput): Promise<OutboundMessage>;
}

/** Work started by the calendar, not by an event: claimed once across instances, quiet hours respected. */
export interface RecurringJob {
  /** Stable id: part of the ids of its occurrences. */
  id: string;
  /** Five-field cron in the organisation's time zone ("30 7 * * 1": Mondays 07:30); null: switched off. */
  cron: string | null;
  /** Held back to the end of quiet hours (default true). */
  respectQuietHours?: boolean;
  run(occurrence: Date): Promise<void>;
}

export type WorkHandlers = { [K in WorkKind]?: WorkKindHandler<K> };

export interface Feature {
  name: string;
  verbs?: Record<string, VerbHandler>;
  /**
   * Verbs that answer a group chat or channel themselves, refusing in their
   * own words (`actor.personalChat`). Every other verb is refused there by
   * the edge before it runs: nothing about a case is shown where others read.
   */
  verbsCheckingChat?: string[];
  commands?: Command[];
  /** What any message that is no command gets (the report form); one feature may have it. */
  fallback?: Command;
  work?: WorkHandlers;
  jobs?: RecurringJob[];
  /** Files people may download through signed links (chat cards and the tab). */
  downloads?: DownloadKind[];
  /** Sections of the personal tab "Oversikt". */
  tab?: TabSection[];
  /** What a person gets when they first meet the bot (install, or their first message); one feature may have it. */
  firstContact?: (actor: Actor) => Promise<OutboundMessage>;
}

export class Registry {
  readonly features: Feature[] = [];
  private readonly verbs = new Map<string, VerbHandler>();
  private readonly words = new Map<string, Command>();
  private readonly handlers: WorkHandlers = {};
  private readonly downloadKinds = new Map<string, DownloadKind>();
  private readonly sections = new Map<string, TabSection>();
  private fallbackCommand: Command | undefined;
  private firstContactOf: Feature['firstContact'];
  private readonly checkingChat = new Set<string>();

  /** Registers a feature and hands it back, so `const cases = registry.add(createCases(core))` is one line. */
  add<F extends Feature>(feature: F): F {
    this.register(feature);
    return feature;
  }

  register(feature: Feature): this {
    for (const [verb, handler] of Object.entries(feature.verbs ?? {})) {
      if (this.verbs.has(verb)) throw new Error(`verb ${verb} of ${feature.name} is already registered`);
      this.verbs.set(verb, handler);
    }
    for (const verb of feature.verbsCheckingChat ?? []) this.checkingChat.add(verb);
    for (const command of feature.commands ?? []) {
      for (const word of command.words) {
        const key = normaliseCommand(word);
        if (this.words.has(key)) throw new Error(`command "${word}" of ${feature.name} is already registered`);
        this.words.set(key, command);
      }
    }
    if (feature.firstContact) {
      if (this.firstContactOf) throw new Error(`${feature.name}: only one feature greets`);
      this.firstContactOf = feature.firstContact;
    }
    if (feature.fallback) {
      if (this.fallbackCommand) throw new Error(`${feature.name}: only one feature answers messages that are no command`);
      this.fallbackCommand = feature.fallback;
    }
    for (const [kind, handler] of Object.entries(feature.work ?? {}) as [WorkKind, WorkKindHandler<WorkKind>][]) {
      if (this.handlers[kind]) throw new Error(`work kind ${kind} of ${feature.name} is already registered`);
      (this.handlers as Record<string, unknown>)[kind] = handler;
    }
    for (const kind of feature.downloads ?? []) {
      if (this.downloadKinds.has(kind.name)) throw new Error(`download ${kind.name} of ${feature.name} is already registered`);
      this.downloadKinds.set(kind.name, kind);
    }
    for (const section of feature.tab ?? []) {
      if (!TAB_SECTION_ID.test(section.id)) throw new Error(`tab section id "${section.id}" of ${feature.name} must be lower-case letters, digits and -`);
      if (this.sections.has(section.id)) throw new Error(`tab section ${section.id} of ${feature.name} is already registered`);
      this.sections.set(section.id, section);
    }
    this.features.push(feature);
    return this;
  }

  verb(name: string): VerbHandler | undefined {
    return this.verbs.get(name);
  }

  /** Whether the verb refuses outside the 1:1 chat itself (else the edge does). */
  checksChat(verb: string): boolean {
    return this.checkingChat.has(verb);
  }

  verbNames(): string[] {
    return [...this.verbs.keys()];
  }

  /** The command a typed text asks for, if any. */
  command(text: string | undefined): Command | undefined {
    const key = normaliseCommand(text ?? '');
    return this.words.get(key) ?? this.words.get(key.replace(/\?+$/, ''));
  }

  get fallback(): Command | undefined {
    return this.fallbackCommand;
  }

  /** The greeting on first contact, if a feature gives one. */
  get firstContact(): Feature['firstContact'] {
    return this.firstContactOf;
  }

  /** Every command of every feature, in the order they were registered: what `hjelp` offers. */
  get commands(): Command[] {
    return this.features.flatMap((f) => f.commands ?? []);
  }

  commandNamed(name: string): Command | undefined {
    return this.commands.find((c) => c.name === name);
  }

  get work(): WorkHandlers {
    return this.handlers;
  }

  get jobs(): RecurringJob[] {
    return this.features.flatMap((f) => f.jobs ?? []);
  }

  download(name: string): DownloadKind | undefined {
    return this.downloadKinds.get(name);
  }

  get downloads(): DownloadKind[] {
    return [...this.downloadKinds.values()];
  }

  tabSection(id: string): TabSection | undefined {
    return this.sections.get(id);
  }

  /** In the order the page shows them. */
  get tabSections(): TabSection[] {
    return [...this.sections.values()].sort((a, b) => a.order - b.order);
  }
}

/** Lower case, single spaces, no full stop or exclamation mark at the end. */
export function normaliseCommand(text: string): string {
  return text.trim().toLowerCase().replace(/[.!]+$/, '').replace(/\s+/g, ' ');
}
