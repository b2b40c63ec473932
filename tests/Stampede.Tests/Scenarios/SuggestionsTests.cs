using Stampede.Scenarios;

namespace Stampede.Tests.Scenarios;

public class SuggestionsTests
{
    [Theory]
    [InlineData("duration", "duration", 0)]
    [InlineData("duraton", "duration", 1)]
    [InlineData("durtaion", "duration", 1)]
    [InlineData("dration", "duration", 1)]
    [InlineData("durationn", "duration", 1)]
    [InlineData("drutaion", "duration", 2)]
    [InlineData("", "vus", 3)]
    public void Distance_Pairs_CountsEditsWithAdjacentSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }

    [Theory]
    [InlineData("constant-vu", "constant-vus")]
    [InlineData("Ramping-VUs", "ramping-vus")]
    [InlineData("shared-iteration", "shared-iterations")]
    [InlineData("constant", null)]
    [InlineData("externally-controlled", null)]
    public void Closest_ExecutorNames_SuggestsWithinTwoEdits(string input, string? expected)
    {
        string[] names = ["constant-vus", "ramping-vus", "per-vu-iterations", "shared-iterations", "constant-arrival-rate", "ramping-arrival-rate"];

        Assert.Equal(expected, Suggestions.Closest(input, names));
    }
}
