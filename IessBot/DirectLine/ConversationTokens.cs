using System.Buffers;
using System.Collections.Concurrent;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace IessBot.DirectLine;

/// <summary>What a valid conversation token grants: one conversation, as one user (when known), until it expires.</summary>
public sealed record ConversationToken(string ConversationId, string? UserId, DateTimeOffset ExpiresAt, bool StreamOnly);

public enum TokenStatus
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Short-lived conversation tokens (reference §4.2): compact JWTs signed with HMAC-SHA256 under a key derived from the
/// Direct Line secret, with claims <c>conv</c>, <c>user</c> (when known), <c>iat</c>, <c>exp</c> and, for the token in a
/// <c>streamUrl</c>, <c>scope: "stream"</c>; a random <c>jti</c> makes each token distinct. They are JWTs because Web Chat and DirectLineJS decode the token and take
/// its <c>user</c> claim as their user id, so the buttons addressed to that id show (reference §1.4, §4.9).
/// </summary>
public sealed class ConversationTokens(DirectLineSecret secret, TimeProvider time, IOptions<DirectLineOptions> options)
{
    private const string Issuer = "iessbot-directline";
    private const string StreamScope = "stream";
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    /// <summary>Tokens whose signature was checked: a client sends the same token with every request of a turn.</summary>
    private const int MaxVerified = 20_000;
    private readonly ConcurrentDictionary<string, ConversationToken> _verified = new(StringComparer.Ordinal);

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public string Issue(string conversationId, string? userId) => Create(conversationId, userId, options.Value.TokenLifetime, stream: false);

    /// <summary>The pre-authorised token of a <c>streamUrl</c>: opens only the WebSocket, only for a minute (reference §4.6).</summary>
    public string IssueForStream(string conversationId, string? userId) => Create(conversationId, userId, options.Value.StreamUrlLifetime, stream: true);

    public (TokenStatus Status, ConversationToken? Token) Validate(string token)
    {
        if (!_verified.TryGetValue(token, out var claims))
        {
            claims = Verify(token);
            if (claims is null)
            {
                return (TokenStatus.Invalid, null);
            }
            if (_verified.Count >= MaxVerified)
            {
                // Rarely reached (tokens live minutes); starting over is simpler than evicting one by one.
                _verified.Clear();
            }
            _verified.TryAdd(token, claims);
        }
        return time.GetUtcNow() >= claims.ExpiresAt ? (TokenStatus.Expired, claims) : (TokenStatus.Valid, claims);
    }

    /// <summary>The claims of a token signed here, or null.</summary>
    private ConversationToken? Verify(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0] != Header || Decode(parts[2]) is not { Length: 32 } signature)
        {
            return null;
        }
        var expected = HMACSHA256.HashData(secret.SigningKey, Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1])));
        return CryptographicOperations.FixedTimeEquals(expected, signature) && Decode(parts[1]) is { } payload ? ReadClaims(payload) : null;
    }

    private string Create(string conversationId, string? userId, TimeSpan lifetime, bool stream)
    {
        var now = time.GetUtcNow();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("iss", Issuer);
            writer.WriteString("conv", conversationId);
            if (userId is not null)
            {
                writer.WriteString("user", userId);
            }
            if (stream)
            {
                writer.WriteString("scope", StreamScope);
            }
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteNumber("exp", now.Add(lifetime).ToUnixTimeSeconds());
            // Every token is distinct, even two issued in the same second for the same conversation (a refresh).
            writer.WriteString("jti", Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)));
            writer.WriteEndObject();
        }
        var signed = string.Concat(Header, ".", Base64Url.EncodeToString(buffer.WrittenSpan));
        var signature = HMACSHA256.HashData(secret.SigningKey, Encoding.ASCII.GetBytes(signed));
        return string.Concat(signed, ".", Base64Url.EncodeToString(signature));
    }

    private static ConversationToken? ReadClaims(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || iss.GetString() != Issuer
                || !root.TryGetProperty("conv", out var conv) || conv.GetString() is not { Length: > 0 } conversationId
                || !root.TryGetProperty("exp", out var exp) || !exp.TryGetInt64(out var expires))
            {
                return null;
            }
            var user = root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var streamOnly = root.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.String && scope.GetString() == StreamScope;
            return new ConversationToken(conversationId, user, DateTimeOffset.FromUnixTimeSeconds(expires), streamOnly);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static byte[]? Decode(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
