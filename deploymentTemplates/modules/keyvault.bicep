// Key Vault with Azure RBAC: the personal-data encryption key and the bot's client secret. The app reads them
// through Key Vault references resolved with its managed identity (Key Vault Secrets User); nobody else needs to.
param location string
param keyVaultName string
param principalId string

@secure()
param encryptionKey string

@description('Empty when the bot uses its managed identity: no secret is stored then.')
@secure()
param botAppPassword string

@description('The name of the bot\'s client secret in the vault.')
param botVaultEntry string

var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource encryptionKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'storage-encryption-key'
  properties: {
    value: encryptionKey
    contentType: 'base64 of 32 random bytes'
  }
}

resource botAppPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: botVaultEntry
  properties: {
    value: botAppPassword
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output encryptionKeySecretUri string = encryptionKeySecret.properties.secretUri
output vaultUri string = vault.properties.vaultUri
