// Microsoft Graph application permissions for the bot's managed identity, the least the
// directory's synchronisation needs (src/directory/sync.ts):
//   GroupMember.Read.All  /groups/delta with members, /groups/{id}/members: the mapped groups' members
//   User.Read.All         the members' displayName and preferredLanguage (User.ReadBasic.All has no
//                         preferredLanguage, so nynorsk could not be honoured)
// Nothing is written to Entra ID. Granting app roles of Microsoft Graph needs a deployer who may
// (Privileged Role Administrator, or AppRoleAssignment.ReadWrite.All with Application.Read.All);
// without one, deploy main.bicep with grantGraphPermissions=false and grant them as
// docs/deploy.md step 5 shows. Needs Bicep 0.36.1 or later (az bicep upgrade).
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('The object (principal) id of the bot\'s managed identity.')
param principalId string

// Microsoft Graph's application id, the same in every tenant.
var graphAppId = '00000003-0000-0000-c000-000000000000'

resource graph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: graphAppId
}

resource groupMemberRead 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  principalId: principalId
  resourceId: graph.id
  appRoleId: filter(graph.appRoles, r => r.value == 'GroupMember.Read.All')[0].id
}

resource userRead 'Microsoft.Graph/appRoleAssignedTo@v1.0' = {
  principalId: principalId
  resourceId: graph.id
  appRoleId: filter(graph.appRoles, r => r.value == 'User.Read.All')[0].id
}
