// IessBot in production: App Service (Linux, .NET 10) with autoscale behind Azure Bot Service (Web Chat and
// Direct Line channels), Cosmos DB for conversation state and cases, Blob Storage for evidence, Key Vault for the
// secrets, Application Insights, and one user-assigned managed identity with the data-plane roles it needs.
// Build the ARM JSON with: bicep build main.bicep --outfile main.json (CI checks the committed main.json).
targetScope = 'resourceGroup'

@description('Prefix of every resource name (letters and digits, 3-11 characters); names get a unique suffix.')
@minLength(3)
@maxLength(11)
param namePrefix string = 'iessbot'

@description('Region of every resource except the bot registration, which is global.')
param location string = resourceGroup().location

@description('How the bot authenticates to Azure Bot Service: a single-tenant app registration (app id and secret), or the user-assigned managed identity created here. New multi-tenant registrations are no longer allowed.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
])
param botAppType string = 'SingleTenant'

@description('SingleTenant only: the app (client) id of the bot\'s Entra ID app registration.')
param botAppId string = ''

@description('SingleTenant only: a client secret of that app registration (kept in Key Vault).')
@secure()
param botAppPassword string = ''

@description('Base64 of 32 random bytes (openssl rand -base64 32): the key that encrypts personal data at rest (kept in Key Vault). Keep it for the life of the data.')
@secure()
param encryptionKey string

@description('App Service plan SKU (Linux). Premium v3 gives zone redundancy and enough memory for the turn pipeline.')
param appServiceSku string = 'P1v3'

@description('Fewest instances the autoscale keeps running (two: one can restart while the other serves).')
@minValue(1)
param minimumInstances int = 2

@description('Most instances the autoscale may start.')
@minValue(1)
param maximumInstances int = 10

@description('Highest request units per second the Cosmos DB database may autoscale to (it scales down to a tenth).')
@minValue(1000)
param cosmosMaxThroughput int = 4000

@description('Azure Bot Service pricing tier: F0 (free, standard channels) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'S1'

var suffix = uniqueString(resourceGroup().id, namePrefix)
var names = {
  identity: '${namePrefix}-id-${suffix}'
  workspace: '${namePrefix}-log-${suffix}'
  insights: '${namePrefix}-ai-${suffix}'
  keyVault: take('${namePrefix}kv${suffix}', 24)
  cosmos: '${namePrefix}-cosmos-${suffix}'
  storage: take(toLower('${namePrefix}st${suffix}'), 24)
  plan: '${namePrefix}-plan-${suffix}'
  app: '${namePrefix}-app-${suffix}'
  bot: '${namePrefix}-bot-${suffix}'
}
var botVaultEntry = 'bot-app-password'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    insightsName: names.insights
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    keyVaultName: names.keyVault
    principalId: identity.properties.principalId
    encryptionKey: encryptionKey
    botAppPassword: botAppType == 'SingleTenant' ? botAppPassword : ''
    botVaultEntry: botVaultEntry
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: names.cosmos
    maxThroughput: cosmosMaxThroughput
    principalId: identity.properties.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: names.storage
    principalId: identity.properties.principalId
  }
}

module app 'modules/appservice.bicep' = {
  name: 'app'
  params: {
    location: location
    planName: names.plan
    appName: names.app
    sku: appServiceSku
    minimumInstances: minimumInstances
    maximumInstances: maximumInstances
    identityId: identity.id
    identityClientId: identity.properties.clientId
    insightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    blobServiceUri: storage.outputs.blobServiceUri
    evidenceContainer: storage.outputs.evidenceContainerName
    encryptionKeySecretUri: keyVault.outputs.encryptionKeySecretUri
    botAppType: botAppType
    botAppId: botAppType == 'SingleTenant' ? botAppId : identity.properties.clientId
    // Versionless: the app reads the current secret, so rotating it needs no redeployment.
    botAppPasswordSecretUri: '${keyVault.outputs.vaultUri}secrets/${botVaultEntry}'
    tenantId: tenant().tenantId
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: names.bot
    sku: botSku
    messagingEndpoint: 'https://${app.outputs.hostName}/api/messages'
    appType: botAppType
    appId: botAppType == 'SingleTenant' ? botAppId : identity.properties.clientId
    tenantId: tenant().tenantId
    identityId: identity.id
    insightsInstrumentationKey: monitoring.outputs.instrumentationKey
  }
}

output appUrl string = 'https://${app.outputs.hostName}'
output messagingEndpoint string = 'https://${app.outputs.hostName}/api/messages'
output botName string = names.bot
output identityClientId string = identity.properties.clientId
output cosmosEndpoint string = cosmos.outputs.endpoint
output blobServiceUri string = storage.outputs.blobServiceUri
output keyVaultName string = names.keyVault
