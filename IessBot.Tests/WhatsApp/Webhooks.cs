using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IessBot.Tests.WhatsApp;

/// <summary>
/// Webhook bodies in the shapes of reference/whatsapp.md §2, written as Meta writes them: ASCII only, non-ASCII as
/// lower-case <c>\uXXXX</c> escapes (emoji as surrogate pairs), <c>/</c> as <c>\/</c> and <c>@</c> as <c>\u0040</c> (§3).
/// </summary>
internal static class Webhooks
{
    public const string AppSecret = "test-app-secret-9f8e7d";
    public const string WabaId = "102290129340398";

    private static int _counter;

    public static string NewMessageId() => $"wamid.HBgLMTU1NTA3ODM4ODEVAgASGBQz{Interlocked.Increment(ref _counter):D8}QUE=";

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The contact and message for a citizen; <paramref name="waId"/> null: a username user known only by BSUID (§2.9).</summary>
    public static JsonObject Message(string? waId, string? userId, string type, JsonObject content, long? timestamp = null, string? id = null, JsonObject? context = null)
    {
        var message = new JsonObject();
        if (waId is not null)
        {
            message["from"] = waId;
        }
        if (userId is not null)
        {
            message["from_user_id"] = userId;
        }
        message["id"] = id ?? NewMessageId();
        message["timestamp"] = (timestamp ?? Now).ToString(CultureInfo.InvariantCulture);
        if (context is not null)
        {
            message["context"] = context;
        }
        // The type after its object, as Meta sometimes orders it (§2.1).
        message[type] = content;
        message["type"] = type;
        return message;
    }

    public static JsonObject Text(string? waId, string text, long? timestamp = null, string? id = null, string? userId = null) =>
        Message(waId, userId, "text", new JsonObject { ["body"] = text }, timestamp, id);

    public static JsonObject Reply(string waId, string kind, string replyId, string title, string? userId = null)
    {
        var reply = new JsonObject { ["id"] = replyId, ["title"] = title };
        var content = new JsonObject { ["type"] = kind + "_reply", [kind + "_reply"] = reply };
        return Message(waId, userId, "interactive", content, context: new JsonObject { ["from"] = FakeGraphApi.DisplayNumber, ["id"] = "wamid.OUT000001==" });
    }

    public static JsonObject Media(string waId, string type, string mediaId, string mime, string? sha256, string? filename = null, string? caption = null)
    {
        var media = new JsonObject { ["mime_type"] = mime, ["id"] = mediaId };
        if (sha256 is not null)
        {
            media["sha256"] = sha256;
        }
        if (filename is not null)
        {
            media["filename"] = filename;
        }
        if (caption is not null)
        {
            media["caption"] = caption;
        }
        return Message(waId, null, type, media);
    }

    public static JsonObject Contact(string? waId, string? userId, string name = "Mar\u00eda \ud83c\udf3b")
    {
        var contact = new JsonObject { ["profile"] = new JsonObject { ["name"] = name } };
        if (waId is not null)
        {
            contact["wa_id"] = waId;
        }
        if (userId is not null)
        {
            contact["user_id"] = userId;
        }
        // A field this bot does not know (§2.1: new ones keep being added).
        contact["identity_key_hash"] = "DF2lS5v2W6x=";
        return contact;
    }

    /// <summary>A change with contacts and messages (and statuses) for the configured phone number id.</summary>
    public static JsonObject Change(IEnumerable<JsonObject> contacts, IEnumerable<JsonObject> messages, IEnumerable<JsonObject>? statuses = null)
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = new JsonObject { ["display_phone_number"] = FakeGraphApi.DisplayNumber, ["phone_number_id"] = FakeGraphApi.PhoneNumberId },
        };
        var contactArray = new JsonArray([.. contacts]);
        if (contactArray.Count > 0)
        {
            value["contacts"] = contactArray;
        }
        var messageArray = new JsonArray([.. messages]);
        if (messageArray.Count > 0)
        {
            value["messages"] = messageArray;
        }
        if (statuses is not null)
        {
            value["statuses"] = new JsonArray([.. statuses]);
        }
        return new JsonObject { ["value"] = value, ["field"] = "messages" };
    }

    public static JsonObject Status(string messageId, string status, string recipient, long? code = null)
    {
        var update = new JsonObject
        {
            ["id"] = messageId,
            ["status"] = status,
            ["timestamp"] = Now.ToString(CultureInfo.InvariantCulture),
            ["recipient_id"] = recipient,
        };
        if (code is not null)
        {
            update["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["title"] = "Re-engagement message" });
        }
        return update;
    }

    public static string Envelope(params IEnumerable<JsonObject> changes) => Envelope([new JsonArray([.. changes])]);

    /// <summary>Several entries, each with its changes (batching, §2.1).</summary>
    public static string Envelope(IReadOnlyList<JsonArray> entries) => MetaEscape(new JsonObject
    {
        ["object"] = "whatsapp_business_account",
        ["entry"] = new JsonArray([.. entries.Select(changes => (JsonNode)new JsonObject { ["id"] = WabaId, ["changes"] = changes })]),
    }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    /// <summary>Meta's escaping of a JSON text: every non-ASCII UTF-16 unit as lower-case <c>\uXXXX</c>, plus <c>\/</c> and <c>\u0040</c>.</summary>
    public static string MetaEscape(string json)
    {
        var builder = new StringBuilder(json.Length + 64);
        foreach (var c in json)
        {
            if (c > 0x7F || c == '@')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (c == '/')
            {
                builder.Append("\\/");
            }
            else
            {
                builder.Append(c);
            }
        }
        // System.Text.Json writes characters outside the BMP as upper-case escapes; Meta's are lower-case.
        return System.Text.RegularExpressions.Regex.Replace(builder.ToString(), @"\\u[0-9A-F]{4}", m => m.Value.ToLowerInvariant());
    }

    public static string Sign(string body, string secret = AppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient http, string body, string? signature = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/whatsapp")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature.Length == 0 ? Sign(body) : signature);
        }
        return await http.SendAsync(request);
    }
}
