// The app: App Service on Linux with the .NET 10 runtime, several stateless instances (autoscale on CPU) with no
// session affinity — turns of one conversation may reach any instance; the ETag on its state orders them.
// Settings are IessBot's own (README.md "Azure storage"); secrets are Key Vault references read with the identity.
param location string
param planName string
param appName string
param sku string
param minimumInstances int
param maximumInstances int
param identityId string
param identityClientId string
param insightsConnectionString string
param cosmosEndpoint string
param cosmosDatabase string
param blobServiceUri string
param evidenceContainer string
param encryptionKeySecretUri string
param botAppType string
param botAppId string
param botAppPasswordSecretUri string
param tenantId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  kind: 'linux'
  sku: {
    name: sku
    capacity: minimumInstances
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: insightsConnectionString
        }
        {
          // Codeless Application Insights for .NET on Linux: requests, dependencies and logs without an SDK in the app.
          name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
          value: '~3'
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'Storage__Provider'
          value: 'Azure'
        }
        {
          name: 'Storage__EncryptionKey'
          value: '@Microsoft.KeyVault(SecretUri=${encryptionKeySecretUri})'
        }
        {
          name: 'Storage__Azure__CosmosEndpoint'
          value: cosmosEndpoint
        }
        {
          name: 'Storage__Azure__Database'
          value: cosmosDatabase
        }
        {
          name: 'Storage__Azure__BlobServiceUri'
          value: blobServiceUri
        }
        {
          name: 'Storage__Azure__EvidenceContainer'
          value: evidenceContainer
        }
        {
          name: 'Storage__Azure__ManagedIdentityClientId'
          value: identityClientId
        }
        {
          name: 'Storage__Azure__CreateResources'
          value: 'false'
        }
        {
          name: 'MicrosoftAppType'
          value: botAppType
        }
        {
          name: 'MicrosoftAppId'
          value: botAppId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: tenantId
        }
        {
          // A managed identity has no client secret.
          name: 'MicrosoftAppPassword'
          value: botAppType == 'SingleTenant' ? '@Microsoft.KeyVault(SecretUri=${botAppPasswordSecretUri})' : ''
        }
      ]
    }
  }
}

resource autoscale 'Microsoft.Insights/autoscalesettings@2022-10-01' = {
  name: '${planName}-autoscale'
  location: location
  properties: {
    enabled: true
    targetResourceUri: plan.id
    profiles: [
      {
        name: 'cpu'
        capacity: {
          minimum: string(minimumInstances)
          maximum: string(maximumInstances)
          default: string(minimumInstances)
        }
        rules: [
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: plan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT5M'
              timeAggregation: 'Average'
              operator: 'GreaterThan'
              threshold: 70
            }
            scaleAction: {
              direction: 'Increase'
              type: 'ChangeCount'
              value: '1'
              cooldown: 'PT5M'
            }
          }
          {
            metricTrigger: {
              metricName: 'CpuPercentage'
              metricResourceUri: plan.id
              timeGrain: 'PT1M'
              statistic: 'Average'
              timeWindow: 'PT10M'
              timeAggregation: 'Average'
              operator: 'LessThan'
              threshold: 30
            }
            scaleAction: {
              direction: 'Decrease'
              type: 'ChangeCount'
              value: '1'
              cooldown: 'PT10M'
            }
          }
        ]
      }
    ]
  }
}

output hostName string = app.properties.defaultHostName
