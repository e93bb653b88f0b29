using Bunit;
using LeadDialer.Console.Components.Pages;
using LeadDialer.Console.Gateway;
using LeadDialer.UnitTests.Errors;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LeadDialer.UnitTests.Console;

/// <summary>The console's Quick Reference, rendered (bUnit): its error tables are the guide's, from the catalogue.</summary>
public sealed class QuickReferenceSpecs : IAsyncLifetime
{
    // MudBlazor's services are only asynchronously disposable: disposed through IAsyncLifetime.
    readonly BunitContext _context = new();

    public QuickReferenceSpecs()
    {
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
        _context.Services.AddMudServices();
        // The page asks the gateway only for the throughput calculator, which this spec does not press.
        _context.Services.AddSingleton(new GatewayClient(new HttpClient { BaseAddress = new Uri("http://gateway.invalid") }, new NobodySignedIn()));
    }

    [Fact]
    public void Should_render_every_row_of_the_guides_error_messages_quick_reference()
    {
        var page = _context.Render<QuickReference>();

        var rendered = new List<(string Table, string Reason, string Meaning, string WhatToDo)>();
        foreach (var table in page.FindAll("table"))
        {
            var header = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToArray();
            if (header is [var title, "What It Means", _] && title.EndsWith(')'))
            {
                rendered.AddRange(table.QuerySelectorAll("tbody tr")
                    .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())
                    .Select(cells => (title, cells[0], cells[1], cells[2])));
            }
        }

        var guide = GuideErrorsSpecs.QuickReferenceRows();
        Assert.Equal(
            guide.Select(r => (r.Kind == Contracts.ErrorKind.Permanent ? "Permanent Errors (Action Required)" : "Temporary Errors (Auto-Retry)", r.Reason, r.Meaning, r.WhatToDo)),
            rendered);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _context.DisposeAsync();
}
