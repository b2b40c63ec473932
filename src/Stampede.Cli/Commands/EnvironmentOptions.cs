using System.CommandLine;
using Stampede.Scenarios;

namespace Stampede.Cli.Commands;

/// <summary>
/// <c>-e NAME=value</c> and <c>--env-file PATH</c>: the variables a scenario file may refer to
/// (<see cref="ScenarioLoadOptions.Environment"/>). Files are read in order, later ones override earlier ones, and
/// <c>-e</c> overrides them all. The process environment is not copied in: templates fall back to it themselves.
/// </summary>
internal sealed class EnvironmentOptions
{
    private const string Rule = "write -e NAME=value, e.g. -e API_TOKEN=abc123, or -e NAME= for an empty value";

    /// <summary><c>-e, --env NAME=value</c>, repeatable.</summary>
    public Option<string[]> Variables { get; } = new("--env", "-e")
    {
        Description = "A variable for the scenario file, NAME=value (the value may contain '='; empty is allowed); repeatable, overrides --env-file. Never printed or stored.",
        HelpName = "NAME=value",
    };

    /// <summary><c>--env-file PATH</c>, repeatable.</summary>
    public Option<string[]> Files { get; } = new("--env-file")
    {
        Description = "Read variables from a dotenv file (NAME=value lines, # comments, quotes); repeatable, later files override earlier ones",
        HelpName = "path",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Variables);
        command.Options.Add(Files);
    }

    /// <summary>The variables given on this command line.</summary>
    /// <exception cref="InvalidInputException">An env file cannot be read or has mistakes, or a <c>-e</c> is malformed; every problem is listed.</exception>
    public IReadOnlyDictionary<string, string> Read(ParseResult parse) =>
        Build(parse.GetValue(Files) ?? [], parse.GetValue(Variables) ?? []);

    /// <summary>Merges <paramref name="files"/> in order, then <paramref name="variables"/> (<c>NAME=value</c>) over them.</summary>
    /// <exception cref="InvalidInputException">Every problem, one per line; no value is ever part of a message.</exception>
    internal static IReadOnlyDictionary<string, string> Build(IReadOnlyList<string> files, IReadOnlyList<string> variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var file in files)
        {
            try
            {
                foreach (var (name, value) in EnvFile.Load(file))
                {
                    result[name] = value;
                }
            }
            catch (ScenarioValidationException ex)
            {
                errors.AddRange(ex.Errors.Select(e => "--env-file " + e));
            }
        }

        for (var i = 0; i < variables.Count; i++)
        {
            // The argument is never repeated in a message: a malformed one may be a secret typed without its name.
            var which = variables.Count == 1 ? "-e" : $"-e #{i + 1}";
            var eq = variables[i].IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                errors.Add($"{which}: expected NAME=value, but the argument has no '=' ({Rule}; to use a variable of the process environment, leave it out: templates read the environment themselves)");
                continue;
            }

            var name = variables[i][..eq];
            if (!EnvFile.IsValidName(name))
            {
                errors.Add($"{which}: {EnvFile.InvalidName(name).Rule} ({Rule})");
                continue;
            }

            result[name] = variables[i][(eq + 1)..];
        }

        return errors.Count > 0 ? throw new InvalidInputException(string.Join('\n', errors)) : result;
    }
}
