using System.Collections.Concurrent;

namespace IessBot.BotFramework.Connector;

/// <summary>
/// The serviceUrls that arrived on authenticated inbound activities. Outbound tokens go only to these
/// (reference §5.3, "Only ever send the token to serviceUrls learned from authenticated inbound activities").
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> _urls = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl) => _urls.TryAdd(Normalize(serviceUrl), 0);

    public bool IsTrusted(string serviceUrl) => _urls.ContainsKey(Normalize(serviceUrl));

    /// <summary>True when <paramref name="url"/> lies under a trusted serviceUrl (its scheme, host, port and path prefix).</summary>
    public bool Covers(Uri url)
    {
        var text = url.GetLeftPart(UriPartial.Path);
        foreach (var trusted in _urls.Keys)
        {
            if (text.StartsWith(trusted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One trailing slash, as the Connector client addresses it (reference §2.1).</summary>
    public static string Normalize(string serviceUrl) => serviceUrl.TrimEnd('/') + "/";
}
