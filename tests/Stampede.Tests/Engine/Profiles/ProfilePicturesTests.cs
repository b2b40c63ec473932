using System.Globalization;
using Stampede.Engine.Profiles;

namespace Stampede.Tests.Engine.Profiles;

/// <summary>
/// docs/profiles/&lt;name&gt;.svg are rendered from the shapes (peak 100, 10 minutes). Set
/// STAMPEDE_UPDATE_GOLDEN=1 to rewrite them after changing a shape on purpose.
/// </summary>
public class ProfilePicturesTests
{
    public static TheoryData<LoadProfile> Profiles => [.. Enum.GetValues<LoadProfile>()];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Render_EachProfile_MatchesTheCommittedPicture(LoadProfile profile)
    {
        var smoke = profile == LoadProfile.Smoke;
        var plan = LoadProfiles.Apply(LoadProfilesTests.Plan(1, "http_req_failed: rate<0.01"), new ProfileOptions
        {
            Profile = profile,
            Peak = smoke ? null : 100,
            Duration = smoke ? null : TimeSpan.FromMinutes(10),
        });
        var path = Path.Combine(RepositoryRoot(), "docs", "profiles", LoadProfiles.NameOf(profile) + ".svg");

        // A comma decimal separator must not leak into the coordinates.
        var svg = Cultures.With(CultureInfo.GetCultureInfo("de-DE"), () => ProfileSvg.Render(profile, plan.Scenarios[0].Executor));

        if (Environment.GetEnvironmentVariable("STAMPEDE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, svg);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run this test with STAMPEDE_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), svg);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Stampede.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Stampede.slnx above {AppContext.BaseDirectory}");
    }
}
