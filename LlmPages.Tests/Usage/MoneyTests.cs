using LlmPages.Usage;

namespace LlmPages.Tests.Usage;

/// <summary>Estimated costs read as money: cents from a cent up, two significant digits below; the CSV keeps every digit.</summary>
[Trait(DatabaseFree.Trait, DatabaseFree.Value)]
public sealed class MoneyTests
{
    [Theory]
    [InlineData("1234.5678", "1,234.57", "1234.5678")]
    [InlineData("0.5", "0.50", "0.5")]
    [InlineData("0.01", "0.01", "0.01")]
    [InlineData("0", "0.00", "0")]
    [InlineData("0.004237", "0.0042", "0.004237")]
    [InlineData("0.000012345", "0.000012", "0.000012345")]
    [InlineData("0.0000000001", "0", "0.0000000001")]
    public void ACostIsShownAsMoneyAndKeptWholeInTheCsv(string value, string shown, string csv)
    {
        var cell = UsageTable.Cell.Money(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(shown, cell.Text);
        Assert.Equal(csv, cell.Csv);
    }

    [Fact]
    public void AnUnknownCostIsADash() => Assert.Equal("\u2014", UsageTable.Cell.Money(null).Text);
}
