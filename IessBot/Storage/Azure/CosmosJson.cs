using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IessBot.Storage.Azure;

/// <summary>The documents' JSON: camelCase, as the indexing policies and queries name the fields.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateItem))]
[JsonSerializable(typeof(CaseItem))]
[JsonSerializable(typeof(CaseRow))]
[JsonSerializable(typeof(ProgressRow))]
[JsonSerializable(typeof(AuditItem))]
[JsonSerializable(typeof(StaffAccountItem))]
[JsonSerializable(typeof(DataProtectionKeyItem))]
[JsonSerializable(typeof(StandaloneOutbox))]
[JsonSerializable(typeof(OutboxRow))]
[JsonSerializable(typeof(WhatsAppInboxItem))]
[JsonSerializable(typeof(WhatsAppMarker))]
[JsonSerializable(typeof(WhatsAppOutboundItem))]
[JsonSerializable(typeof(WhatsAppContactItem))]
internal sealed partial class CosmosJson : JsonSerializerContext
{
    /// <summary>For the SDK's own (de)serialization of query results and patch values.</summary>
    public static JsonSerializerOptions SdkOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A document as a request body for the stream API.</summary>
    public static MemoryStream Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var body = new MemoryStream();
        JsonSerializer.Serialize(body, value, typeInfo);
        body.Position = 0;
        return body;
    }
}
