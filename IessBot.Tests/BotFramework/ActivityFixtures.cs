namespace IessBot.Tests.BotFramework;

/// <summary>Activities as real clients put them on the wire (reference §1.10, §3.2, §3.3).</summary>
internal static class ActivityFixtures
{
    /// <summary>A Web Chat message as the Emulator forwards it: 3-digit timestamp, localTimestamp with offset and no fraction.</summary>
    public const string EmulatorMessage = """
        {
          "type": "message",
          "id": "3a5c0c70-57a2-11f0-8f54-bd61984248b7",
          "timestamp": "2021-06-23T13:54:36.123Z",
          "localTimestamp": "2021-06-23T09:54:36-04:00",
          "localTimezone": "America/Guayaquil",
          "serviceUrl": "http://localhost:60844",
          "channelId": "emulator",
          "from": { "id": "5e3f6a4c-7f2b-4d8e-9c1a-2b3c4d5e6f70", "name": "User", "role": "user" },
          "conversation": { "id": "b9261fc1-57a1-11f0-8f54-bd61984248b7|livechat" },
          "recipient": { "id": "6e1c2a30-57a1-11f0-8f54-bd61984248b7", "name": "Bot", "role": "bot" },
          "textFormat": "plain",
          "locale": "en-US",
          "text": "hola",
          "attachments": [],
          "entities": [ { "type": "ClientCapabilities", "requiresBotState": true, "supportsListening": true, "supportsTts": true } ],
          "channelData": { "clientActivityID": "1624456476117y0u1z7ji2np", "clientTimestamp": "2021-06-23T13:54:36.117Z" }
        }
        """;

    /// <summary>reference §1.10 verbatim: a Direct Line message with a 7-digit timestamp.</summary>
    public const string DirectLineMessage = """
        {
          "type": "message",
          "id": "LkrMRVxnwvD4VIM2sbSO7t-h|0000003",
          "timestamp": "2025-03-01T10:15:02.1234567Z",
          "localTimestamp": "2025-03-01T05:15:01.987-05:00",
          "localTimezone": "America/Guayaquil",
          "serviceUrl": "https://directline.botframework.com/",
          "channelId": "directline",
          "from": { "id": "r_k2j3h4g5f6", "name": "", "role": "user" },
          "conversation": { "id": "LkrMRVxnwvD4VIM2sbSO7t-h" },
          "recipient": { "id": "mybot-handle", "name": "MyBot" },
          "textFormat": "plain",
          "locale": "es-EC",
          "text": "hola",
          "entities": [ { "type": "ClientCapabilities", "requiresBotState": true, "supportsListening": true, "supportsTts": true } ],
          "channelData": { "clientActivityID": "1709287701987abcdef" }
        }
        """;

    /// <summary>reference §1.10: the bot's reply, with suggested actions.</summary>
    public const string DirectLineReply = """
        {
          "type": "message",
          "from": { "id": "mybot-handle", "name": "MyBot" },
          "recipient": { "id": "r_k2j3h4g5f6", "role": "user" },
          "conversation": { "id": "LkrMRVxnwvD4VIM2sbSO7t-h" },
          "replyToId": "LkrMRVxnwvD4VIM2sbSO7t-h|0000003",
          "locale": "es-EC",
          "text": "¿Cuál es tu nombre?",
          "inputHint": "expectingInput",
          "suggestedActions": { "to": ["r_k2j3h4g5f6"], "actions": [ { "type": "imBack", "title": "Ana", "value": "Ana" } ] }
        }
        """;

    /// <summary>The Emulator's conversation start (reference §3.3).</summary>
    public const string EmulatorConversationUpdate = """
        {
          "type": "conversationUpdate",
          "membersAdded": [ { "id": "6e1c2a30-57a1-11f0-8f54-bd61984248b7", "name": "Bot" }, { "id": "5e3f6a4c-7f2b-4d8e-9c1a-2b3c4d5e6f70", "name": "User" } ],
          "membersRemoved": [],
          "id": "c2b1e7a0-57a1-11f0-8f54-bd61984248b7",
          "timestamp": "2021-06-23T13:54:30.001Z",
          "localTimestamp": "2021-06-23T09:54:30-04:00",
          "serviceUrl": "http://localhost:60844",
          "channelId": "emulator",
          "from": { "id": "5e3f6a4c-7f2b-4d8e-9c1a-2b3c4d5e6f70", "name": "User" },
          "conversation": { "id": "b9261fc1-57a1-11f0-8f54-bd61984248b7|livechat" },
          "recipient": { "id": "6e1c2a30-57a1-11f0-8f54-bd61984248b7", "name": "Bot", "role": "bot" },
          "locale": "en-US"
        }
        """;

    /// <summary>Members no schema names, at the top level and as new value kinds.</summary>
    public const string UnknownTopLevelFields = """
        {
          "type": "futureType",
          "id": "42",
          "channelId": "test",
          "serviceUrl": "https://example.test/api/",
          "conversation": { "id": "c1" },
          "from": { "id": "u1" },
          "futureFlag": true,
          "futureNumber": 12.50,
          "futureNull": null,
          "futureObject": { "a": [1, "two", { "three": 3 }], "b": null },
          "futureArray": [ { "x": 1 }, [] ],
          "expiration": "2030-01-01T00:00:00Z",
          "importance": "high",
          "deliveryMode": "notification",
          "listenFor": ["sí", "no"],
          "textHighlights": [ { "text": "hola", "occurrence": 1, "futureHighlight": "x" } ],
          "semanticAction": { "id": "sa1", "state": "start", "entities": { "e": { "type": "thing" } }, "futureSemantic": 1 },
          "relatesTo": { "activityId": "a0", "conversation": { "id": "c1" }, "channelId": "test", "futureRef": "r" },
          "value": 7,
          "valueType": "https://example.test/schema",
          "label": "lbl",
          "name": "evt",
          "code": "unknown",
          "action": "add",
          "topicName": "t",
          "historyDisclosed": false,
          "speak": "<speak>hola</speak>",
          "summary": "s",
          "attachmentLayout": "carousel",
          "reactionsAdded": [ { "type": "like", "futureReaction": 1 } ],
          "reactionsRemoved": [ { "type": "plusOne" } ]
        }
        """;

    /// <summary>Unknown members inside every nested object the model names.</summary>
    public const string NestedUnknownFields = """
        {
          "type": "message",
          "id": "n1",
          "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/amer/",
          "from": { "id": "29:abc", "name": "Ana", "aadObjectId": "00000000-0000-0000-0000-000000000001", "futureFrom": { "deep": [1, 2] } },
          "conversation": { "id": "19:xyz@thread.tacv2;messageid=1", "isGroup": true, "conversationType": "channel", "tenantId": "t1", "futureConv": "c" },
          "recipient": { "id": "28:bot", "name": "Bot", "futureRecipient": null },
          "attachments": [
            {
              "contentType": "application/vnd.microsoft.card.adaptive",
              "content": { "type": "AdaptiveCard", "version": "1.5", "body": [ { "type": "TextBlock", "text": "Hola", "wrap": true } ], "actions": [ { "type": "Action.Submit", "data": { "x": 1 } } ] },
              "name": "card",
              "futureAttachment": { "z": true }
            },
            { "contentType": "image/png", "contentUrl": "data:image/png;base64,iVBORw0KGgo=", "thumbnailUrl": "https://example.test/t.png" }
          ],
          "suggestedActions": {
            "to": ["29:abc"],
            "actions": [
              { "type": "messageBack", "title": "Sí", "text": "si", "displayText": "Sí", "value": { "choice": "yes" }, "image": "https://example.test/i.png", "imageAltText": "sí", "channelData": { "k": 1 }, "futureAction": 1 },
              { "type": "postBack", "title": "No", "value": "no" }
            ],
            "futureSuggested": "s"
          },
          "entities": [ { "type": "mention", "mentioned": { "id": "28:bot", "name": "Bot" }, "text": "<at>Bot</at>" } ],
          "channelData": { "tenant": { "id": "t1" }, "postBack": true },
          "value": { "nested": { "list": [1, 2, 3] } }
        }
        """;
}
