using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataStrategiesTests
{
    [Fact]
    public void Names_AreTheScenarioFileNamesInEnumOrder()
    {
        Assert.Equal(["sequential", "random", "unique-per-vu", "circular"], DataStrategies.Names);
        Assert.Equal(Enum.GetValues<DataStrategy>().Length, DataStrategies.Names.Count);
    }

    [Theory]
    [InlineData("sequential", DataStrategy.Sequential)]
    [InlineData("random", DataStrategy.Random)]
    [InlineData("unique-per-vu", DataStrategy.UniquePerVu)]
    [InlineData("circular", DataStrategy.Circular)]
    public void TryParse_EachName_RoundTripsThroughName(string text, DataStrategy expected)
    {
        Assert.True(DataStrategies.TryParse(text, out var strategy));
        Assert.Equal(expected, strategy);
        Assert.Equal(text, DataStrategies.Name(strategy));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sequential")]
    [InlineData("unique_per_vu")]
    [InlineData("uniquePerVu")]
    [InlineData(" random")]
    [InlineData("shuffle")]
    public void TryParse_AnythingElse_IsFalse(string? text)
    {
        Assert.False(DataStrategies.TryParse(text, out _));
    }

    [Fact]
    public void Name_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataStrategies.Name((DataStrategy)42));
    }

    [Theory]
    [InlineData("circuler", "did you mean `circular`?")]
    [InlineData("unique_per_vu", "did you mean `unique-per-vu`?")]
    [InlineData("shuffle", "valid here: sequential, random, unique-per-vu, circular")]
    public void Hint_UnknownName_SuggestsTheClosestOrListsAll(string text, string hint)
    {
        Assert.Equal(hint, DataStrategies.Hint(text));
    }
}
