/**
 * The Cosmos DB containers, their partition keys and indexing. infra/ creates
 * the same containers in Azure; a test keeps the two in step.
 *
 * - cases (/caseId): a case and the work it owes (notifications, later
 *   check-ins and reminders) share a partition, so a state change and its
 *   consequences are one transactional batch, and reading a case is a point
 *   read. The dispatcher's "what is due now" and a school's list of open cases
 *   are cross-partition queries served by the index on dueAt / schoolId+status.
 *   Statistics read a school's cases of a period through the composite index
 *   (docType, schoolId, report.date), selecting only the fields they count.
 * - conversations (/userId): how to reach each person proactively (their 1:1
 *   conversation reference), plus one document per tenant with the service
 *   URL; read by person id, written when a person installs or writes.
 * - counters (/id): the per-year sequence behind the short case reference.
 * - directory (/id): the directory as last synchronised from Entra ID (or read
 *   from DIRECTORY_FILE), so a restart or a Graph outage does not stop
 *   reporting. A small head document `directory` names the version in use,
 *   when and how it was synchronised, the Graph delta links and the role
 *   holders; the groups' members and the people's names and languages are in
 *   chunk documents of that version (a municipality's staff does not fit the
 *   2 MB item limit of one document). Writing a version is: chunks first, then
 *   the head replaced under its ETag, so a reader sees an old or a new
 *   directory, never half of one. Every instance polls the head (a point read)
 *   and reads the chunks when the version moved; a lease document lets one
 *   instance synchronise at a time. A container of its own, apart from cases,
 *   because it is read by id only (no index) and its chunks are large.
 * - audit (/actorId): the audit trail (core/audit.ts): every export link
 *   made, every download served or refused, every opening of a case by
 *   someone other than its reporter. Entries are only added (the retention
 *   job deletes them), so no batch needs them beside a case; keyed by who
 *   acted, writes spread over people (no hot partition: an opening is written
 *   by the person reading), and "what did this person do" (their own data)
 *   is one partition. "Who opened or took case X out" ("Sist åpnet av") and
 *   "exports older than N years" are rarer cross-partition queries served by
 *   the indexes on caseIds, action and at. Kept in its own container so the
 *   case partitions stay small and the trail has its own retention.
 *
 * The register and the statistics read a school's cases in a period by the
 * incident's date: /report/date/? beside /schoolId/? serves that query.
 */
import type { ContainerDefinition } from '@azure/cosmos';

export type ContainerName = 'cases' | 'conversations' | 'counters' | 'directory' | 'audit';

export const CONTAINERS: Record<ContainerName, ContainerDefinition & { id: ContainerName; partitionKey: { paths: [string] } }> = {
  cases: {
    id: 'cases',
    partitionKey: { paths: ['/caseId'] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      // Only what the code queries on is indexed: cheaper writes, and free text is never indexed.
      includedPaths: [
        { path: '/docType/?' },
        { path: '/dueAt/?' },
        { path: '/schoolId/?' },
        { path: '/status/?' },
        { path: '/reporterId/?' },
        { path: '/affectedIds/[]/?' },
        { path: '/serious/?' },
        { path: '/createdAt/?' },
        { path: '/report/date/?' },
        // The retention job's "closed before the cutoff, not yet anonymised".
        { path: '/closedAt/?' },
        { path: '/anonymisedAt/?' },
        // A person's own data (src/privacy/): the cases where they acted or own a measure.
        { path: '/history/[]/by/?' },
        { path: '/measures/[]/ownerId/?' },
        // `saker` (src/cases/store.ts listCases): by severity, most urgent first, and by reference.
        { path: '/report/severity/?' },
        { path: '/report/seriousInjury/?' },
        { path: '/reference/?' },
      ],
      excludedPaths: [{ path: '/*' }],
      compositeIndexes: [
        [
          { path: '/docType', order: 'ascending' },
          { path: '/schoolId', order: 'ascending' },
          { path: '/report/date', order: 'ascending' },
        ],
        [
          { path: '/report/severity', order: 'descending' },
          { path: '/report/seriousInjury', order: 'descending' },
          { path: '/createdAt', order: 'ascending' },
        ],
      ],
    },
  },
  conversations: {
    id: 'conversations',
    partitionKey: { paths: ['/userId'] },
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  },
  counters: {
    id: 'counters',
    partitionKey: { paths: ['/id'] },
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  },
  directory: {
    id: 'directory',
    partitionKey: { paths: ['/id'] },
    indexingPolicy: { indexingMode: 'consistent', automatic: true, includedPaths: [], excludedPaths: [{ path: '/*' }] },
  },
  audit: {
    id: 'audit',
    partitionKey: { paths: ['/actorId'] },
    indexingPolicy: {
      indexingMode: 'consistent',
      automatic: true,
      includedPaths: [{ path: '/docType/?' }, { path: '/at/?' }, { path: '/action/?' }, { path: '/kind/?' }, { path: '/caseIds/[]/?' }, { path: '/schoolIds/[]/?' }],
      excludedPaths: [{ path: '/*' }],
    },
  },
};
