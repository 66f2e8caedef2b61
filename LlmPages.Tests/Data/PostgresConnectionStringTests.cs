using LlmPages.Data;
using Npgsql;

namespace LlmPages.Tests.Data;

/// <summary>What the app adds to the PostgreSQL connection string it is given, and what it leaves as given.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void StatementsUsedAgainAndAgainArePreparedAndTheConnectionsAreNamed()
    {
        var used = new NpgsqlConnectionStringBuilder(new DatabaseOptions { ConnectionString = "Host=db;Username=app" }.GetPostgresConnectionString());

        Assert.Equal(64, used.MaxAutoPrepare);
        Assert.Equal("LlmPages", used.ApplicationName);
        Assert.Equal("db", used.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=10", 10)]
    public void AConnectionStringThatSaysHowManyStatementsToPrepareIsFollowed(string given, int prepared)
    {
        var used = new NpgsqlConnectionStringBuilder(new DatabaseOptions { ConnectionString = given }.GetPostgresConnectionString());

        Assert.Equal(prepared, used.MaxAutoPrepare);
    }
}
