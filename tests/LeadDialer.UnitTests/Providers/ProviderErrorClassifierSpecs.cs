using System.Net.Sockets;
using LeadDialer.Contracts;
using LeadDialer.ProviderGateway.Calls;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace LeadDialer.UnitTests.Providers;

public class ProviderErrorClassifierSpecs
{
    public static TheoryData<Exception, string> Failures => new()
    {
        { new TimeoutRejectedException("timed out"), "Network or connection error" },
        { new TaskCanceledException("HttpClient.Timeout"), "Network or connection error" },
        { new HttpRequestException("Connection refused"), "Network or connection error" },
        { new SocketException(111), "Network or connection error" },
        { new BrokenCircuitException("open"), "Network or connection error" },
        { new ApiRequestException(new HttpRequestMessage(), HttpMethod.Post, new RefitSettings(), new HttpRequestException("Connection refused")), "Network or connection error" },
        { new InvalidOperationException("something else"), "Unknown error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Should_classify_an_unanswered_create_as_temporary(Exception exception, string reason)
    {
        var error = ProviderErrorClassifier.Classify(exception);

        Assert.Equal(ErrorKind.Temporary, error.Kind);
        Assert.Equal(reason, error.Reason);
    }
}
