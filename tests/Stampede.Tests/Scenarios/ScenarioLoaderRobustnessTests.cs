using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

public class ScenarioLoaderRobustnessTests
{
    private const string Valid = """
        options:
          baseUrl: http://127.0.0.1:5080
          headers: { Accept: application/json }
          tls: { ca: nowhere/ca.crt }
        scenarios:
          browse: &base
            executor: ramping-vus
            stages: [{ duration: 10s, target: 5 }]
            requests:
              - name: encrypt
                method: POST
                url: /api/encrypt
                json: { plaintext: "hello", list: [1, true, null] }
                expect: [200]
          again: *base
        """;

    private const string Noise = ":-[]{}\t\n '\"*&!#%|>,?@`0123456789abc/";

    /// <summary>Thousands of damaged files: each must load or fail with positioned errors, never crash.</summary>
    [Fact]
    public void Parse_RandomlyDamagedFiles_ThrowOnlyValidationErrors()
    {
        var random = new Random(20240601);
        var failures = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = Damage(Valid, random);
            try
            {
                ScenarioLoader.Parse(text, "fuzz.yaml", new ScenarioLoadOptions { BaseDirectory = Path.GetTempPath() });
            }
            catch (ScenarioValidationException ex)
            {
                failures++;
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
            }
        }

        // The valid file points at a missing CA, so every variant that keeps it must fail: proves the loop checks something.
        Assert.True(failures > 2500, $"only {failures} damaged files failed");
    }

    [Fact]
    public void Parse_DeepNesting_IsReportedNotAStackOverflow()
    {
        var yaml = "scenarios: " + new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Single(Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Parse(yaml, "deep.yaml")).Errors);

        Assert.Contains("nesting deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasBomb_InJsonBodyIsRefused()
    {
        var yaml = """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
            h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
            scenarios:
              s:
                executor: constant-vus
                duration: 1s
                requests: [{ url: http://h.test/, json: *h }]
            """;

        var errors = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.Parse(yaml, "bomb.yaml")).Errors;

        Assert.Contains(errors, e => e.Message.Contains("JSON body is larger than", StringComparison.Ordinal) && e.Line == 13);
    }

    private static string Damage(string text, Random random)
    {
        var chars = text.ToCharArray().ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(3))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                default:
                    chars[at] = Noise[random.Next(Noise.Length)];
                    break;
            }
        }

        return new string([.. chars]);
    }
}
