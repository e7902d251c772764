// The Azure Bot registration: its messaging endpoint is the app's /api/messages; Web Chat and Direct Line
// channels. Identity: a single-tenant app registration, or the user-assigned managed identity (multi-tenant
// registrations can no longer be created).
param botName string
param sku string
param messagingEndpoint string
param appType string
param appId string
param tenantId string
param identityId string
param insightsInstrumentationKey string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: 'IESS Quejas y Denuncias'
    description: 'Registro de quejas y denuncias del IESS'
    endpoint: messagingEndpoint
    msaAppType: appType
    msaAppId: appId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? identityId : null
    developerAppInsightKey: insightsInstrumentationKey
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource webChat 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'WebChatChannel'
  location: 'global'
  properties: {
    channelName: 'WebChatChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: true
          isWebchatPreviewEnabled: true
        }
      ]
    }
  }
}

resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'Default Site'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: false
          isBlockUserUploadEnabled: false
        }
      ]
    }
  }
}
