namespace IessBot.BotFramework.Connector;

/// <summary>
/// A Connector call that did not succeed: the HTTP status and the ErrorResponse <c>code</c> (the only
/// stable parts, reference §2.4). The message never contains activity content.
/// </summary>
public sealed class ConnectorException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
}
