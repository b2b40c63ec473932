using System.Net;
using System.Net.WebSockets;
using System.Text;
using Stampede.DemoTarget.Tests.TestSupport;

namespace Stampede.DemoTarget.Tests.Endpoints;

public class WebSocketEchoEndpointTests(DemoTargetFixture target) : IClassFixture<DemoTargetFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Echo_TextAndBinaryMessages_ComeBackUnchanged()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        using var socket = await ConnectAsync(cancellation.Token);
        var large = new byte[40_000]; // bigger than the server's buffer, so it is echoed in fragments
        Random.Shared.NextBytes(large);

        await socket.SendAsync(Encoding.UTF8.GetBytes("hello, 🦬"), WebSocketMessageType.Text, true, cancellation.Token);
        var (textType, text) = await ReceiveMessageAsync(socket, cancellation.Token);
        await socket.SendAsync(large, WebSocketMessageType.Binary, true, cancellation.Token);
        var (binaryType, binary) = await ReceiveMessageAsync(socket, cancellation.Token);

        Assert.Equal(WebSocketMessageType.Text, textType);
        Assert.Equal("hello, 🦬", Encoding.UTF8.GetString(text));
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(large, binary);
    }

    [Fact]
    public async Task Echo_ClientCloses_ServerCompletesCloseHandshake()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        using var socket = await ConnectAsync(cancellation.Token);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cancellation.Token);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task Echo_PlainGet_Returns400()
    {
        using var response = await target.Client.GetAsync("/ws/echo");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        var uri = new UriBuilder(target.Server.BaseUrl) { Scheme = "ws", Path = "/ws/echo" }.Uri;
        await socket.ConnectAsync(uri, cancellationToken);
        return socket;
    }

    private static async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var payload = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            payload.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, payload.ToArray());
            }
        }
    }
}
