using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IessBot.BotFramework.Auth;

/// <summary>
/// An OpenID configuration with its signing keys, plus each key's Bot Framework <c>endorsements</c>
/// (the channel ids the key may sign for, reference §5.1 step 4). AAD key sets carry none.
/// </summary>
internal sealed record SigningKeys(OpenIdConnectConfiguration Configuration, IReadOnlyDictionary<string, IReadOnlyList<string>> Endorsements);

/// <summary>
/// Reads the metadata document and the raw JWKS behind it: the endorsements are not part of the JWK
/// model, so they are taken from the JSON itself.
/// </summary>
internal sealed class SigningKeysRetriever : IConfigurationRetriever<SigningKeys>
{
    public async Task<SigningKeys> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadata = await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false);
        var configuration = OpenIdConnectConfiguration.Create(metadata);
        if (string.IsNullOrEmpty(configuration.JwksUri))
        {
            throw new InvalidOperationException("The OpenID metadata has no jwks_uri.");
        }

        var jwks = await retriever.GetDocumentAsync(configuration.JwksUri, cancel).ConfigureAwait(false);
        configuration.JsonWebKeySet = new JsonWebKeySet(jwks);
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }
        return new SigningKeys(configuration, ReadEndorsements(jwks));
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadEndorsements(string jwks)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwks);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }
        foreach (var key in keys.EnumerateArray())
        {
            if (key.TryGetProperty("kid", out var kid) && kid.ValueKind == JsonValueKind.String
                && key.TryGetProperty("endorsements", out var endorsements) && endorsements.ValueKind == JsonValueKind.Array)
            {
                result[kid.GetString()!] = [.. endorsements.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String)
                    .Select(e => e.GetString()!)];
            }
        }
        return result;
    }
}
