using Stampede.Scenarios.Data;

namespace Stampede.Tests.Scenarios.Data;

/// <summary>
/// Feeders shared by threads taking as fast as they can. A round proves little if the scheduler ran the
/// threads one after another, which a busy machine does, so the shared-counter tests repeat rounds until
/// the threads were seen taking rows between each other's takes (a thread's next row is not the one
/// after its previous) often enough to have raced on the counter. Running truly in parallel gives
/// thousands of interleavings in one round; taking turns on one core gives a handful. A counter that
/// is not atomic loses increments, and so hands a row out twice, within the first such round.
/// </summary>
public class DataFeederConcurrencyTests
{
    private const int WantedInterleavings = 5_000;
    private const int MaxRounds = 50;

    // More threads than cores on a small machine: on a busy one, each is another chance that two of
    // them hold a core at the same moment, which is what contention needs.
    private static readonly int Threads = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    [Fact]
    public void TryTake_SequentialUnderContention_HandsOutEveryRowExactlyOnce()
    {
        const int rows = 1_000_000;

        RunContendedRounds(
            () =>
            {
                var feeder = new DataFeeder(DataTestFiles.Blank(rows), DataStrategy.Sequential);
                return vu =>
                {
                    var mine = new List<int>();
                    while (feeder.TryTake(vu, out var row))
                    {
                        mine.Add(row);
                    }

                    // Once the rows are gone they stay gone, whoever asks.
                    Assert.False(feeder.TryTake(vu, out _));
                    return mine;
                };
            },
            (previous, next) => next == previous + 1,
            (round, taken) =>
            {
                Assert.Equal(rows, taken.Sum(t => t.Count));
                AssertEveryRowTaken(round, taken, rows, times: 1);

                // One counter handed out in file order: each thread saw its rows in increasing order.
                Assert.All(taken, t => Assert.True(t.SequenceEqual(t.Order())));
            });
    }

    [Fact]
    public void TryTake_CircularUnderContention_TakesEveryRowEquallyOften()
    {
        const int rows = 1_000;
        const int laps = 20;

        RunContendedRounds(
            () =>
            {
                var feeder = new DataFeeder(DataTestFiles.Blank(rows), DataStrategy.Circular);
                return vu =>
                {
                    var mine = new List<int>();
                    for (var i = 0; i < rows * laps; i++)
                    {
                        Assert.True(feeder.TryTake(vu, out var row));
                        mine.Add(row);
                    }

                    return mine;
                };
            },
            (previous, next) => next == (previous + 1) % rows,
            (round, taken) => AssertEveryRowTaken(round, taken, rows, times: laps * Threads));
    }

    [Fact]
    public void TryTake_SeededRandomUnderContention_TakesTheSameMultisetAsOneThread()
    {
        var table = DataTestFiles.Blank(1_000);
        const int perThread = 25_000;
        var alone = new DataFeeder(table, DataStrategy.Random, seed: 99);
        var expected = new int[table.RowCount];
        for (var i = 0; i < perThread * Threads; i++)
        {
            Assert.True(alone.TryTake(1, out var row));
            expected[row]++;
        }

        var shared = new DataFeeder(table, DataStrategy.Random, seed: 99);
        var taken = RunTogether(vu =>
        {
            var mine = new List<int>();
            for (var i = 0; i < perThread; i++)
            {
                Assert.True(shared.TryTake(vu, out var row));
                mine.Add(row);
            }

            return mine;
        });

        // The n-th take overall gets the same row whoever makes it, so every take happened exactly once.
        Assert.Equal(expected, Count(taken, table.RowCount));
    }

    /// <summary>
    /// Runs rounds of <see cref="RunTogether"/> with a fresh feeder from <paramref name="newRound"/>,
    /// checking each, until the threads interleaved <see cref="WantedInterleavings"/> times in all.
    /// </summary>
    private static void RunContendedRounds(Func<Func<int, List<int>>> newRound, Func<int, int, bool> follows, Action<int, List<int>[]> check)
    {
        var interleavings = 0L;
        var round = 0;
        for (; round < MaxRounds && interleavings < WantedInterleavings; round++)
        {
            var taken = RunTogether(newRound());
            check(round, taken);
            interleavings += taken.Sum(t => t.Zip(t.Skip(1)).Count(p => !follows(p.First, p.Second)));
        }

        Assert.True(interleavings >= WantedInterleavings,
            $"in {round} rounds the threads interleaved only {interleavings} times, too few to show they contended: the machine never ran two of them at once");
    }

    /// <summary>
    /// Runs <paramref name="body"/> on <see cref="Threads"/> threads released together by a barrier, and
    /// returns what each took; a failure on any thread fails the test.
    /// </summary>
    private static List<int>[] RunTogether(Func<int, List<int>> body)
    {
        var results = new List<int>[Threads];
        var failures = new Exception?[Threads];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                results[t] = body(t + 1);
            }
            catch (Exception ex)
            {
                failures[t] = ex;
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(TimeSpan.FromMinutes(2)), "a taking thread did not finish"));
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new InvalidOperationException("a taking thread failed", failure);
        }

        return results;
    }

    private static int[] Count(List<int>[] taken, int rows)
    {
        var counts = new int[rows];
        foreach (var list in taken)
        {
            foreach (var row in list)
            {
                counts[row]++;
            }
        }

        return counts;
    }

    private static void AssertEveryRowTaken(int round, List<int>[] taken, int rows, int times)
    {
        var counts = Count(taken, rows);
        var wrong = Array.FindIndex(counts, c => c != times);
        Assert.True(wrong < 0, $"round {round}: row {wrong} was taken {(wrong < 0 ? 0 : counts[wrong])} times, expected {times}");
    }
}
