using System.CommandLine;
using Spectre.Console;
using Stampede.DemoTarget;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede target</c>: runs the demo target alone until interrupted.</summary>
internal static class TargetCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var urls = new Option<string[]>("--urls") { Description = "Loopback addresses to listen on (default http://127.0.0.1:5080)", AllowMultipleArgumentsPerToken = true };
        var tls = new Option<bool>("--tls") { Description = "Serve HTTPS with a certificate from a generated throwaway CA" };
        var mtls = new Option<bool>("--mtls") { Description = "HTTPS that requires a client certificate signed by the generated CA" };
        var pki = new Option<string>("--pki") { Description = "Folder for the generated CA, server and client certificates", DefaultValueFactory = _ => "pki" };
        var command = new Command("target", """
            Run the demo target (health, AES-GCM encrypt/decrypt, slow, flaky, rate-limited endpoints, WebSocket echo).

            Examples:
              stampede target
              stampede target --urls http://127.0.0.1:8080
              stampede target --mtls --urls https://127.0.0.1:5443 --pki pki
            """)
        {
            urls, tls, mtls, pki,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(urls);
            var options = new DemoTargetOptions
            {
                Urls = given is { Length: > 0 } ? given : new DemoTargetOptions().Urls,
                Tls = parse.GetValue(tls) || parse.GetValue(mtls),
                Mtls = parse.GetValue(mtls),
                PkiDirectory = parse.GetRequiredValue(pki),
            };
            await using var server = await StartAsync(options, cancellationToken);
            foreach (var url in server.Urls)
            {
                console.MarkupLine($"  demo target listening on [bold]{Markup.Escape(url.ToString())}[/]");
            }

            if (server.Pki is { } files)
            {
                console.MarkupLine($"  CA certificate:     {Markup.Escape(files.CaCertificate)}");
                console.MarkupLine($"  client certificate: {Markup.Escape(files.ClientCertificate)} (key {Markup.Escape(files.ClientKey)}, PKCS#12 {Markup.Escape(files.ClientPkcs12)})");
                console.MarkupLine($"  try: stampede attack {Markup.Escape(server.BaseUrl + "health")} --cacert {Markup.Escape(files.CaCertificate)}" +
                    (options.Mtls ? $" --cert {Markup.Escape(files.ClientCertificate)} --key {Markup.Escape(files.ClientKey)}" : "") + " -c 10");
            }

            console.MarkupLine("  press Ctrl+C to stop");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            await server.StopAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task<DemoTargetServer> StartAsync(DemoTargetOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await DemoTargetServer.StartAsync(options, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidInputException(ex.Message, ex);
        }
        catch (IOException ex)
        {
            throw new InvalidInputException($"cannot start the demo target: {ex.Message} (is the port already in use? pick another with --urls)", ex);
        }
    }
}
