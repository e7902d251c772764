using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;
using IessBot.Evidence;
using IessBot.Turns;

namespace IessBot.Tests.DirectLine;

/// <summary>
/// The bot the DirectLineJS conformance scripts talk to (reference §7): it greets a user who joins ("bienvenida"),
/// remembers in conversation state what it has received, and answers commands: <c>historial</c> (what it received),
/// <c>fallar</c> (throws), <c>escribiendo</c> (typing, then a message), <c>ráfaga N</c> (N messages in one turn),
/// <c>idioma</c> (the locale it received); a message with attachments is answered with what it read from each.
/// </summary>
public sealed class ConformanceBot(AttachmentContent attachments) : IBot
{
    public const string Welcome = "bienvenida";

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var activity = turn.Activity;
        var seen = turn.State["seen"] as JsonArray ?? [];
        turn.State["seen"] = seen;
        if (activity.Type == ActivityTypes.ConversationUpdate)
        {
            seen.Add($"conversationUpdate[{string.Join(',', (activity.MembersAdded ?? []).Select(m => m.Id))}]");
            if (activity.MembersAdded?.Any(m => m.Id != activity.Recipient?.Id) == true)
            {
                turn.SendText(Welcome);
            }
            return;
        }
        if (activity.Type != ActivityTypes.Message)
        {
            return;
        }
        seen.Add("message");
        if (activity.Attachments is { Count: > 0 } files)
        {
            turn.SendText(JsonSerializer.Serialize(await ReadAllAsync(files, cancellationToken)));
            return;
        }
        Answer(turn, activity.Text ?? "", seen);
    }

    private static void Answer(ITurnContext turn, string text, JsonArray seen)
    {
        if (text == "historial")
        {
            turn.SendText(string.Join(' ', seen.Select(s => s!.GetValue<string>())));
        }
        else if (text == "fallar")
        {
            throw new InvalidOperationException("The conformance bot fails on request.");
        }
        else if (text == "escribiendo")
        {
            turn.Send(new Activity { Type = ActivityTypes.Typing });
            turn.SendText("listo");
        }
        else if (text.StartsWith("ráfaga ", StringComparison.Ordinal) && int.TryParse(text["ráfaga ".Length..], CultureInfo.InvariantCulture, out var count))
        {
            for (var i = 1; i <= count; i++)
            {
                turn.SendText(string.Create(CultureInfo.InvariantCulture, $"{i}/{count}"));
            }
        }
        else if (text == "idioma")
        {
            turn.SendText($"locale={turn.Activity.Locale}");
        }
        else
        {
            turn.SendText($"eco: {text}");
        }
    }

    private async Task<List<object>> ReadAllAsync(IReadOnlyList<Attachment> files, CancellationToken cancellationToken)
    {
        var read = new List<object>();
        foreach (var file in files)
        {
            await using var content = await attachments.OpenAsync(file.ContentUrl!, cancellationToken);
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            read.Add(new
            {
                contentUrl = file.ContentUrl,
                contentType = file.ContentType,
                name = file.Name,
                length = copy.Length,
                sha256 = Convert.ToHexStringLower(SHA256.HashData(copy.ToArray())),
                thumbnailUrl = file.ThumbnailUrl,
            });
        }
        return read;
    }
}
