using System.Globalization;
using System.Text;

namespace Stampede.Tests.Scenarios.Json;

/// <summary>
/// Seeded generators of JSON bodies and JSONPath queries for the reference cross-check. Bodies mix every
/// JSON type, escaped and unicode keys and strings, duplicate keys, random spacing and number spellings;
/// queries mix every supported syntax form over the same small vocabulary, so many of them match.
/// </summary>
internal static class RandomJson
{
    private static readonly string[] Keys = ["a", "b", "id", "price", "sku", "é", "x y", "it's"];
    private static readonly string[] DotKeys = ["a", "b", "id", "price", "sku", "é"];
    private static readonly string[] Strings = ["x", "y", "", "é", "A", "zz", "a\"b", "line\nbreak", "😀", "x y"];
    private static readonly string[] Numbers = ["0", "1", "2", "3", "10", "-1", "9.5", "0.25", "-1.5", "1e2", "2.5E-1", "100", "1E+1", "12345678901234567890"];
    private static readonly string[] Literals = ["'x'", "\"y\"", "''", "'é'", "'\\u00e9'", "'A'", "'zz'", "1", "2", "9.5", "1e2", "-1", "0.25", "true", "false", "null"];
    private static readonly string[] Operators = ["==", "!=", "<", "<=", ">", ">="];

    public static string Document(Random random)
    {
        var json = new StringBuilder();
        Value(random, json, 0);
        return json.ToString();
    }

    public static string Query(Random random)
    {
        var query = new StringBuilder("$");
        var segments = random.Next(1, 3);
        for (var i = 0; i < segments; i++)
        {
            query.Append(Segment(random));
        }

        return query.ToString();
    }

    private static void Value(Random random, StringBuilder json, int depth)
    {
        Space(random, json);
        var roll = depth >= 4 ? 9 : depth < 2 ? random.Next(5) : random.Next(10);
        if (roll <= 2)
        {
            json.Append('{');
            var members = random.Next(depth == 0 ? 2 : 0, 6);
            for (var i = 0; i < members; i++)
            {
                Space(random, json);
                String(random, json, Pick(random, Keys));
                Space(random, json);
                json.Append(':');
                Value(random, json, depth + 1);
                json.Append(i < members - 1 ? "," : "");
            }

            Space(random, json);
            json.Append('}');
        }
        else if (roll <= 4)
        {
            json.Append('[');
            var elements = random.Next(depth == 0 ? 2 : 0, 6);
            for (var i = 0; i < elements; i++)
            {
                Value(random, json, depth + 1);
                json.Append(i < elements - 1 ? "," : "");
            }

            Space(random, json);
            json.Append(']');
        }
        else
        {
            switch (random.Next(6))
            {
                case 0 or 1:
                    json.Append(Pick(random, Numbers));
                    break;
                case 2 or 3:
                    String(random, json, Pick(random, Strings));
                    break;
                default:
                    json.Append(Pick(random, ["true", "false", "null"]));
                    break;
            }
        }

        Space(random, json);
    }

    // Escapes what JSON requires and, at random, characters it does not (\u0061 for 'a', \u00e9 for 'é').
    private static void String(Random random, StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is '"' or '\\')
            {
                json.Append('\\').Append((char)rune.Value);
            }
            else if (rune.Value == '\n')
            {
                json.Append(random.Next(2) == 0 ? "\\n" : "\\u000a");
            }
            else if (random.Next(4) == 0)
            {
                // A character outside the BMP is escaped as its UTF-16 surrogate pair.
                foreach (var unit in rune.ToString())
                {
                    json.Append("\\u").Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                json.Append(rune.ToString());
            }
        }

        json.Append('"');
    }

    private static void Space(Random random, StringBuilder json) => json.Append(random.Next(4) switch
    {
        0 => " ",
        1 => "\n  ",
        _ => "",
    });

    private static string Segment(Random random) => random.Next(14) switch
    {
        0 or 1 => "." + Pick(random, DotKeys),
        2 => "[" + Quote(random, Pick(random, Keys)) + "]",
        3 => "[" + random.Next(0, 4) + "]",
        4 => "[-" + random.Next(1, 4) + "]",
        5 => random.Next(2) == 0 ? "[*]" : ".*",
        6 => ".." + Pick(random, DotKeys),
        7 => Pick(random, ["..*", "..[0]", "..[-1]", "..['id','a']"]),
        8 => "[" + Quote(random, Pick(random, Keys)) + ", " + Quote(random, Pick(random, Keys)) + "]",
        9 => "[" + random.Next(0, 4) + "," + random.Next(-3, 4) + "]",
        10 => Pick(random, ["[1:3]", "[:2]", "[1:]", "[:]", "[0:0]", "[2:10]", "[0, 'a']"]),
        11 => "[?(" + Filter(random, 0) + ")]",
        12 => "[?" + Test(random) + "]",
        _ => "[?(" + Test(random) + ")]",
    };

    private static string Quote(Random random, string name)
    {
        if (random.Next(2) == 0)
        {
            return "'" + name.Replace("'", "\\'", StringComparison.Ordinal) + "'";
        }

        return "\"" + (name == "é" && random.Next(2) == 0 ? "\\u00e9" : name) + "\"";
    }

    private static string Filter(Random random, int depth) => depth < 2 ? random.Next(5) switch
    {
        0 => Filter(random, depth + 1) + " && " + Filter(random, depth + 1),
        1 => Filter(random, depth + 1) + " || " + Filter(random, depth + 1),
        2 => "!(" + Filter(random, depth + 1) + ")",
        _ => Test(random),
    } : Test(random);

    private static string Test(Random random)
    {
        var path = random.Next(6) switch
        {
            0 => "@",
            1 => "@[0]",
            2 => "@[-1]",
            3 => "@['" + Pick(random, DotKeys) + "']",
            _ => "@." + Pick(random, DotKeys),
        };
        return random.Next(4) switch
        {
            0 => path,
            1 => "!" + path,
            2 => Pick(random, Literals) + " " + Pick(random, Operators) + " " + path,
            _ => path + " " + Pick(random, Operators) + " " + Pick(random, Literals),
        };
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
