using System.Text.Json;
using System.Text.Json.Nodes;
using IessBot.BotFramework.Schema;

namespace IessBot.Tests.BotFramework;

public sealed class ActivitySchemaTests
{
    [Theory]
    [InlineData(nameof(ActivityFixtures.EmulatorConversationUpdate), ActivityFixtures.EmulatorConversationUpdate)]
    [InlineData(nameof(ActivityFixtures.DirectLineMessage), ActivityFixtures.DirectLineMessage)]
    [InlineData(nameof(ActivityFixtures.DirectLineReply), ActivityFixtures.DirectLineReply)]
    [InlineData(nameof(ActivityFixtures.NestedUnknownFields), ActivityFixtures.NestedUnknownFields)]
    public void Parse_then_serialize_gives_back_the_same_json(string fixture, string json)
    {
        var roundTripped = RoundTrip(json);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), roundTripped), $"{fixture} changed:\n{roundTripped}");
    }

    [Fact]
    public void Emulator_message_round_trips_except_its_empty_attachments()
    {
        var expected = JsonNode.Parse(ActivityFixtures.EmulatorMessage)!.AsObject();
        expected.Remove("attachments"); // spec A2100: an empty list is omitted on output

        var roundTripped = RoundTrip(ActivityFixtures.EmulatorMessage);

        Assert.True(JsonNode.DeepEquals(expected, roundTripped), roundTripped.ToJsonString());
    }

    [Fact]
    public void Unknown_members_are_kept_and_only_nulls_are_dropped()
    {
        var expected = JsonNode.Parse(ActivityFixtures.UnknownTopLevelFields)!.AsObject();

        var roundTripped = RoundTrip(ActivityFixtures.UnknownTopLevelFields);

        // A top-level unknown null is not a typed member, so it survives too; nothing else may change.
        Assert.True(JsonNode.DeepEquals(expected, roundTripped), roundTripped.ToJsonString());
        Assert.Equal("futureType", Parse(ActivityFixtures.UnknownTopLevelFields).Type);
    }

    [Fact]
    public void Direct_Line_timestamp_keeps_all_seven_fractional_digits()
    {
        var activity = Parse(ActivityFixtures.DirectLineMessage);

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 10, 15, 2, TimeSpan.Zero).AddTicks(1234567), activity.Timestamp);
        Assert.Equal("2025-03-01T10:15:02.1234567Z", Serialize(activity)["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Local_timestamp_keeps_the_senders_offset()
    {
        var activity = Parse(ActivityFixtures.EmulatorMessage);

        Assert.Equal(TimeSpan.FromHours(-4), activity.LocalTimestamp!.Value.Offset);
        Assert.Equal(new DateTime(2021, 6, 23, 9, 54, 36), activity.LocalTimestamp.Value.DateTime);
        Assert.Equal("2021-06-23T09:54:36-04:00", Serialize(activity)["localTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Timestamps_set_by_code_are_written_as_utc_with_z_and_local_ones_with_their_offset()
    {
        var instant = new DateTimeOffset(2025, 3, 1, 5, 15, 2, 5, TimeSpan.FromHours(-5));

        var json = Serialize(new Activity { Type = ActivityTypes.Message, Timestamp = instant, LocalTimestamp = instant });

        Assert.Equal("2025-03-01T10:15:02.0050000Z", json["timestamp"]!.GetValue<string>());
        Assert.Equal("2025-03-01T05:15:02.0050000-05:00", json["localTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Unparseable_timestamp_is_kept_as_sent_and_reads_as_null()
    {
        var activity = Parse("""{ "type": "message", "timestamp": "yesterday" }""");

        Assert.Null(activity.Timestamp);
        Assert.Equal("yesterday", Serialize(activity)["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Nulls_and_empty_attachments_and_entities_are_omitted_on_output()
    {
        var json = Serialize(new Activity { Type = ActivityTypes.Message, Text = "", Attachments = [], Entities = [] });

        Assert.Equal(["type", "text"], json.Select(p => p.Key));
    }

    [Fact]
    public void Membership_lists_keep_an_empty_list_because_it_is_meaningful()
    {
        var json = Serialize(new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [new ChannelAccount { Id = "u" }], MembersRemoved = [] });

        Assert.Empty(json["membersRemoved"]!.AsArray());
    }

    [Fact]
    public void Wire_strings_are_the_exact_camel_case_values()
    {
        var reply = Parse(ActivityFixtures.DirectLineMessage).CreateReply("¿Cuál es tu nombre?") with
        {
            InputHint = InputHints.ExpectingInput,
            SuggestedActions = new SuggestedActions { To = ["r_k2j3h4g5f6"], Actions = [CardAction.ImBack("Ana")] },
        };

        var json = Serialize(reply);

        Assert.Equal("expectingInput", json["inputHint"]!.GetValue<string>());
        Assert.Equal("imBack", json["suggestedActions"]!["actions"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("Ana", json["suggestedActions"]!["actions"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("LkrMRVxnwvD4VIM2sbSO7t-h|0000003", json["replyToId"]!.GetValue<string>());
        Assert.Equal("bot", json["from"]!["role"]!.GetValue<string>());
        Assert.Contains("¿Cuál", JsonSerializer.Serialize(reply, BotJson.Options), StringComparison.Ordinal);
        Assert.Null(json["isMessage"]);
    }

    [Fact]
    public void Caller_id_round_trips_through_the_model_but_the_endpoint_overwrites_it()
    {
        // The model keeps what was sent; MessagesEndpointTests prove the endpoint never trusts it.
        var activity = Parse("""{ "type": "message", "callerId": "urn:botframework:azure" }""");

        Assert.Equal("urn:botframework:azure", activity.CallerId);
    }

    private static Activity Parse(string json) => JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;

    private static JsonObject Serialize(Activity activity) => JsonSerializer.SerializeToNode(activity, BotJson.Options)!.AsObject();

    private static JsonNode RoundTrip(string json) => Serialize(Parse(json));
}
