// Application Insights on a Log Analytics workspace: request, dependency and log telemetry of the app.
param location string
param workspaceName string
param insightsName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: false
  }
}

output connectionString string = insights.properties.ConnectionString
output instrumentationKey string = insights.properties.InstrumentationKey
