// TryggMeld in Azure: everything the bot needs, in one resource group.
//
//   user-assigned managed identity  the bot's identity (Azure Bot, msaAppType UserAssignedMSI)
//                                   and the app's identity towards Cosmos DB: no secrets anywhere
//   App Service (Linux, Node 22)    runs `node dist/src/index.js`; /readyz as health check
//   Azure Bot + Teams channel       messaging endpoint https://<app>.azurewebsites.net/api/messages
//   Cosmos DB for NoSQL             serverless (or free tier), local auth (keys) disabled,
//                                   the database and every container of src/core/cosmos/containers.ts
//   Microsoft Graph permissions     GroupMember.Read.All and User.Read.All for the identity, so the
//                                   directory comes from Entra ID groups (graph-permissions.bicep)
//   Log Analytics + App Insights    requests, dependencies and the app's JSON log lines
//
// test/unit/infra-consistency.test.ts keeps this file in step with the code:
// containers, partition keys and indexes, and the app settings the code reads.
// Deploy: docs/deploy.md (az CLI) or m365agents.yml (Agents Toolkit).

@minLength(4)
@maxLength(20)
@description('Names every resource. The web app becomes https://<resourceBaseName>.azurewebsites.net, so it must be unique in Azure. Lower-case letters, digits and hyphens.')
param resourceBaseName string

@description('Region for everything except the Azure Bot (which is global). Default: the resource group\'s.')
param location string = resourceGroup().location

@maxLength(42)
@description('Display name of the Azure Bot resource.')
param botDisplayName string = 'TryggMeld'

@description('App Service plan. B1 or larger: the bot sends reminders from a loop that needs Always On, which Free (F1) lacks.')
@allowed(['B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3', 'P3v3'])
param appServiceSku string = 'B1'

@minValue(1)
@maxValue(10)
@description('Number of App Service instances. The bot is built to run on several (work is claimed with leases).')
param instanceCount int = 1

@description('Cosmos DB free tier instead of serverless: 1000 RU/s and 25 GB free, one free-tier account per subscription. The two cannot be combined.')
param cosmosFreeTier bool = false

@minValue(400)
@description('Shared database throughput in RU/s when cosmosFreeTier is true (the free tier covers 1000). Ignored for serverless.')
param cosmosFreeTierThroughput int = 1000

@description('Cosmos DB database name (COSMOS_DATABASE).')
param cosmosDatabaseName string = 'tryggmeld'

@description('The organisation\'s time zone, IANA name (TZ_NAME).')
param timeZone string = 'Europe/Oslo'

@description('The Teams app\'s id (the manifest\'s id, TEAMS_APP_ID in env/.env.<env>): the digests and the statistics card open the app\'s tab with it. Empty: no such button.')
param teamsAppId string = ''

@description('Folder on the App Service\'s persistent /home share that holds directory-mapping.yaml (or directory.yaml) and schedule.yaml (docs/deploy.md, step 6).')
param configFolder string = '/home/site/config'

@description('Where the directory comes from (DIRECTORY_SOURCE): graph = Entra ID groups named in directory-mapping.yaml, kept current by the bot; file = directory.yaml, edited by hand.')
@allowed(['graph', 'file'])
param directorySource string = 'graph'

@description('Grant the identity the Microsoft Graph application permissions the graph source needs (GroupMember.Read.All, User.Read.All). Needs a deployer who may grant app roles (Privileged Role Administrator); false: an administrator grants them as docs/deploy.md step 5 shows.')
param grantGraphPermissions bool = true
@description('Client id of the Entra app registration the tab "Oversikt" signs in with (Teams single sign-on; docs/deploy.md, step 9). Empty: the tab says sign-in is not set up; the chat works as before.')
param tabSsoClientId string = ''

@secure()
@description('Signs the short-lived download links (exports); every instance shares it. The default is a new random value at each deployment, which only ends links made in the minutes before.')
param downloadLinkSecret string = newGuid()

param tags object = { application: 'tryggmeld' }

var names = {
  identity: '${resourceBaseName}-id'
  plan: '${resourceBaseName}-plan'
  webApp: resourceBaseName
  bot: resourceBaseName
  cosmos: '${resourceBaseName}-cosmos'
  logs: '${resourceBaseName}-logs'
  insights: '${resourceBaseName}-insights'
}

// Built-in "Cosmos DB Built-in Data Contributor": read and write items, read metadata; no account keys.
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

// ---------------------------------------------------------------------------
// Identity

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------
// Monitoring

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  tags: tags
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

// ---------------------------------------------------------------------------
// Cosmos DB for NoSQL

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: names.cosmos
  location: location
  kind: 'GlobalDocumentDB'
  tags: tags
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    // Serverless and the free tier exclude each other: free tier means provisioned throughput.
    capabilities: cosmosFreeTier ? [] : [{ name: 'EnableServerless' }]
    enableFreeTier: cosmosFreeTier
    // The app signs in with Entra ID (managed identity); account keys are switched off.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: cosmos
  name: cosmosDatabaseName
  properties: {
    resource: { id: cosmosDatabaseName }
    options: cosmosFreeTier ? { throughput: cosmosFreeTierThroughput } : {}
  }
}

// The containers below mirror CONTAINERS in src/store/containers.ts (ids,
// partition keys, indexing policies); the reasons for each choice are there.
// With Entra ID the app cannot create containers itself, so a container the
// code uses and this file lacks stops the app at start-up.

resource casesContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'cases'
  properties: {
    resource: {
      id: 'cases'
      partitionKey: {
        paths: ['/caseId']
        kind: 'Hash'
        version: 2
      }
      // Only what the code queries on is indexed; report text never is.
      // dueAt is the dispatcher's due-time index ("what is due now").
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/docType/?' }
          { path: '/dueAt/?' }
          { path: '/schoolId/?' }
          { path: '/status/?' }
          { path: '/reporterId/?' }
          { path: '/affectedIds/[]/?' }
          { path: '/serious/?' }
          { path: '/createdAt/?' }
          { path: '/report/date/?' }
          { path: '/closedAt/?' }
          { path: '/anonymisedAt/?' }
          { path: '/history/[]/by/?' }
          { path: '/measures/[]/ownerId/?' }
          { path: '/report/severity/?' }
          { path: '/report/seriousInjury/?' }
          { path: '/reference/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
        // A school's cases of a period (statistics): equality on docType and schoolId, range on the incident date.
        compositeIndexes: [
          [
            { path: '/docType', order: 'ascending' }
            { path: '/schoolId', order: 'ascending' }
            { path: '/report/date', order: 'ascending' }
          ]
          [
            { path: '/report/severity', order: 'descending' }
            { path: '/report/seriousInjury', order: 'descending' }
            { path: '/createdAt', order: 'ascending' }
          ]
        ]
      }
    }
  }
}

resource conversationsContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'conversations'
  properties: {
    resource: {
      id: 'conversations'
      partitionKey: {
        paths: ['/userId']
        kind: 'Hash'
        version: 2
      }
      // Point reads only.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

resource countersContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'counters'
  properties: {
    resource: {
      id: 'counters'
      partitionKey: {
        paths: ['/id']
        kind: 'Hash'
        version: 2
      }
      // Point reads only.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

resource directoryContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'directory'
  properties: {
    resource: {
      id: 'directory'
      partitionKey: {
        paths: ['/id']
        kind: 'Hash'
        version: 2
      }
      // The directory synchronised from Entra ID, in a head and chunks: point reads only.
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// Who exported and downloaded what, when, as which role; added to, never changed.
resource auditContainer 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'audit'
  properties: {
    resource: {
      id: 'audit'
      partitionKey: {
        paths: ['/actorId']
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          { path: '/docType/?' }
          { path: '/at/?' }
          { path: '/action/?' }
          { path: '/kind/?' }
          { path: '/caseIds/[]/?' }
          { path: '/schoolIds/[]/?' }
        ]
        excludedPaths: [
          { path: '/*' }
        ]
      }
    }
  }
}

// The managed identity may read and write items in this account (data plane).
resource cosmosDataAccess 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// ---------------------------------------------------------------------------
// Microsoft Graph: the identity reads the groups named in the mapping file and their members' names.

module graphPermissions 'graph-permissions.bicep' = if (grantGraphPermissions && directorySource == 'graph') {
  name: 'graph-permissions'
  params: {
    principalId: identity.properties.principalId
  }
}

// ---------------------------------------------------------------------------
// App Service

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
  location: location
  kind: 'linux'
  tags: tags
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource webApp 'Microsoft.Web/sites@2024-04-01' = {
  name: names.webApp
  location: location
  kind: 'app,linux'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      // Linux: the Node version comes from linuxFxVersion (WEBSITE_NODE_DEFAULT_VERSION is for Windows).
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      // 200 once Cosmos DB is reachable and the directory is loaded.
      healthCheckPath: '/readyz'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      http20Enabled: true
      // Every variable the code reads is either here or listed as optional in
      // docs/deploy.md ("App settings"); the consistency test checks both.
      appSettings: [
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        {
          name: 'BOT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'BOT_TYPE'
          value: 'UserAssignedMSI'
        }
        {
          name: 'BOT_TENANT_ID'
          value: identity.properties.tenantId
        }
        {
          // Picks the user-assigned identity for DefaultAzureCredential (Cosmos DB).
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmos.properties.documentEndpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: cosmosDatabaseName
        }
        {
          name: 'DIRECTORY_SOURCE'
          value: directorySource
        }
        {
          // With DIRECTORY_SOURCE=graph: which Entra groups hold each school's staff, principals and safety representatives.
          name: 'DIRECTORY_MAPPING_FILE'
          value: '${configFolder}/directory-mapping.yaml'
        }
        {
          // With DIRECTORY_SOURCE=file: the people by hand.
          name: 'DIRECTORY_FILE'
          value: '${configFolder}/directory.yaml'
        }
        {
          name: 'SCHEDULE_FILE'
          value: '${configFolder}/schedule.yaml'
        }
        {
          name: 'TZ_NAME'
          value: timeZone
        }
        {
          name: 'TEAMS_APP_ID'
          value: teamsAppId
        }
        {
          // Where the tab and download links point (the bot's own address).
          name: 'PUBLIC_URL'
          value: 'https://${resourceBaseName}.azurewebsites.net'
        }
        {
          name: 'DOWNLOAD_LINK_SECRET'
          value: downloadLinkSecret
        }
        {
          name: 'TAB_SSO_CLIENT_ID'
          value: tabSsoClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: insights.properties.ConnectionString
        }
        {
          // Application Insights auto-instrumentation for Node.js on Linux (no SDK in the code).
          name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
          value: '~3'
        }
        {
          // Run the uploaded zip as it is (read-only wwwroot); no build on the server.
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
          value: 'false'
        }
      ]
    }
  }
}

// The app's stdout (one JSON line per event) and HTTP logs go to Log Analytics.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: webApp
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

// ---------------------------------------------------------------------------
// Azure Bot with the Teams channel

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: names.bot
  location: 'global'
  kind: 'azurebot'
  tags: tags
  sku: {
    name: 'F0' // Teams is a standard channel: free
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      deploymentEnvironment: 'CommercialDeployment'
    }
  }
}

// ---------------------------------------------------------------------------
// Outputs: the Agents Toolkit writes them to env/.env.<environment>; with the
// az CLI, read them with `az deployment group show ... --query properties.outputs`.

output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output WEB_APP_NAME string = webApp.name
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output BOT_DOMAIN string = webApp.properties.defaultHostName
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
