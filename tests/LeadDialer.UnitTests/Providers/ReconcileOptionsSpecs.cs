using LeadDialer.ProviderGateway.Reconciliation;

namespace LeadDialer.UnitTests.Providers;

public sealed class ReconcileOptionsSpecs
{
    [Fact]
    public void A_call_is_first_asked_about_a_grace_period_after_the_longest_it_can_last()
    {
        var options = new ReconcileOptions();

        Assert.Equal(TimeSpan.FromMinutes(63), options.FirstAskAfter("retell"));
        Assert.Equal(TimeSpan.FromMinutes(13), options.FirstAskAfter("vapi"));
    }

    [Fact]
    public void A_configured_maximum_or_a_fixed_delay_wins()
    {
        var options = new ReconcileOptions { MaxCallLength = new(StringComparer.OrdinalIgnoreCase) { ["retell"] = TimeSpan.FromMinutes(5) } };
        Assert.Equal(TimeSpan.FromMinutes(8), options.FirstAskAfter("retell"));

        options.After = TimeSpan.FromSeconds(30);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FirstAskAfter("retell"));
    }

    [Fact]
    public void Asking_again_backs_off_doubling_up_to_the_maximum()
    {
        var options = new ReconcileOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.NextAskAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(120), options.NextAskAfter(2));
        Assert.Equal(TimeSpan.FromMinutes(10), options.NextAskAfter(8));
        Assert.Equal(TimeSpan.FromMinutes(10), options.NextAskAfter(1000));
    }
}
