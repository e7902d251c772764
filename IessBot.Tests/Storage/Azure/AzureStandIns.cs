using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IessBot.Tests.Storage.Azure;

/// <summary>
/// The local stand-ins for Azure storage, as child processes on 127.0.0.1 and free ports: Azurite (blob, in memory,
/// no telemetry) and the Cosmos DB stand-in (@vercel/cosmosdb-server with the project's shim, plain HTTP).
/// Both come from <c>IessBot.Tests/Storage/Azure/stand-ins</c> (<c>npm ci</c> there; <c>.ci/run</c> does it).
/// Stopped by the PIDs started here. Also used by the load benchmark, so it depends on nothing of xunit.
/// </summary>
public sealed partial class AzureStandIns : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Cosmos DB emulator's well-known key; the stand-in accepts any key.</summary>
    public const string CosmosEmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StandInProcess _azurite;
    private readonly StandInProcess _cosmos;

    private AzureStandIns(StandInProcess azurite, StandInProcess cosmos)
    {
        _azurite = azurite;
        _cosmos = cosmos;
    }

    public int BlobPort => _azurite.Port;
    public int CosmosPort => _cosmos.Port;

    public string BlobConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteAccountKey};BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;";

    public string CosmosConnectionString => $"AccountEndpoint=http://127.0.0.1:{CosmosPort}/;AccountKey={CosmosEmulatorKey}";

    public static async Task<AzureStandIns> StartAsync()
    {
        var folder = Locate();
        var azurite = StandInProcess.Start("Azurite", folder,
            ["node_modules/azurite/dist/src/blob/main.js", "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence",
             "--extentMemoryLimit", "1024", "--disableTelemetry", "--skipApiVersionCheck", "--silent"]);
        var cosmos = StandInProcess.Start("Cosmos DB stand-in", folder, ["cosmos-shim.js", "--host", "127.0.0.1", "--port", "0"]);
        try
        {
            await Task.WhenAll(azurite.WaitUntilListeningAsync(StartTimeout), cosmos.WaitUntilListeningAsync(StartTimeout));
        }
        catch
        {
            await azurite.DisposeAsync();
            await cosmos.DisposeAsync();
            throw;
        }
        return new AzureStandIns(azurite, cosmos);
    }

    /// <summary>The app settings that put IessBot on these stand-ins, in a database and evidence container of its own.</summary>
    public Dictionary<string, string?> AppSettings(string database, string evidenceContainer, string encryptionKey, bool createResources = true) => new()
    {
        ["Storage:Provider"] = "Azure",
        ["Storage:EncryptionKey"] = encryptionKey,
        ["Storage:Azure:CosmosConnectionString"] = CosmosConnectionString,
        ["Storage:Azure:CosmosEmulator"] = "true",
        ["Storage:Azure:Database"] = database,
        ["Storage:Azure:BlobConnectionString"] = BlobConnectionString,
        ["Storage:Azure:EvidenceContainer"] = evidenceContainer,
        ["Storage:Azure:CreateResources"] = createResources ? "true" : "false",
    };

    /// <summary>The requests the Cosmos DB stand-in has served so far, per container and operation (counted by the shim).</summary>
    public async Task<CosmosRequestCounts> CosmosRequestsAsync()
    {
        using var http = new HttpClient();
        var json = await http.GetStringAsync(new Uri($"http://127.0.0.1:{CosmosPort}/_shim/requests"));
        return JsonSerializer.Deserialize<CosmosRequestCounts>(json, JsonSerializerOptions.Web)
            ?? throw new InvalidDataException("The Cosmos DB stand-in answered no counts.");
    }

    public async ValueTask DisposeAsync()
    {
        await _cosmos.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    /// <summary>The stand-ins folder, found from the running assembly up to the repository; fails loudly when not installed.</summary>
    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var folder = Path.Combine(directory.FullName, "IessBot.Tests", "Storage", "Azure", "stand-ins");
            if (File.Exists(Path.Combine(folder, "package.json")))
            {
                foreach (var package in new[] { "azurite", "@vercel/cosmosdb-server" })
                {
                    if (!File.Exists(Path.Combine(folder, "node_modules", package, "package.json")))
                    {
                        throw new InvalidOperationException(
                            $"The npm package {package} is not installed in {folder}. Run `npm ci` there (bash .ci/run does it).");
                    }
                }
                return folder;
            }
        }
        throw new InvalidOperationException($"IessBot.Tests/Storage/Azure/stand-ins was not found above {AppContext.BaseDirectory}.");
    }

    private sealed partial class StandInProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _output = [];
        private readonly string _name;

        private StandInProcess(string name, Process process)
        {
            _name = name;
            _process = process;
        }

        public int Port { get; private set; }

        public static StandInProcess Start(string name, string folder, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
            }
            catch (Win32Exception error)
            {
                throw new InvalidOperationException($"Node.js is needed for the {name} (node was not found on PATH). Install Node.js 20 or later.", error);
            }
            var standIn = new StandInProcess(name, process);
            process.OutputDataReceived += (_, e) => standIn.Observe(e.Data);
            process.ErrorDataReceived += (_, e) => standIn.Observe(e.Data);
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => standIn._listening.TrySetException(
                new InvalidOperationException($"The {name} exited before it listened. Its output:\n{standIn.Output()}"));
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return standIn;
        }

        public async Task WaitUntilListeningAsync(TimeSpan timeout)
        {
            try
            {
                Port = await _listening.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The {_name} did not listen within {timeout.TotalSeconds:0} s. Its output:\n{Output()}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                }
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (InvalidOperationException)
            {
                // never started, or already gone
            }
            _process.Dispose();
        }

        private void Observe(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                if (_output.Count < 200)
                {
                    _output.Add(line);
                }
            }
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                _listening.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        private string Output()
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }

        // Azurite: "successfully listens on http://127.0.0.1:PORT"; the shim: "Ready to accept HTTP connections at 127.0.0.1:PORT".
        [GeneratedRegex(@"(?:listens on http://|connections at )127\.0\.0\.1:(?<port>\d+)")]
        private static partial Regex ListeningLine();
    }
}

/// <summary>Requests served by the Cosmos DB stand-in: <c>Containers["database/container"]["read"]</c>, and account or container metadata.</summary>
public sealed record CosmosRequestCounts(int Metadata, Dictionary<string, Dictionary<string, int>> Containers)
{
    public int Count(string database, string container, string operation) =>
        Containers.TryGetValue($"{database}/{container}", out var operations) ? operations.GetValueOrDefault(operation) : 0;

    /// <summary>Every request to documents of one container, whatever the operation.</summary>
    public int Total(string database, string container) =>
        Containers.TryGetValue($"{database}/{container}", out var operations) ? operations.Values.Sum() : 0;
}
