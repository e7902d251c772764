using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using IessBot.Tests.Infrastructure;

namespace IessBot.Tests.DirectLine;

/// <summary>The WebSocket stream over real HTTP on 127.0.0.1.</summary>
public sealed class DirectLineStreamTests
{
    [Fact]
    public async Task A_second_stream_of_the_conversation_closes_the_first_with_collision_and_gets_what_follows()
    {
        await using var host = await TestBotHost.StartAsync();
        using var client = await DirectLineTestClient.StartAsync(host);
        using var first = await ConnectAsync(client);
        Assert.Contains("Hola, soy el asistente", await ReceiveTextAsync(first), StringComparison.Ordinal);

        using var second = await ConnectAsync(client);
        Assert.Contains("Hola, soy el asistente", await ReceiveTextAsync(second), StringComparison.Ordinal);

        var closing = await ReceiveAsync(first);
        Assert.Equal(WebSocketMessageType.Close, closing.Type);
        Assert.Equal("collision", first.CloseStatusDescription);

        await client.SayAsync("Ayuda");
        string frame;
        do
        {
            frame = await ReceiveTextAsync(second);
        }
        while (frame.Length == 0);
        var texts = JsonDocument.Parse(frame).RootElement.GetProperty("activities").EnumerateArray()
            .Select(a => a.TryGetProperty("text", out var t) ? t.GetString() : null).ToList();
        Assert.Contains("Ayuda", texts);
    }

    private static async Task<ClientWebSocket> ConnectAsync(DirectLineTestClient client)
    {
        using var reconnect = await client.SendAsync(HttpMethod.Get, $"v3/directline/conversations/{client.ConversationId}?watermark=", null);
        reconnect.EnsureSuccessStatusCode();
        var streamUrl = JsonDocument.Parse(await reconnect.Content.ReadAsStringAsync()).RootElement.GetProperty("streamUrl").GetString()!;
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri(streamUrl), timeout.Token);
        return socket;
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var (type, text) = await ReceiveAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        return text;
    }

    private static async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
    }
}
