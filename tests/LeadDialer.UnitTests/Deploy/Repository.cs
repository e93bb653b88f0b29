namespace LeadDialer.UnitTests.Deploy;

public static class Repository
{
    /// <summary>LEADDIALER_REPO_ROOT, else the folder holding LeadDialer.sln above the test assembly.</summary>
    public static string Root { get; } = Find();

    static string Find()
    {
        if (Environment.GetEnvironmentVariable("LEADDIALER_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeadDialer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find LeadDialer.sln above the test assembly; set LEADDIALER_REPO_ROOT.");
    }
}
