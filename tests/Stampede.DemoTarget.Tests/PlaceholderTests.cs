namespace Stampede.DemoTarget.Tests;

public class PlaceholderTests
{
    [Fact]
    public void Build_Compiles_True() => Assert.Equal(2, 1 + 1);
}
