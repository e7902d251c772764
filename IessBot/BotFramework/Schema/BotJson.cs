using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IessBot.BotFramework.Schema;

/// <summary>
/// The one set of JSON options for the Bot Framework wire: camelCase members, nulls omitted
/// (spec A2004), unknown members preserved by each record's extension data.
/// </summary>
public static class BotJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Spanish text stays readable on the wire; the encoder still escapes HTML-sensitive characters.
            Encoder = JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
