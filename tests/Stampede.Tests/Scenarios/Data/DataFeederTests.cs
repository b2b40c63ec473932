using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

public class DataFeederTests
{
    private static List<int> Take(DataFeeder feeder, int times, int vuId = 1)
    {
        var rows = new List<int>();
        for (var i = 0; i < times; i++)
        {
            Assert.True(feeder.TryTake(vuId, out var row));
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public void TryTake_Sequential_HandsOutRowsInFileOrderAcrossVusThenRunsOut()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(3), DataStrategy.Sequential);

        Assert.True(feeder.TryTake(1, out var a));
        Assert.True(feeder.TryTake(2, out var b));
        Assert.True(feeder.TryTake(1, out var c));
        Assert.False(feeder.TryTake(3, out var d));
        Assert.False(feeder.TryTake(1, out _));

        Assert.Equal([0, 1, 2, -1], [a, b, c, d]);
    }

    [Fact]
    public void TryTake_Circular_WrapsAroundAtTheEnd()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(3), DataStrategy.Circular);

        Assert.Equal([0, 1, 2, 0, 1, 2, 0], Take(feeder, 7));
    }

    [Fact]
    public void TryTake_UniquePerVu_GivesVuKRowKMinusOneOnEveryIteration()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(3), DataStrategy.UniquePerVu);

        Assert.Equal([2, 2, 2], Take(feeder, 3, vuId: 3));
        Assert.Equal([0, 0], Take(feeder, 2, vuId: 1));
        Assert.Equal([1], Take(feeder, 1, vuId: 2));
    }

    [Fact]
    public void TryTake_UniquePerVuBeyondTheRows_IsFalseWithAMessageSayingHowManyRowsAreNeeded()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(3), DataStrategy.UniquePerVu);

        Assert.False(feeder.TryTake(4, out var row));
        Assert.Equal(-1, row);
        Assert.StartsWith("data 'users' has 3 rows but VU 4 needs row 4 (unique-per-vu gives each VU its own row;", feeder.NoRowMessage("users", 4), StringComparison.Ordinal);
    }

    [Fact]
    public void TryTake_UniquePerVuWithVuIdZero_Throws()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(3), DataStrategy.UniquePerVu);

        Assert.Throws<ArgumentOutOfRangeException>(() => feeder.TryTake(0, out _));
    }

    [Fact]
    public void NoRowMessage_Sequential_SaysAfterHowManyRowsItRanOut()
    {
        using var files = new DataTestFiles();
        var table = files.Numbers(5);
        var feeder = new DataFeeder(table, DataStrategy.Sequential);

        Assert.Equal(
            $"data 'users' ran out after 5 rows of {table.Source} (sequential hands out each row once; add rows, shorten the test, or use circular to start again at the first row)",
            feeder.NoRowMessage("users", 1));
    }

    [Fact]
    public void TryTake_RandomWithSeed_IsReproducibleAndDependsOnTheSeed()
    {
        using var files = new DataTestFiles();
        var table = files.Numbers(1000);

        var first = Take(new DataFeeder(table, DataStrategy.Random, seed: 7), 200);
        var again = Take(new DataFeeder(table, DataStrategy.Random, seed: 7), 200);
        var other = Take(new DataFeeder(table, DataStrategy.Random, seed: 8), 200);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.All(first, r => Assert.InRange(r, 0, 999));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12345)]
    [InlineData(-3)]
    public void TryTake_RandomWithSeed_IsUniformByChiSquare(int seed)
    {
        using var files = new DataTestFiles();
        const int rows = 10;
        const int takes = 100_000;
        var feeder = new DataFeeder(files.Numbers(rows), DataStrategy.Random, seed);

        var counts = new int[rows];
        foreach (var row in Take(feeder, takes))
        {
            counts[row]++;
        }

        const double expected = (double)takes / rows;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);

        // 27.88 is the 0.999 quantile of chi-square with 9 degrees of freedom.
        Assert.True(chiSquare < 27.88, $"chi-square {chiSquare:F2} for counts {string.Join(",", counts)}");
    }

    [Fact]
    public void TryTake_RandomWithoutSeed_StaysInRangeAndVaries()
    {
        using var files = new DataTestFiles();
        var feeder = new DataFeeder(files.Numbers(10), DataStrategy.Random);

        var rows = Take(feeder, 1_000);

        Assert.All(rows, r => Assert.InRange(r, 0, 9));
        Assert.True(rows.Distinct().Count() > 1);
    }

    [Fact]
    public void TryTake_OnAPartition_HandsOutOnlyItsRows()
    {
        using var files = new DataTestFiles();
        var segment = files.Numbers(10).Partition(1, 2);
        var feeder = new DataFeeder(segment, DataStrategy.Sequential);

        var values = new List<string>();
        while (feeder.TryTake(1, out var row))
        {
            values.Add(segment[row, 0]);
        }

        Assert.Equal(["5", "6", "7", "8", "9"], values);
    }

    [Theory]
    [InlineData(DataStrategy.Sequential)]
    [InlineData(DataStrategy.Circular)]
    [InlineData(DataStrategy.Random)]
    [InlineData(DataStrategy.UniquePerVu)]
    public void TryTake_AnyStrategy_AllocatesNothing(DataStrategy strategy)
    {
        using var files = new DataTestFiles();
        var seeded = new DataFeeder(files.Numbers(100), strategy, seed: 1);
        var unseeded = new DataFeeder(files.Numbers(100), strategy);
        var sum = 0;
        for (var i = 0; i < 1_000; i++)
        {
            seeded.TryTake(1 + (i % 100), out var a);
            unseeded.TryTake(1 + (i % 100), out var b);
            sum += a + b;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            seeded.TryTake(1 + (i % 200), out var a);
            unseeded.TryTake(1 + (i % 200), out var b);
            sum += a + b;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(int.MinValue, sum);
    }

    [Fact]
    public void Constructor_UndefinedStrategy_Throws()
    {
        using var files = new DataTestFiles();

        Assert.Throws<ArgumentOutOfRangeException>(() => new DataFeeder(files.Numbers(1), (DataStrategy)9));
    }
}
