using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using IessBot.Storage;
using IessBot.Storage.Azure;
using Microsoft.Azure.Cosmos;

namespace IessBot.Tests.Deployment;

/// <summary>
/// deploymentTemplates/: the Bicep builds to the committed ARM JSON, lints clean under bicepconfig.json, and
/// declares what the code expects (the same containers, partition keys and indexing; settings that exist).
/// The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (a PackageDownload of this project).
/// </summary>
public sealed class DeploymentTemplateTests
{
    private const string ContainersType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";
    private static readonly string Templates = FindTemplates();

    [Fact]
    public async Task The_committed_ARM_template_is_what_the_Bicep_builds()
    {
        var (exitCode, output, errors) = await RunBicepAsync("build", "main.bicep", "--stdout");

        Assert.True(exitCode == 0, $"bicep build failed: {errors}");
        var committed = await File.ReadAllTextAsync(Path.Combine(Templates, "main.json"));
        Assert.True(Normalize(committed) == Normalize(output),
            "deploymentTemplates/main.json is not what main.bicep builds. Rebuild it: bicep build deploymentTemplates/main.bicep --outfile deploymentTemplates/main.json");
    }

    [Fact]
    public async Task The_Bicep_lints_without_errors_or_warnings()
    {
        var (exitCode, output, errors) = await RunBicepAsync("lint", "main.bicep");

        Assert.True(exitCode == 0, $"bicep lint reported errors:\n{errors}{output}");
        Assert.DoesNotContain(": Warning ", errors + output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_template_declares_the_containers_partition_keys_and_indexing_the_code_creates()
    {
        var containers = Resources(Template(), ContainersType)
            .Select(r => r["properties"]!["resource"]!)
            .ToDictionary(r => (string)r["id"]!, Describe);
        var options = new AzureStorageOptions();

        Assert.Equal(4, containers.Count);
        Assert.Equal(Describe(CosmosContainers.Conversations(options.ConversationsContainer)), containers[options.ConversationsContainer]);
        Assert.Equal(Describe(CosmosContainers.Cases(options.CasesContainer)), containers[options.CasesContainer]);
        Assert.Equal(Describe(CosmosContainers.WhatsApp(options.WhatsAppContainer)), containers[options.WhatsAppContainer]);
        Assert.Equal(Describe(CosmosContainers.Staff(options.StaffContainer)), containers[options.StaffContainer]);
    }

    [Fact]
    public void The_app_settings_in_the_template_are_settings_the_app_has_and_turn_on_the_azure_provider()
    {
        var site = Assert.Single(Resources(Template(), "Microsoft.Web/sites"));
        var settings = site["properties"]!["siteConfig"]!["appSettings"]!.ToJsonString();
        var names = System.Text.RegularExpressions.Regex.Matches(settings, "\"name\":\"(Storage__[A-Za-z_]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("Storage__Provider", names);
        Assert.Contains("Storage__Azure__CosmosEndpoint", names);
        Assert.Contains("Storage__Azure__BlobServiceUri", names);
        Assert.Contains("Storage__EncryptionKey", names);
        Assert.DoesNotContain(names, n => n.Contains("ConnectionString", StringComparison.Ordinal));
        foreach (var name in names)
        {
            Assert.True(IsStorageSetting(name), $"{name} is not a setting of StorageOptions.");
        }
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings, StringComparison.Ordinal);
        Assert.Equal(StorageProvider.Azure.ToString(), ValueOf(settings, "Storage__Provider"));
        Assert.Equal("false", ValueOf(settings, "Storage__Azure__CreateResources"));
    }

    private static string Describe(JsonNode resource)
    {
        var policy = resource["indexingPolicy"]!;
        var composites = (policy["compositeIndexes"]?.AsArray() ?? [])
            .Select(c => string.Join(",", c!.AsArray().Select(p => $"{p!["path"]} {p["order"]}")));
        return Description(
            string.Join(",", resource["partitionKey"]!["paths"]!.AsArray().Select(p => (string)p!)),
            (string)policy["indexingMode"]!,
            (bool)policy["automatic"]!,
            policy["includedPaths"]!.AsArray().Select(p => (string)p!["path"]!),
            policy["excludedPaths"]!.AsArray().Select(p => (string)p!["path"]!),
            composites);
    }

    private static string Describe(ContainerProperties container)
    {
        var policy = container.IndexingPolicy;
        var composites = policy.CompositeIndexes
            .Select(c => string.Join(",", c.Select(p => $"{p.Path} {p.Order.ToString().ToLowerInvariant()}")));
        return Description(
            container.PartitionKeyPath, policy.IndexingMode.ToString().ToLowerInvariant(), policy.Automatic,
            policy.IncludedPaths.Select(p => p.Path), policy.ExcludedPaths.Select(p => p.Path), composites);
    }

    private static string Description(string partitionKey, string mode, bool automatic, IEnumerable<string> included, IEnumerable<string> excluded, IEnumerable<string> composites) =>
        $"partition key {partitionKey}; {mode}, automatic {automatic}; included [{string.Join(" ", included.Order(StringComparer.Ordinal))}]; " +
        $"excluded [{string.Join(" ", excluded.Order(StringComparer.Ordinal))}]; composite [{string.Join(" | ", composites)}]";

    private static bool IsStorageSetting(string name)
    {
        Type type = typeof(StorageOptions);
        foreach (var part in name.Split("__").Skip(1))
        {
            var property = type.GetProperty(part, BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
            {
                return false;
            }
            type = property.PropertyType;
        }
        return true;
    }

    private static string? ValueOf(string settings, string name) =>
        JsonNode.Parse(settings)!.AsArray().FirstOrDefault(s => (string?)s!["name"] == name)?["value"]?.GetValue<string>();

    private static JsonNode Template() => JsonNode.Parse(File.ReadAllText(Path.Combine(Templates, "main.json")))!;

    /// <summary>Every resource of a type, in the template and in its modules (nested deployments).</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode node, string type) => node switch
    {
        JsonObject obj when (string?)obj["type"] == type => [obj],
        JsonObject obj => obj.Select(p => p.Value).Where(v => v is not null).SelectMany(v => Resources(v!, type)),
        JsonArray array => array.Where(v => v is not null).SelectMany(v => Resources(v!, type)),
        _ => [],
    };

    private static string Normalize(string json) => json.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    private static async Task<(int ExitCode, string Output, string Errors)> RunBicepAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(BicepPath())
        {
            WorkingDirectory = Templates,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string BicepPath()
    {
        var root = typeof(DeploymentTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NuGetPackageRoot")?.Value;
        var path = Path.Combine(root ?? "", "azure.bicep.commandline.linux-x64", "0.49.2", "tools", "bicep");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The Bicep CLI is not at {path}. Restore the tests project: dotnet restore IessBot.sln");
    }

    private static string FindTemplates()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "deploymentTemplates");
            if (File.Exists(Path.Combine(folder, "main.bicep")))
            {
                return folder;
            }
        }
        throw new DirectoryNotFoundException("deploymentTemplates/main.bicep was not found above the test assembly.");
    }
}
