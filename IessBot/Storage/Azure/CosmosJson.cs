using System.Text.Json;
using System.Text.Json.Serialization;

namespace IessBot.Storage.Azure;

/// <summary>The documents' JSON: camelCase, as the indexing policies and queries name the fields.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateItem))]
[JsonSerializable(typeof(CaseItem))]
[JsonSerializable(typeof(CaseRow))]
internal sealed partial class CosmosJson : JsonSerializerContext
{
    /// <summary>For the SDK's own (de)serialization of query results.</summary>
    public static JsonSerializerOptions SdkOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
