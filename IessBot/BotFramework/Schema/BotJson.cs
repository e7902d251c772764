using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyAttachmentsAndEntities } },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Empty <c>attachments</c>/<c>entities</c> are omitted, not sent as <c>[]</c> (spec A2100, A3050).</summary>
    private static void OmitEmptyAttachmentsAndEntities(JsonTypeInfo info)
    {
        if (info.Type != typeof(Activity))
        {
            return;
        }
        foreach (var property in info.Properties)
        {
            if (property.Name is "attachments" or "entities")
            {
                property.ShouldSerialize = static (_, value) => value is IReadOnlyCollection<object> { Count: > 0 };
            }
        }
    }
}
