using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Tests;

/// <summary>The rewrite of named placeholders to positional ones for PostgreSQL: every store statement runs through it on the
/// PostgreSQL contract tests; these pin the edges a statement text can have.</summary>
public class PositionalPlaceholdersTests
{
    [Fact]
    public void Names_AreNumberedInOrderOfFirstUse_AndARepeatedNameKeepsItsNumber()
    {
        var rewritten = PositionalPlaceholders.Rewrite("UPDATE t SET a = @to, b = @at WHERE c = @id AND d = @TO AND e <> @at");

        Assert.NotNull(rewritten);
        Assert.Equal("UPDATE t SET a = $1, b = $2 WHERE c = $3 AND d = $1 AND e <> $2", rewritten.Text);
        Assert.Equal(["@to", "@at", "@id"], rewritten.Names);
    }

    [Fact]
    public void AnAtSign_InALiteral_AQuotedName_OrAComment_IsLeftAlone()
    {
        var rewritten = PositionalPlaceholders.Rewrite("""
            SELECT 'mail@example.be', 'it''s @not', "col@x" -- about @later
            FROM t /* @neither */ WHERE a = @a
            """);

        Assert.NotNull(rewritten);
        Assert.Equal("""
            SELECT 'mail@example.be', 'it''s @not', "col@x" -- about @later
            FROM t /* @neither */ WHERE a = $1
            """, rewritten.Text);
        Assert.Equal(["@a"], rewritten.Names);
    }

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("COMMIT")]
    [InlineData("UPDATE t SET a = @a; UPDATE u SET b = @b")]
    public void AStatementWithoutPlaceholders_OrMoreThanOne_IsNotRewritten(string sql) => Assert.Null(PositionalPlaceholders.Rewrite(sql));

    [Fact]
    public void ATrailingSemicolon_IsOneStatement()
    {
        var rewritten = PositionalPlaceholders.Rewrite("DELETE FROM t WHERE a = @a;\n");

        Assert.NotNull(rewritten);
        Assert.Equal("DELETE FROM t WHERE a = $1;\n", rewritten.Text);
    }

    [Fact]
    public void TheSameText_IsRewrittenOnce_AndServedFromWhatWasKept()
    {
        var placeholders = new PositionalPlaceholders();
        var sql = string.Concat("SELECT * FROM t WHERE a = ", "@a");

        Assert.Same(placeholders.For(sql), placeholders.For(string.Concat("SELECT * FROM t WHERE a = ", "@a")));
    }
}
