namespace Stampede.Cli.Output;

/// <summary>The command line as stored in results: secrets (passwords, tokens, Authorization headers) redacted.</summary>
internal static class CommandLine
{
    private static readonly string[] SecretOptions = ["--cert-password", "--password", "--token"];
    private static readonly string[] SecretHeaders = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"];

    public static string Redacted() => Redact(Environment.GetCommandLineArgs().Skip(1).ToArray());

    public static string Redact(IReadOnlyList<string> args)
    {
        var parts = new List<string> { "stampede" };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (SecretOptions.Contains(name, StringComparer.Ordinal))
            {
                parts.Add(eq > 0 ? name + "=***" : arg);
                if (eq < 0 && i + 1 < args.Count)
                {
                    parts.Add("***");
                    i++;
                }

                continue;
            }

            if ((arg is "-H" or "--header") && i + 1 < args.Count)
            {
                parts.Add(arg);
                parts.Add(Quote(RedactHeader(args[++i])));
                continue;
            }

            parts.Add(Quote(arg));
        }

        return string.Join(' ', parts);
    }

    /// <summary>A header with its value replaced by *** when its name says it carries a secret.</summary>
    public static string RedactHeader(string header)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return header;
        }

        var name = header[..colon].Trim();
        return SecretHeaders.Contains(name.ToLowerInvariant(), StringComparer.Ordinal) ? name + ": ***" : header;
    }

    private static string Quote(string arg) =>
        arg.Length == 0 || arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '&' or '|' or ';')
            ? "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : arg;
}
