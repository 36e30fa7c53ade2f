using System.Collections.Concurrent;

namespace StatuutHub.Storage.Relational;

/// <summary>The store's statements use named placeholders (<c>@name</c>), which both engines read. Npgsql rewrites a statement
/// with named parameters into PostgreSQL's positional form (<c>$1</c>) by parsing its text each time it sends it (3 % of the
/// hub's CPU end to end); with positional parameters it sends the text as it is. This rewrites each statement text once and
/// keeps the result, so the PostgreSQL store binds its values by position.</summary>
internal sealed class PositionalPlaceholders
{
    /// <summary>Statement texts kept; beyond this (texts built per call) a text is rewritten each time, still correct.</summary>
    private const int MaxKept = 4096;

    private readonly ConcurrentDictionary<string, Rewritten?> _kept = new(StringComparer.Ordinal);

    /// <summary>A statement in positional form and, per position, the name whose value goes there.</summary>
    public sealed record Rewritten(string Text, string[] Names);

    /// <summary>The positional form of <paramref name="sql"/>, or null when it has no placeholder or holds more than one statement
    /// (Npgsql splits those itself, and only with named parameters).</summary>
    public Rewritten? For(string sql)
    {
        if (_kept.TryGetValue(sql, out var kept))
        {
            return kept;
        }

        var rewritten = Rewrite(sql);
        if (_kept.Count < MaxKept)
        {
            _kept.TryAdd(sql, rewritten);
        }

        return rewritten;
    }

    /// <summary>Replaces each <c>@name</c> outside quotes and comments with <c>$n</c>, the same name the same n, numbered in order of
    /// first use.</summary>
    internal static Rewritten? Rewrite(string sql)
    {
        var names = new List<string>();
        var text = new System.Text.StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            var ch = sql[i];
            if (ch is '\'' or '"')
            {
                var end = sql.IndexOf(ch, i + 1);
                end = end < 0 ? sql.Length : end + 1;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (ch == '-' && At(sql, i + 1, '-'))
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (ch == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                text.Append(sql, i, end - i);
                i = end;
            }
            else if (ch == ';' && sql.AsSpan(i + 1).Trim().Length > 0)
            {
                return null;
            }
            else if (ch == '@' && i + 1 < sql.Length && (char.IsAsciiLetter(sql[i + 1]) || sql[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < sql.Length && (char.IsAsciiLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    end++;
                }

                var name = sql[i..end];
                var position = names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                if (position < 0)
                {
                    names.Add(name);
                    position = names.Count - 1;
                }

                text.Append('$').Append(position + 1);
                i = end;
            }
            else
            {
                text.Append(ch);
                i++;
            }
        }

        return names.Count == 0 ? null : new Rewritten(text.ToString(), [.. names]);
    }

    private static bool At(string sql, int index, char ch) => index < sql.Length && sql[index] == ch;
}
