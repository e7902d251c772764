using System.Collections.Concurrent;
using System.Text.Json;
using IessBot.BotFramework.Schema;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace IessBot.Tests.Infrastructure;

/// <summary>One Connector call the bot made, as the Emulator would have received it.</summary>
/// <param name="RawTarget">The request target exactly as sent (ids still percent-encoded).</param>
/// <param name="ConversationId">The decoded conversation id from the path.</param>
/// <param name="ActivityId">The decoded activity id from the path (ReplyToActivity), or null (SendToConversation).</param>
/// <param name="Activity">The body the bot sent.</param>
/// <param name="AssignedId">The id this connector answered with.</param>
public sealed record ConnectorRequest(
    string Method,
    string RawTarget,
    string ConversationId,
    string? ActivityId,
    Activity Activity,
    string? Authorization,
    string? ContentType,
    string AssignedId);

/// <summary>
/// A stand-in for the Bot Framework Emulator's Connector (reference §3.4): a real Kestrel server on
/// 127.0.0.1 that records every send/reply the bot makes, answers <c>200 { "id": … }</c> like the Emulator
/// (400 ServiceError when <c>from</c> is missing), serves attachments at <c>/v3/attachments/{id}/views/original</c>,
/// and can be told to refuse the next calls with a status.
/// </summary>
public sealed class EmulatorConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ConnectorRequest> _requests = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentQueue<int> _scriptedStatuses = new();
    private readonly ConcurrentDictionary<string, (byte[] Content, string ContentType)> _attachments = new();
    private readonly ConcurrentQueue<string?> _attachmentAuthorizations = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EmulatorConnector(WebApplication app) => _app = app;

    /// <summary>The base URL, without a trailing slash, as the Emulator puts it in <c>serviceUrl</c> (reference §3.2).</summary>
    public string ServiceUrl { get; private set; } = "";

    /// <summary>Every send/reply received so far, in arrival order.</summary>
    public IReadOnlyList<ConnectorRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>The Authorization header of each attachment download, in order.</summary>
    public IReadOnlyCollection<string?> AttachmentAuthorizations => _attachmentAuthorizations;

    public static async Task<EmulatorConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new EmulatorConnector(app);
        connector.MapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        connector.ServiceUrl = address.TrimEnd('/');
        return connector;
    }

    /// <summary>A fresh Emulator conversation (<c>&lt;guid&gt;|livechat</c>, new user and bot ids) addressed to this connector.</summary>
    public EmulatorConversation StartConversation() => new(ServiceUrl);

    /// <summary>Waits until at least <paramref name="count"/> calls have arrived; fails after the timeout (default 10 s).</summary>
    public async Task<IReadOnlyList<ConnectorRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return [.. _requests];
                }
                changed = _changed.Task;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"Expected {count} Connector calls, got {Requests.Count}.");
            }
            await Task.WhenAny(changed, Task.Delay(remaining));
        }
    }

    /// <summary>The next <paramref name="times"/> sends/replies are answered with <paramref name="statusCode"/> (and are not recorded).</summary>
    public void RespondNextWith(int statusCode, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _scriptedStatuses.Enqueue(statusCode);
        }
    }

    /// <summary>Makes bytes downloadable as the Emulator does for uploads; returns their <c>contentUrl</c>.</summary>
    public string AddAttachment(byte[] content, string contentType)
    {
        var id = Guid.NewGuid().ToString("N");
        _attachments[id] = (content, contentType);
        return $"{ServiceUrl}/v3/attachments/{id}/views/original";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void MapRoutes(IEndpointRouteBuilder routes)
    {
        var conversations = routes.MapGroup("/v3/conversations/{conversationId}/activities");
        conversations.MapPost("", (HttpContext http, string conversationId) => ReceiveAsync(http, conversationId, null));
        conversations.MapPost("/{activityId}", (HttpContext http, string conversationId, string activityId) => ReceiveAsync(http, conversationId, activityId));
        routes.MapGet("/v3/attachments/{attachmentId}/views/original", (HttpContext http, string attachmentId) =>
        {
            _attachmentAuthorizations.Enqueue(http.Request.Headers.Authorization.FirstOrDefault());
            return _attachments.TryGetValue(attachmentId, out var file) ? Results.Bytes(file.Content, file.ContentType) : Results.NotFound();
        });
    }

    private async Task<IResult> ReceiveAsync(HttpContext http, string conversationId, string? activityId)
    {
        if (_scriptedStatuses.TryDequeue(out var status))
        {
            return Error(status, "ScriptedFailure");
        }
        var activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, BotJson.Options, http.RequestAborted);
        if (activity?.From is null)
        {
            // The real Emulator throws on a reply without from (reference §3.4).
            return Error(StatusCodes.Status400BadRequest, "ServiceError");
        }

        var request = new ConnectorRequest(
            http.Request.Method,
            http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            conversationId,
            activityId,
            activity,
            http.Request.Headers.Authorization.FirstOrDefault(),
            http.Request.ContentType,
            Guid.NewGuid().ToString());
        lock (_gate)
        {
            _requests.Add(request);
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
        return Results.Json(new ResourceResponse(request.AssignedId), BotJson.Options);
    }

    private static IResult Error(int status, string code) =>
        Results.Json(new ErrorResponse(new Error(code, "Refused by the test connector.")), BotJson.Options, statusCode: status);
}
