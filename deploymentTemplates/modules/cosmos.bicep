// Cosmos DB (NoSQL): the containers, partition keys and indexing policies of IessBot/Storage/Azure/CosmosContainers.cs,
// which documents why each container is partitioned as it is. A test compares the built ARM JSON with that code.
// Keys are disabled: the app reaches the account with its managed identity (Cosmos DB Built-in Data Contributor).
param location string
param accountName string
param maxThroughput int
param principalId string

var databaseName = 'iessbot'
// Cosmos DB Built-in Data Contributor (a data-plane role of the account, not an Azure RBAC role).
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: {
      autoscaleSettings: {
        maxThroughput: maxThroughput
      }
    }
  }
}

// Conversation state: point reads and conditional writes by id only, so nothing is indexed.
resource conversations 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'conversations'
  properties: {
    resource: {
      id: 'conversations'
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}

// Cases: id = case number, one logical partition per case; the staff filters and the cédula blind index are indexed,
// and so are the outbox maps (channel → due time, state → oldest) the notification dispatcher queries, and the
// workflow's clear fields the staff list filters and sorts on (team, assignee, due, at-risk and pause times).
resource cases 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'cases'
  properties: {
    resource: {
      id: 'cases'
      partitionKey: {
        paths: [
          '/id'
        ]
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/type/?'
          }
          {
            path: '/status/?'
          }
          {
            path: '/category/?'
          }
          {
            path: '/provinceCode/?'
          }
          {
            path: '/channel/?'
          }
          {
            path: '/filedAt/?'
          }
          {
            path: '/cedulaIndex/?'
          }
          {
            path: '/team/?'
          }
          {
            path: '/assigneeId/?'
          }
          {
            path: '/dueAt/?'
          }
          {
            path: '/atRiskAt/?'
          }
          {
            path: '/pausedSince/?'
          }
          {
            path: '/outboxDue/*'
          }
          {
            path: '/outboxSince/*'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/filedAt'
              order: 'ascending'
            }
            {
              path: '/id'
              order: 'ascending'
            }
          ]
          [
            {
              path: '/filedAt'
              order: 'descending'
            }
            {
              path: '/id'
              order: 'descending'
            }
          ]
          [
            {
              path: '/dueAt'
              order: 'ascending'
            }
            {
              path: '/id'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

// WhatsApp: the webhook inbox (one ordered log in the partition 'inbox', id = sequence number), processed message ids,
// outbound delivery state and each citizen's last inbound time (each keyed and partitioned by a hash).
resource whatsapp 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'whatsapp'
  properties: {
    resource: {
      id: 'whatsapp'
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/kind/?'
          }
          {
            path: '/pending/?'
          }
          {
            path: '/sequence/?'
          }
          {
            path: '/processedAt/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}

// Staff: the audit trail (one hash chain in the partition 'audit', id = sequence number) and local staff accounts
// (partition 'accounts').
resource staff 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'staff'
  properties: {
    resource: {
      id: 'staff'
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/kind/?'
          }
          {
            path: '/sequence/?'
          }
          {
            path: '/caseNumber/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = databaseName
