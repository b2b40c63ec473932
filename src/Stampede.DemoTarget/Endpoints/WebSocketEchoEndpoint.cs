using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace Stampede.DemoTarget.Endpoints;

/// <summary><c>/ws/echo</c>: sends every text and binary message back until the client closes.</summary>
/// <param name="stopping">Fires when the server stops, so open sockets do not hold up shutdown.</param>
internal sealed class WebSocketEchoEndpoint(CancellationToken stopping)
{
    private const int BufferSize = 16 * 1024;
    private static readonly byte[] NotWebSocket = Responses.Error("expected a WebSocket upgrade request");

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Responses.WriteJsonAsync(context.Response, StatusCodes.Status400BadRequest, NotWebSocket).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await EchoAsync(socket, buffer, cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client vanished or the server is stopping: there is nobody left to answer.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task EchoAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(
                    socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure,
                    socket.CloseStatusDescription,
                    cancellationToken).ConfigureAwait(false);
                return;
            }

            // Fragments are passed through as they come, so messages larger than the buffer still echo whole.
            await socket.SendAsync(
                buffer.AsMemory(0, received.Count),
                received.MessageType,
                received.EndOfMessage,
                cancellationToken).ConfigureAwait(false);
        }
    }
}
