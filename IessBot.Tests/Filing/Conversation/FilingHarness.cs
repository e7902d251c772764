using System.Text.RegularExpressions;
using IessBot.BotFramework.Schema;
using IessBot.Cases;
using IessBot.Dialogs.Testing;
using IessBot.Evidence;
using IessBot.Filing;
using IessBot.Filing.Dialogs;
using IessBot.Storage.Embedded;
using IessBot.Tests.Infrastructure;
using IessBot.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IessBot.Tests.Filing.Conversation;

/// <summary>
/// The IESS conversation wired as in the app (AddCases, AddEvidence, AddFiling) over real SQLite and
/// evidence stores in a temporary folder, driven through <see cref="DialogTestClient"/>, which round-trips the
/// state through JSON between every turn.
/// </summary>
internal sealed partial class FilingHarness : IDisposable
{
    public const string Cedula = "1714307103";
    public const string Phone = "0991234567";
    public const string Email = "maria.perez@example.ec";
    public const string Description = "Esperé seis horas en emergencias del hospital sin que nadie me atendiera ni me informara.";

    public static readonly DateTimeOffset Now = new(2026, 3, 3, 15, 30, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    /// <param name="configure">Changes to the services after the app's registrations (a later registration wins).</param>
    public FilingHarness(Action<IServiceCollection>? configure = null)
    {
        Storage = new EmbeddedStorage();
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<ICaseStore>(Storage.Cases)
            .AddSingleton<ICaseWorkflowStore>(sp => new SqliteCaseWorkflowStore(Storage.Database, Storage.Protector, sp.GetRequiredService<CaseWorkflow>()))
            .AddSingleton<IEvidenceStore>(Storage.Evidence)
            .AddSingleton<IAttachmentContentSource>(Attachments);
        services.AddCases().AddEvidence(configuration).AddFiling(configuration);
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        MainDialog = _services.GetRequiredService<MainDialog>();
        Client = NewClient();
    }

    public EmbeddedStorage Storage { get; }

    public FakeTimeProvider Time { get; } = new(Now);

    public InMemoryAttachmentSource Attachments { get; } = new();

    public LogCapture Logs { get; } = new();

    public MainDialog MainDialog { get; }

    public DialogTestClient Client { get; private set; }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A client on the same dialogs and stores, optionally resuming saved conversation state.</summary>
    public DialogTestClient NewClient(string channelId = Channels.Test, string? stateJson = null, string userId = "user1") =>
        new(channelId, MainDialog, MainDialog.Welcome, stateJson, Time) { User = new ChannelAccount { Id = userId, Name = "User1", Role = RoleTypes.User } };

    /// <summary>Replaces <see cref="Client"/> (for example with a WhatsApp one).</summary>
    public void UseClient(DialogTestClient client) => Client = client;

    /// <summary>Sends one message and returns every reply of the turn.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(string text) => SendAsync(new Activity { Type = ActivityTypes.Message, Text = text });

    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity)
    {
        var replies = new List<Activity>();
        for (var reply = await Client.SendActivityAsync(activity); reply is not null; reply = Client.GetNextReply())
        {
            replies.Add(reply);
        }
        return replies;
    }

    /// <summary>A message carrying files (no text), as Web Chat sends an upload.</summary>
    public Task<IReadOnlyList<Activity>> SendFilesAsync(params (string Name, string ContentType, byte[] Bytes)[] files) =>
        SendAsync(new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [.. files.Select(file => new Attachment { Name = file.Name, ContentType = file.ContentType, ContentUrl = Attachments.Add(file.Bytes) })],
        });

    /// <summary>The texts of the replies, joined: for "the conversation said X somewhere in this turn".</summary>
    public static string Text(IReadOnlyList<Activity> replies) => string.Join("\n---\n", replies.Select(reply => reply.Text));

    /// <summary>The button labels of the last reply of a turn.</summary>
    public static IReadOnlyList<string> Buttons(IReadOnlyList<Activity> replies) =>
        replies[^1].SuggestedActions?.Actions?.Select(action => action.Title ?? "").ToArray() ?? [];

    public static string? CaseNumberIn(string text) => CaseNumberPattern().Match(text) is { Success: true } match ? match.Value : null;

    /// <summary>A well-formed PNG of about <paramref name="length"/> bytes (the intake checks the chunk structure).</summary>
    public static byte[] Png(int length) => Evidence.TestImages.PlainPng(length);

    public static byte[] Pdf(int length)
    {
        var bytes = new byte[length];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    public void Dispose()
    {
        _services.Dispose();
        Storage.Dispose();
    }

    [GeneratedRegex(@"\b[QD]-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}\b")]
    private static partial Regex CaseNumberPattern();
}
