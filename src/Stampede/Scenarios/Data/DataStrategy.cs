namespace Stampede.Scenarios.Data;

/// <summary>
/// How a <see cref="DataFeeder"/> hands the rows of a data file to virtual users. The scenario file
/// names them <c>sequential</c>, <c>random</c>, <c>unique-per-vu</c> and <c>circular</c>
/// (see <see cref="DataStrategies"/>).
/// </summary>
public enum DataStrategy
{
    /// <summary>Rows in file order across all VUs together, each handed out once; then no more rows.</summary>
    Sequential,

    /// <summary>A uniformly random row on every take; rows repeat.</summary>
    Random,

    /// <summary>VU <c>k</c> (1-based) gets row <c>k - 1</c> on every iteration; VUs beyond the last row get none.</summary>
    UniquePerVu,

    /// <summary>Rows in file order across all VUs together, starting again at the first after the last.</summary>
    Circular,
}
