namespace StatuutHub.Tests.Shared;

/// <summary>The repository's root folder (the one holding StatuutHub.sln), found from the test's own folder.</summary>
public static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "StatuutHub.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root (StatuutHub.sln) is not above the test's folder.");
        }
    }
}
