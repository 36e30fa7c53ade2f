using System.Globalization;

namespace StatuutHub.Tests.Shared;

/// <summary>A process's line of /proc/PID/stat, read past its command name (which may hold spaces and parentheses):
/// [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime, the times in clock ticks. Linux only.</summary>
public static class ProcStat
{
    /// <summary>The fields after the command name, or null when the process is gone.</summary>
    public static string[]? Fields(int pid) => FieldsAt($"/proc/{pid}/stat");

    /// <summary>The same for one thread of a process (<c>/proc/PID/task/TID/stat</c>, its own times only).</summary>
    public static string[]? ThreadFields(int pid, int tid) => FieldsAt($"/proc/{pid}/task/{tid}/stat");

    private static string[]? FieldsAt(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The sum of <paramref name="count"/> tick fields from <paramref name="first"/> on.</summary>
    public static long Ticks(string[] fields, int first, int count) =>
        fields.Skip(first).Take(count).Sum(f => long.Parse(f, CultureInfo.InvariantCulture));

    /// <summary>Clock ticks as time (USER_HZ is 100 on Linux).</summary>
    public static TimeSpan Time(long ticks) => TimeSpan.FromSeconds(ticks / 100.0);
}
