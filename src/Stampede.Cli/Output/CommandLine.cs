using Stampede.Scenarios;

namespace Stampede.Cli.Output;

/// <summary>The command line as stored in results: secrets (passwords, tokens, Authorization headers, <c>-e</c> values) redacted.</summary>
internal static class CommandLine
{
    private static readonly string[] SecretOptions = ["--cert-password", "--password", "--token"];
    private static readonly string[] SecretHeaders = ["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token"];

    // The arguments StampedeApp was given, for this command's async flow: a process hosting several (the tests)
    // records each one's own, not the host's.
    private static readonly AsyncLocal<string[]?> Given = new();

    /// <summary>Records the arguments of the command being run in this async flow.</summary>
    public static void Use(string[] args) => Given.Value = args;

    /// <summary>The arguments of the command being run (else the process's), redacted.</summary>
    public static string Redacted() => Redact(Given.Value ?? Environment.GetCommandLineArgs().Skip(1).ToArray());

    public static string Redact(IReadOnlyList<string> args)
    {
        var parts = new List<string> { "stampede" };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if ((arg is "-e" or "--env") && i + 1 < args.Count)
            {
                parts.Add(arg);
                parts.Add(Quote(RedactVariable(args[++i])));
                continue;
            }

            if (InlineVariable(arg) is > 0 and var prefix)
            {
                parts.Add(Quote(arg[..prefix] + RedactVariable(arg[prefix..])));
                continue;
            }

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

    /// <summary><c>NAME=***</c>: the name of a <c>-e</c> variable is kept, its value never. Text that is not
    /// <c>NAME=value</c> is hidden whole, as it may be a value typed without its name.</summary>
    public static string RedactVariable(string assignment)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && EnvFile.IsValidName(assignment[..eq]) ? assignment[..(eq + 1)] + "***" : "***";
    }

    /// <summary>The length of the option part of <c>--env=A=1</c>, <c>--env:A=1</c>, <c>-e=A=1</c>, <c>-e:A=1</c> or <c>-eA=1</c>; 0 for anything else.</summary>
    private static int InlineVariable(string arg)
    {
        if (arg.StartsWith("--env=", StringComparison.Ordinal) || arg.StartsWith("--env:", StringComparison.Ordinal))
        {
            return 6;
        }

        if (arg.StartsWith("-e=", StringComparison.Ordinal) || arg.StartsWith("-e:", StringComparison.Ordinal))
        {
            return 3;
        }

        return arg.Length > 2 && arg.StartsWith("-e", StringComparison.Ordinal) ? 2 : 0;
    }

    private static string Quote(string arg) =>
        arg.Length == 0 || arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '&' or '|' or ';')
            ? "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : arg;
}
