namespace Stampede.DemoTarget.Tests.TestSupport;

/// <summary>A fresh folder under the system temp directory, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("stampede-demo-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
