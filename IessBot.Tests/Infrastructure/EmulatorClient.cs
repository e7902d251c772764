using IessBot.BotFramework.Schema;

namespace IessBot.Tests.Infrastructure;

/// <summary>
/// Talks to a running bot as the Emulator does, one turn at a time: posts an activity to <c>/api/messages</c>
/// and returns the replies of that turn as the <see cref="EmulatorConnector"/> received them. The bot answers
/// its HTTP request only after the turn's replies were delivered, so no waiting is needed.
/// </summary>
/// <param name="tokenFor">A bearer token for each activity when the bot has auth on (e.g. a channel token for its serviceUrl).</param>
public sealed class EmulatorClient(TestBotHost host, EmulatorConnector connector, EmulatorConversation? conversation = null, Func<Activity, string?>? tokenFor = null)
    : IDisposable
{
    private readonly HttpClient _http = host.CreateClient();

    public EmulatorConversation Conversation { get; } = conversation ?? connector.StartConversation();

    /// <summary>Opens the conversation (the Emulator's conversationUpdate) and returns the welcome replies.</summary>
    public Task<IReadOnlyList<Activity>> StartAsync(CancellationToken cancellationToken = default) =>
        SendAsync(Conversation.ConversationUpdate(), cancellationToken);

    /// <summary>Sends a user message and returns the bot's replies to it.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(string text, CancellationToken cancellationToken = default) =>
        SendAsync(Conversation.Message(text), cancellationToken);

    /// <summary>Posts any activity (stamped for this conversation); a non-2xx answer throws with status and body.</summary>
    public async Task<IReadOnlyList<Activity>> SendAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        activity = Conversation.Stamp(activity);
        var before = connector.Requests.Count;
        using var response = await _http.PostActivityAsync(activity, tokenFor?.Invoke(activity), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"/api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
        return [.. connector.Requests.Skip(before)
            .Where(r => r.ConversationId == Conversation.ConversationId && (r.Activity.ReplyToId is null || r.Activity.ReplyToId == activity.Id))
            .Select(r => r.Activity)];
    }

    public void Dispose() => _http.Dispose();
}
