using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IessBot.Dialogs;

/// <summary>
/// The JSON conventions of dialog state: camelCase, nulls omitted, enums as strings (so a reordered
/// enum never changes the meaning of stored state), Spanish text kept readable.
/// </summary>
public static class DialogJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Serializes a value into dialog state; a value that is not plain JSON fails here, not after a restart.</summary>
    public static JsonNode? ToNode<T>(T value) => JsonSerializer.SerializeToNode(value, Options);

    public static T? FromNode<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
