namespace IessBot.DirectLine;

/// <summary>Who is calling: the holder of the secret (any conversation), or of a token for one conversation.</summary>
public sealed record DirectLineCaller(bool IsSecret, ConversationToken? Token)
{
    public string? UserId => Token?.UserId;

    /// <summary>Whether this caller may act on <paramref name="conversationId"/>.</summary>
    public bool Covers(string conversationId) => IsSecret || string.Equals(Token?.ConversationId, conversationId, StringComparison.Ordinal);
}

/// <summary>Reads <c>Authorization: Bearer &lt;secret or token&gt;</c> (reference §4.2).</summary>
public sealed class DirectLineAuth(DirectLineSecret secret, ConversationTokens tokens)
{
    /// <summary>The caller of a REST operation, or the error to answer (401 none, 403 invalid or expired).</summary>
    public (DirectLineCaller? Caller, IResult? Failure) Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            return (null, DirectLineErrors.Unauthorized());
        }
        return Check(header[Scheme.Length..].Trim(), allowStreamToken: false);
    }

    /// <summary>The caller of a WebSocket or file URL, which carries its token in the query (<c>t</c>) or the header.</summary>
    public (DirectLineCaller? Caller, IResult? Failure) AuthenticateUrl(HttpRequest request) =>
        request.Query["t"].ToString() is { Length: > 0 } token ? Check(token, allowStreamToken: true) : Authenticate(request);

    /// <summary>The answer for a caller that may not act on <paramref name="conversationId"/>, or null.</summary>
    public static IResult? Refuse(DirectLineCaller caller, string conversationId) =>
        caller.Covers(conversationId) ? null : DirectLineErrors.ForeignToken();

    private (DirectLineCaller?, IResult?) Check(string credential, bool allowStreamToken)
    {
        if (secret.Matches(credential))
        {
            return (new DirectLineCaller(IsSecret: true, Token: null), null);
        }
        var (status, token) = tokens.Validate(credential);
        return status switch
        {
            TokenStatus.Valid when token!.StreamOnly && !allowStreamToken => (null, DirectLineErrors.InvalidToken()),
            TokenStatus.Valid => (new DirectLineCaller(IsSecret: false, token), null),
            TokenStatus.Expired => (null, DirectLineErrors.TokenExpired()),
            _ => (null, DirectLineErrors.InvalidToken()),
        };
    }
}
